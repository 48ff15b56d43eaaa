package io.rtcd.rtc.rtp;

/** What a datagram on the shared ICE 5-tuple carries, per the first byte (RFC 7983 §7). */
public enum PacketKind {
    /** First byte 0..3 (RFC 5389 / RFC 8489). */
    STUN,
    /** First byte 16..19 (RFC 6189). */
    ZRTP,
    /** First byte 20..63 (RFC 6347 / RFC 9147 content types). */
    DTLS,
    /** First byte 64..79, TURN ChannelData (RFC 8656 §12). */
    TURN_CHANNEL,
    /** First byte 128..191 with a second byte outside 192..223. */
    RTP,
    /** First byte 128..191 with a second byte (payload type) 192..223 (RFC 5761 §4). */
    RTCP,
    /** Empty, or a first byte in no range above. */
    UNKNOWN
}
