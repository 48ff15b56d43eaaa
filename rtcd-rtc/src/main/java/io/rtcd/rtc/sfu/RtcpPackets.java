package io.rtcd.rtc.sfu;

/**
 * The few RTCP packets the SFU writes and reads, allocation-free. Writers return the number of bytes written.
 * Adapter: the {@code rtp} package's RTCP codecs were not committed when this was written.
 */
final class RtcpPackets {
    static final int SR = 200;
    static final int RR = 201;
    static final int PSFB = 206;
    static final int FMT_PLI = 1;
    static final int FMT_FIR = 4;
    static final int PLI_BYTES = 12;
    static final int EMPTY_RR_BYTES = 8;
    static final int SR_BYTES = 28;
    static final int RR_BYTES = 32;

    /** Seconds between 1900-01-01 (NTP era 0) and 1970-01-01. */
    private static final long NTP_EPOCH_OFFSET = 2_208_988_800L;

    private RtcpPackets() {}

    private static void header(byte[] o, int p, int countOrFmt, int pt, int bytes) {
        o[p] = (byte) (0x80 | countOrFmt);
        o[p + 1] = (byte) pt;
        RtpView.put16(o, p + 2, bytes / 4 - 1);
    }

    /** RR without report blocks (RFC 3550 §6.4.2): leads a compound packet (§6.1). */
    static int writeEmptyRr(byte[] o, int p, long senderSsrc) {
        header(o, p, 0, RR, EMPTY_RR_BYTES);
        RtpView.put32(o, p + 4, senderSsrc);
        return EMPTY_RR_BYTES;
    }

    /** Picture Loss Indication, RFC 4585 §6.3.1. */
    static int writePli(byte[] o, int p, long senderSsrc, long mediaSsrc) {
        header(o, p, FMT_PLI, PSFB, PLI_BYTES);
        RtpView.put32(o, p + 4, senderSsrc);
        RtpView.put32(o, p + 8, mediaSsrc);
        return PLI_BYTES;
    }

    /** Sender report without report blocks, RFC 3550 §6.4.1. */
    static int writeSr(byte[] o, int p, long ssrc, long wallMillis, long rtpTs, long packets, long octets) {
        header(o, p, 0, SR, SR_BYTES);
        RtpView.put32(o, p + 4, ssrc);
        long seconds = wallMillis / 1000 + NTP_EPOCH_OFFSET;
        long fraction = ((wallMillis % 1000) << 32) / 1000;
        RtpView.put32(o, p + 8, seconds);
        RtpView.put32(o, p + 12, fraction);
        RtpView.put32(o, p + 16, rtpTs);
        RtpView.put32(o, p + 20, packets);
        RtpView.put32(o, p + 24, octets);
        return SR_BYTES;
    }

    /** Receiver report with one report block, RFC 3550 §6.4.2 (jitter, LSR, DLSR left 0: basic). */
    static int writeRr(
            byte[] o, int p, long senderSsrc, long sourceSsrc, int fractionLost, long cumulativeLost, long extSeq) {
        header(o, p, 1, RR, RR_BYTES);
        RtpView.put32(o, p + 4, senderSsrc);
        RtpView.put32(o, p + 8, sourceSsrc);
        RtpView.put32(o, p + 12, ((long) (fractionLost & 0xFF) << 24) | (cumulativeLost & 0xFFFFFF));
        RtpView.put32(o, p + 16, extSeq);
        RtpView.put32(o, p + 20, 0);
        RtpView.put32(o, p + 24, 0);
        RtpView.put32(o, p + 28, 0);
        return RR_BYTES;
    }

    /** Packet type of the RTCP packet at {@code p}. */
    static int packetType(byte[] b, int p) {
        return b[p + 1] & 0xFF;
    }

    static int countOrFmt(byte[] b, int p) {
        return b[p] & 0x1F;
    }

    /** Byte length of the RTCP packet at {@code p}, or -1 if it does not fit before {@code end}. */
    static int packetLength(byte[] b, int p, int end) {
        if (p + 4 > end || RtpView.version(b, p) != 2) {
            return -1;
        }
        int n = (RtpView.u16(b, p + 2) + 1) * 4;
        return p + n <= end ? n : -1;
    }

    /**
     * The SSRC a PLI or FIR asks a keyframe of: the media source SSRC of a PLI (RFC 4585 §6.1), the first FCI entry's
     * SSRC of a FIR (RFC 5104 §4.3.1.1). -1 if the packet is neither or too short.
     */
    static long keyframeTarget(byte[] b, int p, int n) {
        if (packetType(b, p) != PSFB) {
            return -1;
        }
        int fmt = countOrFmt(b, p);
        if (fmt == FMT_PLI && n >= PLI_BYTES) {
            return RtpView.u32(b, p + 8);
        }
        if (fmt == FMT_FIR && n >= 20) {
            return RtpView.u32(b, p + 12);
        }
        return -1;
    }
}
