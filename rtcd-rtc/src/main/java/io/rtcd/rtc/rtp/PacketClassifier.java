package io.rtcd.rtc.rtp;

/**
 * Demultiplexes STUN, DTLS, RTP and RTCP arriving on one socket (RFC 7983 §7, which updates RFC 5764 §5.1.2), and
 * RTP from RTCP under rtcp-mux by the second byte (RFC 5761 §4: RTCP packet types 200..206 and the reserved
 * 192..223 range, i.e. RTP payload types 64..95 with the marker bit, are never used for RTP). Stateless, no
 * allocation.
 */
public final class PacketClassifier {
    private PacketClassifier() {}

    public static PacketKind classify(byte[] buf, int off, int len) {
        if (len < 1) {
            return PacketKind.UNKNOWN;
        }
        int b = buf[off] & 0xFF;
        if (b <= 3) {
            return PacketKind.STUN;
        }
        if (b >= 16 && b <= 19) {
            return PacketKind.ZRTP;
        }
        if (b >= 20 && b <= 63) {
            return PacketKind.DTLS;
        }
        if (b >= 64 && b <= 79) {
            return PacketKind.TURN_CHANNEL;
        }
        if (b >= 128 && b <= 191) {
            if (len < 2) {
                return PacketKind.UNKNOWN;
            }
            int pt = buf[off + 1] & 0xFF;
            return pt >= 192 && pt <= 223 ? PacketKind.RTCP : PacketKind.RTP;
        }
        return PacketKind.UNKNOWN;
    }

    public static PacketKind classify(PacketBuffer p) {
        return classify(p.getBuffer(), p.getOffset(), p.getLength());
    }
}
