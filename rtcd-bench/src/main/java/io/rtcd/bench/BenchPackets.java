package io.rtcd.bench;

import java.util.Arrays;
import org.jitsi.utils.ByteArrayBuffer;

/** Plain RTP packets for the benchmarks (RFC 3550 §5.1, RFC 8285 §4.2), built once at set-up time. */
final class BenchPackets {
    /** Opus payload type as negotiated by browsers. */
    static final int OPUS_PT = 111;

    private BenchPackets() {}

    /** A 12-byte header (V=2, PT 111, no extension) followed by {@code payload} bytes of filler. */
    static byte[] rtp(int seq, long ts, long ssrc, int payload) {
        byte[] p = new byte[12 + payload];
        header(p, seq, ts, ssrc, false);
        for (int i = 12; i < p.length; i++) {
            p[i] = (byte) (i * 31);
        }
        return p;
    }

    /**
     * A packet with a one-byte extension block of three elements as a browser sends Opus: ssrc-audio-level (id 1, 1
     * byte), abs-send-time (id 2, 3 bytes), sdes:mid (id 3, 1 byte), then {@code payload} bytes.
     */
    static byte[] rtpWithExtensions(int seq, long ts, long ssrc, int payload) {
        int ext = 4 + 12; // header + (2 + 4 + 2 = 8 bytes of elements, padded to 12)
        byte[] p = new byte[12 + ext + payload];
        header(p, seq, ts, ssrc, true);
        int q = 12;
        p[q] = (byte) 0xBE;
        p[q + 1] = (byte) 0xDE;
        p[q + 2] = 0;
        p[q + 3] = 3; // 3 words
        q += 4;
        p[q++] = (byte) (1 << 4); // audio level, 1 byte
        p[q++] = (byte) (0x80 | 40);
        p[q++] = (byte) ((2 << 4) | 2); // abs-send-time, 3 bytes
        p[q++] = 0x12;
        p[q++] = 0x34;
        p[q++] = 0x56;
        p[q++] = (byte) (3 << 4); // mid "0", 1 byte
        p[q++] = '0';
        // 4 zero padding bytes follow (RFC 8285 §4.2)
        for (int i = 12 + ext; i < p.length; i++) {
            p[i] = (byte) (i * 31);
        }
        return p;
    }

    private static void header(byte[] p, int seq, long ts, long ssrc, boolean extension) {
        p[0] = (byte) (0x80 | (extension ? 0x10 : 0));
        p[1] = (byte) OPUS_PT;
        p[2] = (byte) (seq >>> 8);
        p[3] = (byte) seq;
        put32(p, 4, ts);
        put32(p, 8, ssrc);
    }

    static void put32(byte[] b, int off, long v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    static byte[] copyOut(ByteArrayBuffer b) {
        return Arrays.copyOfRange(b.getBuffer(), b.getOffset(), b.getOffset() + b.getLength());
    }
}
