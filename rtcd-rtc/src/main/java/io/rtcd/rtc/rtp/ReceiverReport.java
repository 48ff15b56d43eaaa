package io.rtcd.rtc.rtp;

/** Receiver report fields, RFC 3550 §6.4.2. {@code off} is the offset of the RR packet. */
public final class ReceiverReport {
    /** Header and reporter SSRC, before the report blocks. */
    public static final int LENGTH = 8;

    private ReceiverReport() {}

    public static long ssrc(byte[] buf, int off) {
        return Bytes.u32(buf, off + 4);
    }

    public static int reportCount(byte[] buf, int off) {
        return RtcpHeader.count(buf, off);
    }

    public static int blockOffset(int off, int index) {
        return off + LENGTH + ReportBlock.LENGTH * index;
    }
}
