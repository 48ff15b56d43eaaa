package io.rtcd.rtc.rtp;

/**
 * Common layout of RTCP feedback messages, RFC 4585 §6.1: header with FMT in the count field, SSRC of the packet
 * sender, SSRC of the media source, then the FCI. {@code off} is the packet offset.
 */
public final class RtcpFeedback {
    /** RTPFB FMT: generic NACK, RFC 4585 §6.2.1. */
    public static final int FMT_NACK = 1;
    /** RTPFB FMT: transport-wide congestion control (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1). */
    public static final int FMT_TRANSPORT_CC = 15;
    /** PSFB FMT: picture loss indication, RFC 4585 §6.3.1. */
    public static final int FMT_PLI = 1;
    /** PSFB FMT: full intra request, RFC 5104 §4.3.1. */
    public static final int FMT_FIR = 4;
    /** PSFB FMT: application layer feedback, RFC 4585 §6.4 (REMB). */
    public static final int FMT_AFB = 15;

    /** Header, sender SSRC and media source SSRC. */
    public static final int LENGTH = 12;

    private RtcpFeedback() {}

    public static int format(byte[] buf, int off) {
        return RtcpHeader.count(buf, off);
    }

    public static long mediaSsrc(byte[] buf, int off) {
        return Bytes.u32(buf, off + 8);
    }

    public static void setMediaSsrc(byte[] buf, int off, long ssrc) {
        Bytes.put32(buf, off + 8, ssrc);
    }

    public static boolean isNack(byte[] buf, int off) {
        return RtcpHeader.packetType(buf, off) == RtcpHeader.RTPFB && format(buf, off) == FMT_NACK;
    }

    public static boolean isPli(byte[] buf, int off) {
        return RtcpHeader.packetType(buf, off) == RtcpHeader.PSFB && format(buf, off) == FMT_PLI;
    }

    public static boolean isFir(byte[] buf, int off) {
        return RtcpHeader.packetType(buf, off) == RtcpHeader.PSFB && format(buf, off) == FMT_FIR;
    }

    /**
     * Points a PLI or FIR at another media source in place, e.g. when forwarding a subscriber's keyframe request to
     * the publisher: PLI carries the source in the media SSRC field (RFC 4585 §6.3.1); FIR sets that field to 0 and
     * names the source in each FCI entry (RFC 5104 §4.3.1.2), so every entry is rewritten.
     *
     * @param len the packet length in bytes
     * @return false when the packet is neither PLI nor FIR
     */
    public static boolean setKeyframeRequestTarget(byte[] buf, int off, int len, long ssrc) {
        if (isPli(buf, off)) {
            setMediaSsrc(buf, off, ssrc);
            return true;
        }
        if (isFir(buf, off)) {
            int n = Fir.entryCount(buf, off, len);
            for (int i = 0; i < n; i++) {
                Fir.setSsrc(buf, off, i, ssrc);
            }
            return true;
        }
        return false;
    }
}
