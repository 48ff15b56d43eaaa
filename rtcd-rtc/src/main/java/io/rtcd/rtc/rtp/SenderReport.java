package io.rtcd.rtc.rtp;

/** Sender report fields, RFC 3550 §6.4.1. {@code off} is the offset of the SR packet. */
public final class SenderReport {
    /** Header, sender SSRC and sender info, before the report blocks. */
    public static final int LENGTH = 28;

    private SenderReport() {}

    public static long ssrc(byte[] buf, int off) {
        return Bytes.u32(buf, off + 4);
    }

    /** The 64-bit NTP timestamp (seconds since 1900 in the upper 32 bits, fraction in the lower). */
    public static long ntpTimestamp(byte[] buf, int off) {
        return (Bytes.u32(buf, off + 8) << 32) | Bytes.u32(buf, off + 12);
    }

    /** The middle 32 bits of the NTP timestamp, echoed as LSR in report blocks (RFC 3550 §6.4.1). */
    public static long compactNtp(byte[] buf, int off) {
        return (ntpTimestamp(buf, off) >>> 16) & 0xFFFF_FFFFL;
    }

    public static long rtpTimestamp(byte[] buf, int off) {
        return Bytes.u32(buf, off + 16);
    }

    public static long packetCount(byte[] buf, int off) {
        return Bytes.u32(buf, off + 20);
    }

    public static long octetCount(byte[] buf, int off) {
        return Bytes.u32(buf, off + 24);
    }

    public static int reportCount(byte[] buf, int off) {
        return RtcpHeader.count(buf, off);
    }

    public static int blockOffset(int off, int index) {
        return off + LENGTH + ReportBlock.LENGTH * index;
    }
}
