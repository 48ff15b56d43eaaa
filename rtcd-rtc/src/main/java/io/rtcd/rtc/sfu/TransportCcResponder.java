package io.rtcd.rtc.sfu;

import io.rtcd.rtc.rtp.PacketBuffer;
import io.rtcd.rtc.rtp.TransportCcFeedback;
import io.rtcd.rtc.rtp.TransportCcFeedbackWriter;
import java.util.Arrays;

/**
 * Transport-wide congestion control feedback to one publisher (draft-holmer-rmcat-transport-wide-cc-extensions-01
 * §3.1), so a browser's send-side bandwidth estimate can ramp: the arrival time of every packet carrying the
 * transport-wide sequence number extension is recorded on ingress, and at most every {@link #INTERVAL_NANOS} the
 * statuses since the last feedback are written with {@link TransportCcFeedbackWriter}.
 *
 * <p>Not thread-safe: one per session, used by its serial executor. No allocation per packet or feedback. The
 * window and the writer's scratch (~55 KB) are allocated on the first packet that carries the extension, so a
 * participant that only listens pays a few bytes for this object.
 */
final class TransportCcResponder {
    /** Feedback interval (libwebrtc sends about every 50-100 ms). */
    static final long INTERVAL_NANOS = 50_000_000L;

    private static final int WINDOW = TransportCcFeedbackWriter.MAX_STATUSES;
    /** Statuses per feedback: at most ~1 KB of chunks and deltas, so it fits one pooled buffer without growing. */
    private static final int MAX_PER_FEEDBACK = 400;

    private long[] arrivals;
    private long[] statuses;
    private TransportCcFeedbackWriter writer;
    private PacketBuffer out;
    private boolean started;
    private int lastSeq;
    private long cycles;
    private long base;
    private long highest;
    private long nextFeedback;
    private int feedbackCount;

    /** Records the arrival of transport-wide sequence number {@code seq16} (16 bits on the wire). */
    void received(int seq16, long nowNanos) {
        long ext;
        if (!started) {
            allocate();
            started = true;
            lastSeq = seq16;
            ext = seq16;
            base = ext;
            highest = ext;
            nextFeedback = nowNanos;
        } else {
            int d = (seq16 - lastSeq) & 0xFFFF;
            if (d < 0x8000) {
                if (seq16 < lastSeq) {
                    cycles += 0x10000;
                }
                lastSeq = seq16;
                ext = cycles + seq16;
            } else {
                ext = cycles + seq16 - (seq16 > lastSeq ? 0x10000 : 0);
            }
        }
        if (ext < base) {
            return; // reported already (late or duplicate)
        }
        if (ext - base >= WINDOW) {
            long newBase = ext - WINDOW + 1;
            for (long s = base; s < newBase && s <= highest; s++) {
                arrivals[(int) (s & (WINDOW - 1))] = TransportCcFeedback.NOT_RECEIVED;
            }
            base = newBase;
        }
        arrivals[(int) (ext & (WINDOW - 1))] = nowNanos / 1000;
        if (ext > highest) {
            highest = ext;
        }
    }

    /** Once, on the first recorded packet: the window, the per-feedback statuses and the writer's scratch. */
    private void allocate() {
        arrivals = new long[WINDOW];
        Arrays.fill(arrivals, TransportCcFeedback.NOT_RECEIVED);
        statuses = new long[MAX_PER_FEEDBACK];
        writer = new TransportCcFeedbackWriter();
        out = PacketBuffer.copyOf(new byte[1200], 0, 1200);
    }

    /** A feedback is due: packets were recorded since the last one and the interval has passed. */
    boolean due(long nowNanos) {
        return started && highest >= base && nowNanos - nextFeedback >= 0;
    }

    /**
     * Writes one feedback packet at {@code o[p]} (the caller guarantees 1200 bytes of room).
     *
     * @return bytes written, 0 if nothing was to report
     */
    int write(byte[] o, int p, long senderSsrc, long mediaSsrc, long nowNanos) {
        nextFeedback = nowNanos + INTERVAL_NANOS;
        int count = (int) Math.min(MAX_PER_FEEDBACK, highest - base + 1);
        for (int i = 0; i < count; i++) {
            statuses[i] = arrivals[(int) ((base + i) & (WINDOW - 1))];
        }
        out.setLength(0);
        int covered = writer.write(out, senderSsrc, mediaSsrc, (int) (base & 0xFFFF), statuses, count, feedbackCount);
        if (covered <= 0) {
            return 0;
        }
        feedbackCount = (feedbackCount + 1) & 0xFF;
        for (int i = 0; i < covered; i++) {
            arrivals[(int) ((base + i) & (WINDOW - 1))] = TransportCcFeedback.NOT_RECEIVED;
        }
        base += covered;
        int n = out.getLength();
        System.arraycopy(out.getBuffer(), out.getOffset(), o, p, n);
        return n;
    }
}
