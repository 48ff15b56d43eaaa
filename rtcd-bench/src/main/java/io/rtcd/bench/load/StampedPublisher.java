package io.rtcd.bench.load;

import java.util.concurrent.locks.LockSupport;

/**
 * One publisher's send loop (thread {@code lg-pub-<i>}): Opus-like audio (PT 111, 960 samples per packet,
 * audio-level extension RFC 6464 with id 1) at {@code pps}, and with video a VP8-like stream (PT 96, RFC 7741
 * payload descriptor with the S bit on a frame's first packet, marker on its last, 90 kHz timestamps) at {@code fps}
 * frames of {@code packetsPerFrame} packets, a keyframe (3× the packets, P bit clear) every 2 s. Every payload ends with
 * a {@link StreamStamp}. Paced against absolute deadlines, so a late packet does not shift the following ones; stops on
 * {@link #stop()} or after {@code maxNanos}.
 */
final class StampedPublisher implements Runnable {
    private final BenchPeer peer;
    private final int publisher;
    private final long audioSsrc;
    private final long videoSsrc;
    private final long audioPeriod;
    private final int audioPayload;
    private final boolean video;
    private final long framePeriod;
    private final int fps;
    private final int videoPayload;
    private final int packetsPerFrame;
    private final long maxNanos;
    private final byte[] packet = new byte[1500];
    private volatile boolean stop;
    private volatile int audioSent;
    private volatile int videoSent;
    private volatile int failures;

    StampedPublisher(BenchPeer peer, int publisher, long audioSsrc, long videoSsrc, LoadOptions o, long maxNanos) {
        this.peer = peer;
        this.publisher = publisher;
        this.audioSsrc = audioSsrc;
        this.videoSsrc = videoSsrc;
        this.audioPeriod = 1_000_000_000L / o.pps();
        this.audioPayload = o.payload();
        this.video = o.video();
        this.fps = o.videoFps();
        this.framePeriod = 1_000_000_000L / o.videoFps();
        this.videoPayload = o.videoPacket();
        this.packetsPerFrame = o.videoPacketsPerFrame();
        this.maxNanos = maxNanos;
    }

    @Override
    public void run() {
        long start = System.nanoTime();
        int audioN = 0;
        int frameN = 0;
        int videoN = 0;
        while (!stop && !Thread.currentThread().isInterrupted()) {
            long nextAudio = start + audioN * audioPeriod;
            long nextVideo = video ? start + frameN * framePeriod : Long.MAX_VALUE;
            long due = Math.min(nextAudio, nextVideo);
            if (due - start > maxNanos) {
                return;
            }
            for (int spins = 0; spins < 1000 && due - System.nanoTime() > 0 && !stop; spins++) {
                LockSupport.parkNanos(due - System.nanoTime());
            }
            if (nextAudio <= nextVideo) {
                sendAudio(audioN);
                audioN++;
                audioSent = audioN;
            } else {
                boolean key = frameN % (2 * fps) == 0;
                int packets = key ? 3 * packetsPerFrame : packetsPerFrame;
                for (int i = 0; i < packets; i++) {
                    sendVideo(videoN, frameN, i == 0, i == packets - 1, key);
                    videoN++;
                }
                frameN++;
                videoSent = videoN;
            }
        }
    }

    private void sendAudio(int n) {
        int len = header(BenchSdp.OPUS_PT, false, n, 960L * n, audioSsrc, true) + audioPayload;
        fill(20, len, n);
        StreamStamp.write(packet, len, StreamStamp.AUDIO, publisher, n, System.nanoTime());
        if (!peer.sendRtp(packet, len)) {
            failures++;
        }
    }

    private void sendVideo(int n, int frame, boolean first, boolean last, boolean keyframe) {
        int at = header(BenchSdp.VP8_PT, last, n, 90_000L / fps * frame, videoSsrc, false);
        int len = at + videoPayload;
        fill(at, len, n);
        // RFC 7741 §4.2 descriptor: X=0, N=0, S=first, PID=0; §4.3 payload header: P bit 0 = keyframe.
        packet[at] = (byte) (first ? 0x10 : 0x00);
        if (first) {
            packet[at + 1] = (byte) (keyframe ? 0x00 : 0x01);
        }
        StreamStamp.write(packet, len, StreamStamp.VIDEO, publisher, n, System.nanoTime());
        if (!peer.sendRtp(packet, len)) {
            failures++;
        }
    }

    /** RTP header (RFC 3550 §5.1) and, for audio, the one-byte audio-level extension; returns the payload offset. */
    private int header(int pt, boolean marker, int seq, long ts, long ssrc, boolean audioLevel) {
        packet[0] = (byte) (0x80 | (audioLevel ? 0x10 : 0));
        packet[1] = (byte) ((marker ? 0x80 : 0) | pt);
        packet[2] = (byte) (seq >>> 8);
        packet[3] = (byte) seq;
        StreamStamp.putInt(packet, 4, (int) ts);
        StreamStamp.putInt(packet, 8, (int) ssrc);
        if (!audioLevel) {
            return 12;
        }
        // RFC 8285 one-byte header: 0xBEDE, length 1 word; id 1, len 0 (one byte): voice flag + level.
        packet[12] = (byte) 0xBE;
        packet[13] = (byte) 0xDE;
        packet[14] = 0;
        packet[15] = 1;
        packet[16] = (byte) (BenchSdp.AUDIO_LEVEL_ID << 4);
        packet[17] = (byte) (0x80 | (30 + seq % 40));
        packet[18] = 0;
        packet[19] = 0;
        return 20;
    }

    private void fill(int from, int to, int n) {
        for (int i = from; i < to; i++) {
            packet[i] = (byte) (n + i);
        }
    }

    void stop() {
        stop = true;
    }

    int audioSent() {
        return audioSent;
    }

    int videoSent() {
        return videoSent;
    }

    int failures() {
        return failures;
    }
}
