package io.rtcd.rtc.sdp;

import java.util.Objects;

/**
 * {@code a=extmap:<id>[/<direction>] <uri> [<extension attributes>]}, RFC 8285 §8.
 *
 * <p>IDs 1..14 fit the one-byte header form, 15..255 need the two-byte form (RFC 8285 §4.2, §4.3, §5), which a
 * sender may mix with one-byte elements only after {@code a=extmap-allow-mixed} (RFC 8285 §6).
 *
 * @param id the local identifier 1..255
 * @param direction the optional direction, or null
 * @param uri the extension URI
 * @param extensionAttributes optional trailing text, or null
 */
public record ExtMap(int id, Direction direction, String uri, String extensionAttributes) implements Attribute {
    public static final String AUDIO_LEVEL = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";
    public static final String SDES_MID = "urn:ietf:params:rtp-hdrext:sdes:mid";
    public static final String SDES_RTP_STREAM_ID = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";
    public static final String SDES_REPAIRED_RTP_STREAM_ID = "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id";
    public static final String ABS_SEND_TIME = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";
    public static final String TRANSPORT_CC =
            "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";

    public ExtMap {
        if (id < 1 || id > 255) {
            throw new IllegalArgumentException("extmap id out of range 1..255: " + id);
        }
        Objects.requireNonNull(uri, "uri");
        if (!SdpText.isToken(uri)) {
            throw new IllegalArgumentException("bad extmap uri");
        }
    }

    public static ExtMap of(int id, String uri) {
        return new ExtMap(id, null, uri, null);
    }

    /** True when the id does not fit the one-byte header form (RFC 8285 §4.2: 1..14). */
    public boolean requiresTwoByteHeader() {
        return id > 14;
    }

    @Override
    public String key() {
        return "extmap";
    }

    @Override
    public String value() {
        StringBuilder sb = new StringBuilder().append(id);
        if (direction != null) {
            sb.append('/').append(direction.key());
        }
        sb.append(' ').append(uri);
        if (extensionAttributes != null) {
            sb.append(' ').append(extensionAttributes);
        }
        return sb.toString();
    }

    static ExtMap parse(String value) {
        int sp = value.indexOf(' ');
        if (sp <= 0) {
            throw new IllegalArgumentException("bad extmap (expected '<id>[/<direction>] <uri>')");
        }
        String idPart = value.substring(0, sp);
        Direction dir = null;
        int slash = idPart.indexOf('/');
        if (slash >= 0) {
            dir = Direction.fromToken(idPart.substring(slash + 1));
            if (dir == null) {
                throw new IllegalArgumentException("bad extmap direction");
            }
            idPart = idPart.substring(0, slash);
        }
        int id = SdpText.parseInt(idPart, 1, 255, "extmap id");
        String rest = value.substring(sp + 1);
        int sp2 = rest.indexOf(' ');
        return sp2 < 0
                ? new ExtMap(id, dir, rest, null)
                : new ExtMap(id, dir, rest.substring(0, sp2), rest.substring(sp2 + 1));
    }
}
