package io.rtcd.rtc.rtp;

/**
 * Validity checks for a received compound RTCP packet, RFC 3550 §6.4.1 and Appendix A.2, returning a
 * {@link DropReason} instead of throwing:
 *
 * <ul>
 *   <li>every packet has version 2 and a length that fits; the lengths add up to the datagram exactly;</li>
 *   <li>only the last packet may set the padding bit, and its padding count is 1..(body) bytes;</li>
 *   <li>the first packet is SR or RR, unless reduced-size RTCP was negotiated (RFC 5506 §3.1);</li>
 *   <li>each packet is long enough for its type: SR 28 + 24·RC, RR 8 + 24·RC, BYE 4 + 4·SC, RTPFB/PSFB 12 (RFC 4585
 *       §6.1), SDES chunks well-formed (RFC 3550 §6.5).</li>
 * </ul>
 */
public final class RtcpValidator {
    private RtcpValidator() {}

    public static DropReason validateCompound(byte[] buf, int off, int len, boolean reducedSizeAllowed) {
        if (len < 4) {
            return DropReason.TRUNCATED;
        }
        int pos = off;
        int end = off + len;
        boolean first = true;
        while (pos < end) {
            if (end - pos < 4) {
                return DropReason.BAD_RTCP_LENGTH;
            }
            if (RtcpHeader.version(buf, pos) != 2) {
                return DropReason.BAD_VERSION;
            }
            int pt = RtcpHeader.packetType(buf, pos);
            if (first && !reducedSizeAllowed && pt != RtcpHeader.SR && pt != RtcpHeader.RR) {
                return DropReason.BAD_RTCP_FIRST_PACKET;
            }
            int l = RtcpHeader.packetLength(buf, pos);
            if (l > end - pos) {
                return DropReason.BAD_RTCP_LENGTH;
            }
            int bodyEnd = l;
            if (RtcpHeader.hasPadding(buf, pos)) {
                if (pos + l != end) {
                    return DropReason.BAD_RTCP_PADDING;
                }
                int pad = Bytes.u8(buf, pos + l - 1);
                if (pad == 0 || pad > l - 4) {
                    return DropReason.PADDING_OVERFLOW;
                }
                bodyEnd = l - pad;
            }
            DropReason body = validateBody(buf, pos, bodyEnd, pt);
            if (body != DropReason.NONE) {
                return body;
            }
            first = false;
            pos += l;
        }
        return DropReason.NONE;
    }

    private static DropReason validateBody(byte[] buf, int pos, int len, int pt) {
        int count = RtcpHeader.count(buf, pos);
        int min = switch (pt) {
            case RtcpHeader.SR -> 28 + 24 * count;
            case RtcpHeader.RR -> 8 + 24 * count;
            case RtcpHeader.BYE -> 4 + 4 * count;
            case RtcpHeader.RTPFB, RtcpHeader.PSFB -> 12;
            case RtcpHeader.APP -> 12;
            default -> 4;
        };
        if (len < min) {
            return DropReason.BAD_RTCP_BODY;
        }
        if (pt == RtcpHeader.SDES && !Sdes.chunksFit(buf, pos, len)) {
            return DropReason.BAD_RTCP_BODY;
        }
        return DropReason.NONE;
    }
}
