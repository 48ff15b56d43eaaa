package io.rtcd.rtc.sdp;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * {@code a=fmtp:<format> <format specific parameters>}, RFC 8866 §6.15. The parameter text is kept as written;
 * {@link #parameterMap()} reads the usual {@code key=value;key=value} form.
 *
 * @param payloadType the payload type the parameters belong to
 * @param parameters the format-specific parameter text
 */
public record Fmtp(int payloadType, String parameters) implements Attribute {
    public Fmtp {
        if (payloadType < 0 || payloadType > 127) {
            throw new IllegalArgumentException("payload type out of range 0..127: " + payloadType);
        }
        Objects.requireNonNull(parameters, "parameters");
    }

    @Override
    public String key() {
        return "fmtp";
    }

    @Override
    public String value() {
        return payloadType + " " + parameters;
    }

    /** The ';'-separated parameters in order; a parameter without '=' maps to the empty string. */
    public Map<String, String> parameterMap() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String p : parameters.split(";")) {
            String s = p.strip();
            if (s.isEmpty()) {
                continue;
            }
            int eq = s.indexOf('=');
            if (eq < 0) {
                out.put(s, "");
            } else {
                out.put(s.substring(0, eq).strip(), s.substring(eq + 1).strip());
            }
        }
        return Collections.unmodifiableMap(out);
    }

    static Fmtp parse(String value) {
        int sp = value.indexOf(' ');
        if (sp <= 0) {
            throw new IllegalArgumentException("bad fmtp (expected '<pt> <parameters>')");
        }
        return new Fmtp(SdpText.parseInt(value.substring(0, sp), 0, 127, "fmtp payload type"), value.substring(sp + 1));
    }
}
