package io.rtcd.auth;

import java.util.List;
import java.util.Map;

/**
 * A minimal JSON writer (RFC 8259) for JWT headers and payloads: objects whose values are strings, integral
 * numbers, lists of strings or nested such objects. Anything else is a programming error.
 */
final class JsonWriter {
    private JsonWriter() {}

    static String write(Map<String, ?> object) {
        StringBuilder out = new StringBuilder(128);
        writeObject(out, object);
        return out.toString();
    }

    private static void writeObject(StringBuilder out, Map<?, ?> object) {
        out.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> e : object.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            if (!(e.getKey() instanceof String key)) {
                throw new IllegalArgumentException("JSON object keys must be strings, got " + e.getKey());
            }
            writeString(out, key);
            out.append(':');
            writeValue(out, e.getValue());
        }
        out.append('}');
    }

    private static void writeValue(StringBuilder out, Object value) {
        switch (value) {
            case String s -> writeString(out, s);
            case Long l -> out.append(l.longValue());
            case Integer i -> out.append(i.intValue());
            case List<?> list -> {
                out.append('[');
                for (int i = 0; i < list.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    if (!(list.get(i) instanceof String s)) {
                        throw new IllegalArgumentException("JSON arrays may only hold strings");
                    }
                    writeString(out, s);
                }
                out.append(']');
            }
            case Map<?, ?> map -> writeObject(out, map);
            default -> throw new IllegalArgumentException("unsupported JSON value type: " + value);
        }
    }

    /** RFC 8259 §7: quote, backslash and control characters are escaped; everything else is literal. */
    private static void writeString(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
