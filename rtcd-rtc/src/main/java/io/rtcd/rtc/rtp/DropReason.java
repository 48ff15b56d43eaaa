package io.rtcd.rtc.rtp;

/**
 * Why a validator rejected an RTP or RTCP packet. Malformed packets are counted drops, never exceptions; stages can
 * keep one counter per constant.
 */
public enum DropReason {
    /** The packet is acceptable. */
    NONE,
    /** Shorter than the fixed header or than a length field says. */
    TRUNCATED,
    /** Version field is not 2 (RFC 3550 §5.1, §6.4.1). */
    BAD_VERSION,
    /** The CSRC list runs past the packet (RFC 3550 §5.1 CC field). */
    CSRC_OVERFLOW,
    /** The header extension or one of its elements runs past its bounds (RFC 3550 §5.3.1, RFC 8285 §4). */
    BAD_EXTENSION_LENGTH,
    /** The padding count is zero or larger than the room after the header (RFC 3550 §5.1 P bit, §6.4.1). */
    PADDING_OVERFLOW,
    /** An RTCP length field does not match the compound packet (RFC 3550 §6.4.1, A.2). */
    BAD_RTCP_LENGTH,
    /** Padding bit set on an RTCP packet that is not the last of its compound (RFC 3550 A.2). */
    BAD_RTCP_PADDING,
    /** A full compound RTCP packet must start with SR or RR (RFC 3550 §6.1, A.2; RFC 5506 relaxes it). */
    BAD_RTCP_FIRST_PACKET,
    /** An RTCP packet body is shorter than its type and count require. */
    BAD_RTCP_BODY
}
