package io.rtcd.rtc.transport;

/**
 * Demultiplexing of a datagram received on the shared UDP port by its first byte, RFC 7983 §7 (updated by RFC 9443):
 *
 * <pre>
 *   [0..3]     STUN
 *   [16..19]   ZRTP        (not supported: dropped as garbage)
 *   [20..63]   DTLS
 *   [64..79]   TURN channel (not supported: dropped as garbage)
 *   [128..191] RTP / RTCP
 *   else       garbage
 * </pre>
 */
public enum PacketKind {
    STUN,
    DTLS,
    RTP,
    GARBAGE;

    /** Classifies by the first byte of the datagram (pass {@code buf[off]}). Allocation-free. */
    public static PacketKind classify(byte firstByte) {
        int b = firstByte & 0xFF;
        if (b <= 3) {
            return STUN;
        }
        if (b >= 20 && b <= 63) {
            return DTLS;
        }
        if (b >= 128 && b <= 191) {
            return RTP;
        }
        return GARBAGE;
    }

    /**
     * RTP versus RTCP once the datagram is known to be {@link #RTP}, RFC 5761 §4: RTCP packet types 192..223 (the
     * second byte, with the marker bit) never collide with the dynamic RTP payload types used by WebRTC.
     */
    public static boolean isRtcp(byte secondByte) {
        int pt = secondByte & 0xFF;
        return pt >= 192 && pt <= 223;
    }
}
