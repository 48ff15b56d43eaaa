package io.rtcd.rtc.rtp;

/**
 * The common RTCP header (RFC 3550 §6.4.1) and packet type numbers. Offsets are of one RTCP packet inside a
 * compound; accessors assume the compound validated with {@link RtcpValidator#validateCompound}.
 *
 * <pre>
 * |V=2|P|  RC/FMT |      PT       |             length            |
 * |                  SSRC of sender / packet sender               |
 * </pre>
 */
public final class RtcpHeader {
    /** Sender report, RFC 3550 §6.4.1. */
    public static final int SR = 200;
    /** Receiver report, RFC 3550 §6.4.2. */
    public static final int RR = 201;
    /** Source description, RFC 3550 §6.5. */
    public static final int SDES = 202;
    /** Goodbye, RFC 3550 §6.6. */
    public static final int BYE = 203;
    /** Application-defined, RFC 3550 §6.7. */
    public static final int APP = 204;
    /** Transport-layer feedback, RFC 4585 §6.2. */
    public static final int RTPFB = 205;
    /** Payload-specific feedback, RFC 4585 §6.3. */
    public static final int PSFB = 206;
    /** Extended reports, RFC 3611. */
    public static final int XR = 207;

    /** Size of the header including the sender SSRC. */
    public static final int LENGTH = 8;

    private RtcpHeader() {}

    public static int version(byte[] buf, int off) {
        return (buf[off] & 0xC0) >>> 6;
    }

    public static boolean hasPadding(byte[] buf, int off) {
        return (buf[off] & 0x20) != 0;
    }

    /** Reception report count, source count or feedback message type (FMT), by packet type. */
    public static int count(byte[] buf, int off) {
        return buf[off] & 0x1F;
    }

    public static int packetType(byte[] buf, int off) {
        return buf[off + 1] & 0xFF;
    }

    /** The length field: packet length in 32-bit words minus one. */
    public static int lengthWords(byte[] buf, int off) {
        return Bytes.u16(buf, off + 2);
    }

    /** Packet length in bytes, header and padding included. */
    public static int packetLength(byte[] buf, int off) {
        return (lengthWords(buf, off) + 1) * 4;
    }

    /** SSRC of the sender (SR, RR, RTPFB, PSFB) or of the first chunk/source (SDES, BYE). */
    public static long senderSsrc(byte[] buf, int off) {
        return Bytes.u32(buf, off + 4);
    }

    public static void setSenderSsrc(byte[] buf, int off, long ssrc) {
        Bytes.put32(buf, off + 4, ssrc);
    }

    static void write(byte[] buf, int off, int count, int packetType, int lengthBytes) {
        buf[off] = (byte) (0x80 | (count & 0x1F));
        buf[off + 1] = (byte) packetType;
        Bytes.put16(buf, off + 2, lengthBytes / 4 - 1);
    }
}
