package io.rtcd.rtc.sdp;

import java.util.Objects;

/**
 * {@code a=ssrc:<ssrc-id> <attribute>[:<value>]}, RFC 5576 §4.1 (e.g. {@code cname}, RFC 5576 §6.1; {@code msid},
 * RFC 8830 §2).
 *
 * @param ssrc the 32-bit SSRC, 0..4294967295
 * @param attribute the source attribute name, e.g. "cname"
 * @param attributeValue the source attribute value, or null
 */
public record SsrcAttribute(long ssrc, String attribute, String attributeValue) implements Attribute {
    public SsrcAttribute {
        if (ssrc < 0 || ssrc > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("ssrc out of range 0..4294967295: " + ssrc);
        }
        Objects.requireNonNull(attribute, "attribute");
        if (attribute.isEmpty() || attribute.indexOf(' ') >= 0) {
            throw new IllegalArgumentException("bad ssrc attribute name");
        }
    }

    @Override
    public String key() {
        return "ssrc";
    }

    @Override
    public String value() {
        return attributeValue == null ? ssrc + " " + attribute : ssrc + " " + attribute + ":" + attributeValue;
    }

    static SsrcAttribute parse(String value) {
        int sp = value.indexOf(' ');
        if (sp <= 0) {
            throw new IllegalArgumentException("bad ssrc (expected '<ssrc> <attribute>[:<value>]')");
        }
        long ssrc = SdpText.parseLong(value.substring(0, sp), 0, 0xFFFF_FFFFL, "ssrc");
        String rest = value.substring(sp + 1);
        int colon = rest.indexOf(':');
        return colon < 0
                ? new SsrcAttribute(ssrc, rest, null)
                : new SsrcAttribute(ssrc, rest.substring(0, colon), rest.substring(colon + 1));
    }
}
