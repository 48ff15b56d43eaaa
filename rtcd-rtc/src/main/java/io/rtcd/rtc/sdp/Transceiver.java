package io.rtcd.rtc.sdp;

import java.util.Objects;

/**
 * One RTP m= section the SFU offers (RFC 8829 §5.2.1), as input to {@link SdpOfferBuilder}.
 *
 * @param mid the section's mid; keep it stable across renegotiations (RFC 8829 §5.2.2)
 * @param kind audio or video
 * @param direction our direction, e.g. sendonly for a forwarded track
 * @param sender what we send (msid and SSRC), or null when not sending
 * @param stopped true to offer the section with port 0 (a removed track, RFC 8829 §5.2.2)
 */
public record Transceiver(String mid, MediaKind kind, Direction direction, Sender sender, boolean stopped) {
    public Transceiver {
        Objects.requireNonNull(mid, "mid");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(direction, "direction");
        if (kind != MediaKind.AUDIO && kind != MediaKind.VIDEO) {
            throw new IllegalArgumentException("transceiver kind must be audio or video: " + kind);
        }
        if (direction.sends() && sender == null && !stopped) {
            throw new IllegalArgumentException("a sending transceiver needs a sender (mid " + mid + ")");
        }
    }

    /** A section carrying a forwarded track to the remote peer. */
    public static Transceiver sending(String mid, MediaKind kind, Sender sender) {
        return new Transceiver(mid, kind, Direction.SENDONLY, sender, false);
    }

    /** A section receiving from the remote peer. */
    public static Transceiver receiving(String mid, MediaKind kind) {
        return new Transceiver(mid, kind, Direction.RECVONLY, null, false);
    }

    /** A section whose track was removed. */
    public static Transceiver stopped(String mid, MediaKind kind) {
        return new Transceiver(mid, kind, Direction.INACTIVE, null, true);
    }

    /**
     * What a sending section announces: {@code a=msid} (RFC 8830 §2) and {@code a=ssrc} cname/msid (RFC 5576 §4.1).
     *
     * @param msid stream id (rtcd uses the sender's session id) and track id
     * @param ssrc the SSRC we send with
     * @param cname the RTCP CNAME (RFC 7022)
     */
    public record Sender(Msid msid, long ssrc, String cname) {
        public Sender {
            Objects.requireNonNull(msid, "msid");
            Objects.requireNonNull(cname, "cname");
            if (ssrc < 0 || ssrc > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("ssrc out of range 0..4294967295: " + ssrc);
            }
        }
    }
}
