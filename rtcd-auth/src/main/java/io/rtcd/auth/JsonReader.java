package io.rtcd.auth;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal strict JSON reader (RFC 8259) for JWT headers and payloads. It accepts exactly: an object at the top,
 * whose values are strings, numbers, arrays of strings, or nested objects (depth at most {@value #MAX_DEPTH}).
 * {@code true}, {@code false}, {@code null}, arrays of non-strings, duplicate keys and trailing data are rejected.
 * Integral numbers become {@link Long}, others {@link Double}. Failures throw {@link IllegalArgumentException}.
 */
final class JsonReader {
    static final int MAX_DEPTH = 4;

    private final String text;
    private int pos;

    private JsonReader(String text) {
        this.text = text;
    }

    /** Parses {@code text} as one JSON object; returns an unmodifiable, insertion-ordered map. */
    static Map<String, Object> parseObject(String text) {
        JsonReader r = new JsonReader(text);
        r.skipWhitespace();
        Map<String, Object> result = r.readObject(1);
        r.skipWhitespace();
        if (r.pos != text.length()) {
            throw r.error("trailing data");
        }
        return result;
    }

    private Map<String, Object> readObject(int depth) {
        if (depth > MAX_DEPTH) {
            throw error("objects nested too deeply");
        }
        expect('{');
        Map<String, Object> map = new LinkedHashMap<>();
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            return Collections.unmodifiableMap(map);
        }
        while (true) {
            skipWhitespace();
            String key = readString();
            skipWhitespace();
            expect(':');
            skipWhitespace();
            Object value = readValue(depth);
            if (map.putIfAbsent(key, value) != null) {
                throw error("duplicate key \"" + key + "\"");
            }
            skipWhitespace();
            char c = next();
            if (c == '}') {
                return Collections.unmodifiableMap(map);
            }
            if (c != ',') {
                throw error("expected ',' or '}'");
            }
        }
    }

    private Object readValue(int depth) {
        char c = peek();
        if (c == '"') {
            return readString();
        }
        if (c == '[') {
            return readStringArray();
        }
        if (c == '{') {
            return readObject(depth + 1);
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            return readNumber();
        }
        throw error("unsupported value");
    }

    private List<String> readStringArray() {
        expect('[');
        List<String> list = new ArrayList<>();
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            return List.copyOf(list);
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') {
                throw error("arrays may only hold strings");
            }
            list.add(readString());
            skipWhitespace();
            char c = next();
            if (c == ']') {
                return List.copyOf(list);
            }
            if (c != ',') {
                throw error("expected ',' or ']'");
            }
        }
    }

    /** RFC 8259 §6 number grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
    private Object readNumber() {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
        } else {
            digits();
        }
        boolean integral = true;
        if (pos < text.length() && text.charAt(pos) == '.') {
            pos++;
            digits();
            integral = false;
        }
        if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
            pos++;
            if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
                pos++;
            }
            digits();
            integral = false;
        }
        String literal = text.substring(start, pos);
        try {
            return integral ? (Object) Long.parseLong(literal) : (Object) Double.parseDouble(literal);
        } catch (NumberFormatException e) {
            throw error("number out of range");
        }
    }

    private void digits() {
        int start = pos;
        while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
            pos++;
        }
        if (pos == start) {
            throw error("digit expected");
        }
    }

    /** RFC 8259 §7 strings, with all escapes; raw control characters are rejected. */
    private String readString() {
        expect('"');
        StringBuilder sb = new StringBuilder();
        while (true) {
            char c = next();
            if (c == '"') {
                return sb.toString();
            }
            if (c < 0x20) {
                throw error("control character in string");
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            char e = next();
            switch (e) {
                case '"' -> sb.append('"');
                case '\\' -> sb.append('\\');
                case '/' -> sb.append('/');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> sb.append(readHex4());
                default -> throw error("bad escape");
            }
        }
    }

    private char readHex4() {
        if (pos + 4 > text.length()) {
            throw error("truncated \\u escape");
        }
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int d = Character.digit(text.charAt(pos + i), 16);
            if (d < 0) {
                throw error("bad \\u escape");
            }
            v = (v << 4) | d;
        }
        pos += 4;
        return (char) v;
    }

    private void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private void expect(char c) {
        if (next() != c) {
            throw error("expected '" + c + "'");
        }
    }

    private char peek() {
        if (pos >= text.length()) {
            throw error("unexpected end of input");
        }
        return text.charAt(pos);
    }

    private char next() {
        char c = peek();
        pos++;
        return c;
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException("malformed JSON at offset " + pos + ": " + what);
    }
}
