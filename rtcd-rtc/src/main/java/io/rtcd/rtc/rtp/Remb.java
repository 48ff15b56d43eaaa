package io.rtcd.rtc.rtp;

/**
 * Receiver estimated maximum bitrate, draft-alvestrand-rmcat-remb-03 §2.2: a PSFB/AFB message (FMT 15, media SSRC
 * 0) whose FCI is "REMB", Num SSRC (8), BR Exp (6), BR Mantissa (18), then Num SSRC SSRCs. {@code off} is the
 * packet offset.
 */
public final class Remb {
    private static final int FCI = RtcpFeedback.LENGTH;

    private Remb() {}

    /** True for a PSFB/AFB packet carrying the "REMB" identifier with room for its SSRC list. */
    public static boolean isRemb(byte[] buf, int off, int len) {
        if (RtcpHeader.packetType(buf, off) != RtcpHeader.PSFB
                || RtcpFeedback.format(buf, off) != RtcpFeedback.FMT_AFB
                || len < FCI + 8) {
            return false;
        }
        boolean id = buf[off + FCI] == 'R'
                && buf[off + FCI + 1] == 'E'
                && buf[off + FCI + 2] == 'M'
                && buf[off + FCI + 3] == 'B';
        return id && len >= FCI + 8 + 4 * ssrcCount(buf, off);
    }

    public static int ssrcCount(byte[] buf, int off) {
        return Bytes.u8(buf, off + FCI + 4);
    }

    /** The bitrate in bits per second, mantissa * 2^exp, saturated at Long.MAX_VALUE. */
    public static long bitrate(byte[] buf, int off) {
        int exp = (buf[off + FCI + 5] & 0xFC) >>> 2;
        long mantissa = ((buf[off + FCI + 5] & 0x03L) << 16) | Bytes.u16(buf, off + FCI + 6);
        if (mantissa != 0 && exp > Long.numberOfLeadingZeros(mantissa) - 1) {
            return Long.MAX_VALUE;
        }
        return mantissa << exp;
    }

    public static long ssrc(byte[] buf, int off, int index) {
        return Bytes.u32(buf, off + FCI + 8 + 4 * index);
    }
}
