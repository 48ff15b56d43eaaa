package io.rtcd.rtc.sdp;

import java.util.Objects;

/**
 * {@code a=rid:<rid-id> <send|recv> [<restrictions>]}, RFC 8851 §4.
 *
 * @param id the RTP stream id (matches the sdes:rtp-stream-id header extension)
 * @param direction "send" or "recv"
 * @param restrictions optional pt=/max-*= restrictions text, or null
 */
public record Rid(String id, String direction, String restrictions) implements Attribute {
    public Rid {
        Objects.requireNonNull(id, "id");
        if (!SdpText.isToken(id) || !("send".equals(direction) || "recv".equals(direction))) {
            throw new IllegalArgumentException("bad rid (expected '<id> send|recv [<restrictions>]')");
        }
    }

    @Override
    public String key() {
        return "rid";
    }

    @Override
    public String value() {
        return restrictions == null ? id + " " + direction : id + " " + direction + " " + restrictions;
    }

    static Rid parse(String value) {
        int sp = value.indexOf(' ');
        if (sp <= 0) {
            throw new IllegalArgumentException("bad rid (expected '<id> send|recv [<restrictions>]')");
        }
        String rest = value.substring(sp + 1);
        int sp2 = rest.indexOf(' ');
        return sp2 < 0
                ? new Rid(value.substring(0, sp), rest, null)
                : new Rid(value.substring(0, sp), rest.substring(0, sp2), rest.substring(sp2 + 1));
    }
}
