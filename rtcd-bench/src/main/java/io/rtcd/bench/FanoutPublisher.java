package io.rtcd.bench;

import io.rtcd.rtc.sfu.SfuTestPeer;
import io.rtcd.rtc.sfu.TestSdp;
import java.util.concurrent.locks.LockSupport;

/**
 * The publisher's send loop ({@code lg-publisher} thread): {@code total} Opus packets (PT 111, 960 samples apart,
 * audio-level extension id 1) at a fixed rate, each payload stamped with its number and the send
 * {@link System#nanoTime()} right before SRTP protection. Paced against absolute deadlines, so a late packet does not
 * shift the following ones; bounded by {@code total}.
 */
final class FanoutPublisher implements Runnable {
    private static final int AUDIO_LEVEL_ID = 1;
    /** Offset of the payload in {@link TestSdp#rtp} with the audio-level extension: 12 + 8. */
    private static final int PAYLOAD_OFFSET = 20;

    private final SfuTestPeer peer;
    private final long ssrc;
    private final long periodNanos;
    private final int payload;
    private final int total;
    private volatile int sent;
    private volatile int failures;

    FanoutPublisher(SfuTestPeer peer, long ssrc, int pps, int payload, int total) {
        this.peer = peer;
        this.ssrc = ssrc;
        this.periodNanos = 1_000_000_000L / pps;
        this.payload = payload;
        this.total = total;
    }

    @Override
    public void run() {
        long start = System.nanoTime();
        for (int n = 0; n < total; n++) {
            long due = start + n * periodNanos;
            for (int spins = 0; spins < 1000 && due - System.nanoTime() > 0; spins++) {
                LockSupport.parkNanos(due - System.nanoTime());
            }
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
            byte[] p = TestSdp.rtp(111, n & 0xFFFF, 960L * n, ssrc, AUDIO_LEVEL_ID, 30 + (n % 40), n, payload);
            FanoutCollector.putLong(p, PAYLOAD_OFFSET + 4, System.nanoTime());
            try {
                peer.sendRtp(p);
            } catch (IllegalStateException e) {
                failures++;
            }
            sent = n + 1;
        }
    }

    int sent() {
        return sent;
    }

    int failures() {
        return failures;
    }
}
