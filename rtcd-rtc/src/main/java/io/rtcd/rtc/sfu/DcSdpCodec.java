package io.rtcd.rtc.sfu;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The SDP message of rtcd's data-channel signalling (type 3): the msgpack unsigned integer 3, then one
 * msgpack {@code bin} holding zlib (RFC 1950) of the JSON {@code RTCSessionDescriptionInit}
 * {@code {"type":"offer"|"answer","sdp":"..."}}. Control plane only (one message per negotiation): allocates freely.
 *
 * <p>Decoding is bounded: the inflated JSON may not exceed {@link #MAX_JSON_BYTES} (a zlib bomb is refused, not
 * expanded), and every malformed input is an {@link IllegalArgumentException} whose message is fit for the client.
 */
final class DcSdpCodec {
    /** Largest inflated JSON accepted: far above any real SDP (a 20-track offer is ~15 KiB). */
    static final int MAX_JSON_BYTES = 256 * 1024;

    /** A decoded session description: an offer or an answer. */
    record Description(String type, String sdp) {
        boolean offer() {
            return type.equals("offer");
        }
    }

    private DcSdpCodec() {}

    static byte[] encode(String type, String sdp) {
        byte[] json = ("{\"type\":" + quote(type) + ",\"sdp\":" + quote(sdp) + "}").getBytes(StandardCharsets.UTF_8);
        Deflater deflater = new Deflater();
        ByteArrayOutputStream z = new ByteArrayOutputStream(json.length / 2 + 64);
        try {
            deflater.setInput(json);
            deflater.finish();
            byte[] chunk = new byte[4096];
            while (!deflater.finished()) {
                int n = deflater.deflate(chunk);
                z.write(chunk, 0, n);
            }
        } finally {
            deflater.end();
        }
        byte[] zlib = z.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream(zlib.length + 6);
        out.write(CallsDcMessages.SDP);
        CallsDcMessages.bin(out, zlib);
        return out.toByteArray();
    }

    /** Decodes a whole type-3 message (the leading type byte included). */
    static Description decode(byte[] m) {
        if (m.length < 2 || (m[0] & 0xFF) != CallsDcMessages.SDP) {
            throw new IllegalArgumentException("dc sdp: not an SDP message");
        }
        int marker = m[1] & 0xFF;
        int at;
        long len;
        switch (marker) {
            case 0xC4 -> {
                need(m, 3);
                len = m[2] & 0xFF;
                at = 3;
            }
            case 0xC5 -> {
                need(m, 4);
                len = ((m[2] & 0xFF) << 8) | (m[3] & 0xFF);
                at = 4;
            }
            case 0xC6 -> {
                need(m, 6);
                len = ((long) (m[2] & 0xFF) << 24) | ((m[3] & 0xFF) << 16) | ((m[4] & 0xFF) << 8) | (m[5] & 0xFF);
                at = 6;
            }
            default -> throw new IllegalArgumentException("dc sdp: payload is not msgpack bin");
        }
        if (len != m.length - at) {
            throw new IllegalArgumentException(
                    "dc sdp: bin length " + len + " but " + (m.length - at) + " bytes follow");
        }
        String json = inflate(m, at, (int) len);
        return parse(json);
    }

    private static void need(byte[] m, int n) {
        if (m.length < n) {
            throw new IllegalArgumentException("dc sdp: truncated");
        }
    }

    private static String inflate(byte[] m, int off, int len) {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(m, off, len);
            ByteArrayOutputStream out = new ByteArrayOutputStream(len * 4);
            byte[] chunk = new byte[8192];
            while (!inflater.finished()) {
                int n = inflater.inflate(chunk);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new IllegalArgumentException("dc sdp: truncated zlib stream");
                }
                if (out.size() + n > MAX_JSON_BYTES) {
                    throw new IllegalArgumentException(
                            "dc sdp: inflated description exceeds " + MAX_JSON_BYTES + " bytes");
                }
                out.write(chunk, 0, n);
            }
            return out.toString(StandardCharsets.UTF_8);
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("dc sdp: not a zlib stream (" + e.getMessage() + ")");
        } finally {
            inflater.end();
        }
    }

    /** Parses a JSON object whose members are strings (RTCSessionDescriptionInit); unknown members are ignored. */
    static Description parse(String json) {
        JsonCursor c = new JsonCursor(json);
        String type = null;
        String sdp = null;
        c.expect('{');
        if (!c.tryConsume('}')) {
            do {
                String key = c.string();
                c.expect(':');
                String value = c.string();
                if (key.equals("type")) {
                    type = value;
                } else if (key.equals("sdp")) {
                    sdp = value;
                }
            } while (c.tryConsume(','));
            c.expect('}');
        }
        c.end();
        if (type == null || sdp == null || sdp.isEmpty()) {
            throw new IllegalArgumentException("dc sdp: the description needs \"type\" and \"sdp\"");
        }
        if (!type.equals("offer") && !type.equals("answer")) {
            throw new IllegalArgumentException("dc sdp: type must be offer or answer, got '" + type + "'");
        }
        return new Description(type, sdp);
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16).append('"');
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (ch < 0x20) {
                        b.append(String.format("\\u%04x", (int) ch));
                    } else {
                        b.append(ch);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    /** RFC 8259 cursor over string-valued objects. */
    private static final class JsonCursor {
        private final String s;
        private int i;

        JsonCursor(String s) {
            this.s = s;
        }

        void skipWs() {
            while (i < s.length() && " \t\r\n".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
        }

        void expect(char ch) {
            if (!tryConsume(ch)) {
                throw new IllegalArgumentException("dc sdp: JSON: expected '" + ch + "' at " + i);
            }
        }

        boolean tryConsume(char ch) {
            skipWs();
            if (i < s.length() && s.charAt(i) == ch) {
                i++;
                return true;
            }
            return false;
        }

        void end() {
            skipWs();
            if (i != s.length()) {
                throw new IllegalArgumentException("dc sdp: JSON: trailing data at " + i);
            }
        }

        String string() {
            expect('"');
            StringBuilder b = new StringBuilder();
            while (i < s.length()) {
                char ch = s.charAt(i++);
                if (ch == '"') {
                    return b.toString();
                }
                if (ch != '\\') {
                    b.append(ch);
                    continue;
                }
                if (i >= s.length()) {
                    break;
                }
                char e = s.charAt(i++);
                switch (e) {
                    case '"', '\\', '/' -> b.append(e);
                    case 'b' -> b.append('\b');
                    case 'f' -> b.append('\f');
                    case 'n' -> b.append('\n');
                    case 'r' -> b.append('\r');
                    case 't' -> b.append('\t');
                    case 'u' -> {
                        if (i + 4 > s.length()) {
                            throw new IllegalArgumentException("dc sdp: JSON: bad \\u escape");
                        }
                        try {
                            b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        } catch (NumberFormatException ex) {
                            throw new IllegalArgumentException("dc sdp: JSON: bad \\u escape");
                        }
                        i += 4;
                    }
                    default -> throw new IllegalArgumentException("dc sdp: JSON: bad escape \\" + e);
                }
            }
            throw new IllegalArgumentException("dc sdp: JSON: unterminated string (values must be strings)");
        }
    }
}
