package io.rtcd.rtc.rtp;

/**
 * Wrap-around comparisons of RTP sequence numbers (16 bit) and timestamps (32 bit), serial number arithmetic as in
 * RFC 1982 §3.2 and RFC 3550 §A.1: {@code a} is newer than {@code b} when {@code (a - b) mod 2^n} is in
 * {@code (0, 2^(n-1))}.
 */
public final class SerialNumbers {
    private SerialNumbers() {}

    public static boolean isNewerSequence(int a, int b) {
        int d = (a - b) & 0xFFFF;
        return d != 0 && d < 0x8000;
    }

    /** Signed distance {@code a - b} in -32768..32767. */
    public static int sequenceDelta(int a, int b) {
        return (short) (a - b);
    }

    public static boolean isNewerTimestamp(long a, long b) {
        long d = (a - b) & 0xFFFF_FFFFL;
        return d != 0 && d < 0x8000_0000L;
    }
}
