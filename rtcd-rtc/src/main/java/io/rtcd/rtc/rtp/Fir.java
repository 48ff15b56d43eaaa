package io.rtcd.rtc.rtp;

/**
 * Full intra request, RFC 5104 §4.3.1: FCI entries of 8 bytes, the SSRC of the source asked for a decoder refresh and
 * an 8-bit command sequence number. {@code off} is the packet offset.
 */
public final class Fir {
    /** Size of one FCI entry. */
    public static final int ENTRY_LENGTH = 8;

    private Fir() {}

    public static int entryCount(byte[] buf, int off, int len) {
        return Math.max(0, (len - RtcpFeedback.LENGTH) / ENTRY_LENGTH);
    }

    public static long ssrc(byte[] buf, int off, int index) {
        return Bytes.u32(buf, off + RtcpFeedback.LENGTH + ENTRY_LENGTH * index);
    }

    public static void setSsrc(byte[] buf, int off, int index, long ssrc) {
        Bytes.put32(buf, off + RtcpFeedback.LENGTH + ENTRY_LENGTH * index, ssrc);
    }

    public static int sequenceNumber(byte[] buf, int off, int index) {
        return Bytes.u8(buf, off + RtcpFeedback.LENGTH + ENTRY_LENGTH * index + 4);
    }
}
