package io.rtcd.bench.load;

/**
 * The 16-byte stamp at the end of every load-generator RTP payload: {@code 0xB7}, stream kind (0 audio, 1 video),
 * publisher index (16 bits), packet counter of that stream (32 bits), {@link System#nanoTime()} right before SRTP
 * protection (64 bits, the load generator's own clock: publishers and listeners live in the same JVM). Placing it at
 * the end keeps it clear of codec payload headers (the VP8 descriptor) and of header extensions the SFU rewrites.
 */
final class StreamStamp {
    static final int SIZE = 16;
    static final int MAGIC = 0xB7;
    static final int AUDIO = 0;
    static final int VIDEO = 1;

    private StreamStamp() {}

    /** Writes the stamp into the last {@link #SIZE} bytes of {@code p[0, end)}. */
    static void write(byte[] p, int end, int kind, int publisher, int counter, long sentNanos) {
        int at = end - SIZE;
        p[at] = (byte) MAGIC;
        p[at + 1] = (byte) kind;
        p[at + 2] = (byte) (publisher >>> 8);
        p[at + 3] = (byte) publisher;
        putInt(p, at + 4, counter);
        putInt(p, at + 8, (int) (sentNanos >>> 32));
        putInt(p, at + 12, (int) sentNanos);
    }

    static boolean valid(byte[] p, int end) {
        return end >= SIZE && (p[end - SIZE] & 0xFF) == MAGIC && (p[end - SIZE + 1] & 0xFF) <= VIDEO;
    }

    static int kind(byte[] p, int end) {
        return p[end - SIZE + 1] & 0xFF;
    }

    static int publisher(byte[] p, int end) {
        return ((p[end - SIZE + 2] & 0xFF) << 8) | (p[end - SIZE + 3] & 0xFF);
    }

    static int counter(byte[] p, int end) {
        return getInt(p, end - SIZE + 4);
    }

    static long sentNanos(byte[] p, int end) {
        return ((long) getInt(p, end - SIZE + 8) << 32) | (getInt(p, end - SIZE + 12) & 0xFFFFFFFFL);
    }

    static void putInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    static int getInt(byte[] b, int off) {
        return ((b[off] & 0xFF) << 24) | ((b[off + 1] & 0xFF) << 16) | ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF);
    }
}
