package io.rtcd.rtc.sctp;

/**
 * Serial-number arithmetic for 32-bit TSNs (RFC 9260 §1.6, RFC 1982). Internally the association keeps TSNs
 * "unwrapped" as monotonically growing longs; the wire carries the low 32 bits.
 */
final class Tsn {
    private Tsn() {}

    /** Unwraps a wire TSN to the long closest to {@code reference}. */
    static long unwrap(long reference, int wire) {
        return reference + (wire - (int) reference);
    }

    /** Serial comparison of 16-bit stream sequence numbers: true when {@code a} is at or before {@code b}. */
    static boolean ssnAtOrBefore(int a, int b) {
        return ((b - a) & 0xFFFF) < 0x8000;
    }
}
