package io.rtcd.rtc.sdp;

import java.util.Objects;

/**
 * Any attribute without a typed model (mid, ice-ufrag, ice-pwd, ice-options, rtcp-mux, rtcp-rsize, sctp-port,
 * max-message-size, extmap-allow-mixed, msid-semantic, unknown ones). The value is kept byte for byte, including
 * leading spaces (Chrome writes {@code a=msid-semantic: WMS}).
 *
 * @param key the attribute name
 * @param value the text after the first ':', or null for a flag attribute
 */
public record GenericAttribute(String key, String value) implements Attribute {
    public GenericAttribute {
        Objects.requireNonNull(key, "key");
        if (key.isEmpty()) {
            throw new IllegalArgumentException("empty attribute name");
        }
    }

    /** A property attribute without a value, e.g. {@code flag("rtcp-mux")}. */
    public static GenericAttribute flag(String key) {
        return new GenericAttribute(key, null);
    }

    public static GenericAttribute of(String key, String value) {
        return new GenericAttribute(key, Objects.requireNonNull(value, "value"));
    }
}
