package io.rtcd.rtc.sctp.packet;

/** Big-endian (network order) field access used by every SCTP codec. Callers check bounds first. */
public final class WireBytes {
    private WireBytes() {}

    /** Reads an unsigned byte. */
    public static int u8(byte[] b, int off) {
        return b[off] & 0xFF;
    }

    /** Reads an unsigned 16-bit field. */
    public static int u16(byte[] b, int off) {
        return ((b[off] & 0xFF) << 8) | (b[off + 1] & 0xFF);
    }

    /** Reads a 32-bit field as a (possibly negative) int. */
    public static int i32(byte[] b, int off) {
        return ((b[off] & 0xFF) << 24) | ((b[off + 1] & 0xFF) << 16) | ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF);
    }

    /** Writes a 16-bit field. */
    public static void put16(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }

    /** Writes a 32-bit field. */
    public static void put32(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    /** Rounds a length up to the 4-byte boundary SCTP pads chunks and parameters to (RFC 9260 §3.2). */
    public static int padded(int len) {
        return (len + 3) & ~3;
    }
}
