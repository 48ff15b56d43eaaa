package io.rtcd.rtc.rtp;

/**
 * A reception report block (RFC 3550 §6.4.1), 24 bytes, inside an SR or RR. Offsets are absolute offsets of a block,
 * from {@link SenderReport#blockOffset} or {@link ReceiverReport#blockOffset}.
 */
public final class ReportBlock {
    /** Size of one block. */
    public static final int LENGTH = 24;

    private ReportBlock() {}

    /** SSRC of the source this block reports on. */
    public static long ssrc(byte[] buf, int block) {
        return Bytes.u32(buf, block);
    }

    /** Fraction lost since the previous report, in 1/256. */
    public static int fractionLost(byte[] buf, int block) {
        return Bytes.u8(buf, block + 4);
    }

    /** Cumulative number of packets lost: a signed 24-bit value (RFC 3550 §6.4.1, may be negative with duplicates). */
    public static int cumulativeLost(byte[] buf, int block) {
        int v = Bytes.u24(buf, block + 5);
        return (v << 8) >> 8;
    }

    /** Extended highest sequence number received (cycles in the upper 16 bits). */
    public static long highestSequence(byte[] buf, int block) {
        return Bytes.u32(buf, block + 8);
    }

    /** Interarrival jitter, in timestamp units. */
    public static long jitter(byte[] buf, int block) {
        return Bytes.u32(buf, block + 12);
    }

    /** Middle 32 bits of the NTP timestamp of the last SR received (LSR). */
    public static long lastSenderReport(byte[] buf, int block) {
        return Bytes.u32(buf, block + 16);
    }

    /** Delay since the last SR, in 1/65536 s (DLSR). */
    public static long delaySinceLastSenderReport(byte[] buf, int block) {
        return Bytes.u32(buf, block + 20);
    }

    static void write(
            byte[] buf,
            int block,
            long ssrc,
            int fractionLost,
            int cumulativeLost,
            long highestSequence,
            long jitter,
            long lsr,
            long dlsr) {
        Bytes.put32(buf, block, ssrc);
        buf[block + 4] = (byte) fractionLost;
        Bytes.put24(buf, block + 5, cumulativeLost & 0xFFFFFF);
        Bytes.put32(buf, block + 8, highestSequence);
        Bytes.put32(buf, block + 12, jitter);
        Bytes.put32(buf, block + 16, lsr);
        Bytes.put32(buf, block + 20, dlsr);
    }
}
