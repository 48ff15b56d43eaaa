package io.rtcd.rtc.sdp;

import java.util.Objects;

/**
 * A non-attribute line other than v=, o=, s= and m= (i=, u=, e=, p=, c=, b=, t=, r=, z=, k=, RFC 8866 §5), kept
 * verbatim in order.
 *
 * @param type the type letter
 * @param value the text after '='
 */
public record SdpField(char type, String value) {
    public SdpField {
        Objects.requireNonNull(value, "value");
        if (type < 'a' || type > 'z') {
            throw new IllegalArgumentException("bad field type: " + type);
        }
    }

    /** {@code c=IN IP4 0.0.0.0}, what JSEP (RFC 8829 §5.2.1) writes for a trickle-ICE m= section. */
    public static SdpField connectionAny() {
        return new SdpField('c', "IN IP4 0.0.0.0");
    }

    /** {@code t=0 0}, RFC 8829 §5.2.1. */
    public static SdpField timingZero() {
        return new SdpField('t', "0 0");
    }

    public String render() {
        return type + "=" + value;
    }
}
