package io.rtcd.rtc.sdp;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Parses the WebRTC subset of SDP (RFC 8866 syntax, RFC 8829 usage) into a {@link SessionDescription}.
 *
 * <p>Lines end in CRLF (RFC 8866 §5) or a bare LF (tolerated, §5 last paragraph). The description must start with
 * v=0, then o= and s=; every line is {@code <type>=<value>} with a lower-case type letter. Well-known attributes are
 * validated and typed; unknown attributes and fields are kept verbatim, so {@code SdpWriter.write(parse(s))}
 * reproduces a CRLF input byte for byte. Any error is an {@link SdpParseException} naming the line.
 *
 * <p>Stateless and thread-safe.
 */
public final class SdpParser {
    private SdpParser() {}

    public static SessionDescription parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new SdpParseException("empty session description (missing v=)");
        }
        return new Run().parse(text);
    }

    /** One parse: holds the per-description state (current section, mids and extmap ids seen). */
    private static final class Run {
        private SessionDescription.Builder session;
        private MediaDescription.Builder current;
        private final Set<String> mids = new HashSet<>();
        private Set<Integer> extmapIds = new HashSet<>();
        private boolean sawVersion;
        private boolean sawName;

        SessionDescription parse(String text) {
            int lineNo = 0;
            int pos = 0;
            while (pos < text.length()) {
                int nl = text.indexOf('\n', pos);
                int end = nl < 0 ? text.length() : nl;
                int next = nl < 0 ? text.length() : nl + 1;
                if (end > pos && text.charAt(end - 1) == '\r') {
                    end--;
                }
                lineNo++;
                line(lineNo, text.substring(pos, end));
                pos = next;
            }
            if (session == null || !sawName) {
                throw new SdpParseException(
                        "incomplete session description: missing " + (sawVersion ? "o= or s=" : "v="));
            }
            finishMedia();
            return session.build();
        }

        private void line(int n, String line) {
            if (line.isEmpty()) {
                throw SdpParseException.atLine(n, line, "empty line");
            }
            if (line.length() < 2 || line.charAt(1) != '=') {
                throw SdpParseException.atLine(n, line, "line without '=' (expected '<type>=<value>')");
            }
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (c == '\r' || c == '\0') {
                    throw SdpParseException.atLine(n, line, "control character in line (RFC 8866 §9: no CR or NUL)");
                }
            }
            char type = line.charAt(0);
            if (type < 'a' || type > 'z') {
                throw SdpParseException.atLine(n, line, "bad type letter");
            }
            String value = line.substring(2);
            try {
                dispatch(n, line, type, value);
            } catch (IllegalArgumentException e) {
                throw SdpParseException.atLine(n, line, e.getMessage(), e);
            }
        }

        private void dispatch(int n, String line, char type, String value) {
            if (!sawVersion) {
                if (type != 'v') {
                    throw SdpParseException.atLine(n, line, "missing v= (a description starts with v=0)");
                }
                if (!value.equals("0")) {
                    throw SdpParseException.atLine(n, line, "unsupported version (expected v=0)");
                }
                sawVersion = true;
                return;
            }
            if (session == null) {
                if (type != 'o') {
                    throw SdpParseException.atLine(n, line, "missing o= after v=");
                }
                session = SessionDescription.builder(Origin.parse(value));
                return;
            }
            if (!sawName) {
                if (type != 's') {
                    throw SdpParseException.atLine(n, line, "missing s= after o=");
                }
                session.sessionName(value);
                sawName = true;
                return;
            }
            switch (type) {
                case 'v', 'o', 's' -> throw SdpParseException.atLine(n, line, "repeated " + type + "= line");
                case 'm' -> startMedia(value);
                case 'a' -> attribute(n, line, AttributeParser.parse(value));
                default -> {
                    SdpField f = new SdpField(type, value);
                    if (current != null) {
                        current.field(f);
                    } else {
                        session.field(f);
                    }
                }
            }
        }

        private void attribute(int n, String line, Attribute a) {
            if (a instanceof ExtMap e && !extmapIds.add(e.id())) {
                throw SdpParseException.atLine(n, line, "duplicate extmap id " + e.id() + " (RFC 8285 §8)");
            }
            if (current == null) {
                session.attribute(a);
                return;
            }
            if (a.key().equals("mid") && !mids.add(a.value())) {
                throw SdpParseException.atLine(n, line, "duplicate mid '" + a.value() + "' (RFC 8843 §7.2.1)");
            }
            current.attribute(a);
        }

        private void startMedia(String value) {
            finishMedia();
            List<String> t = SdpText.tokens(value, "m= line");
            if (t.size() < 4) {
                throw new IllegalArgumentException("bad m= line (expected '<media> <port> <proto> <fmt> ...')");
            }
            String portText = t.get(0 + 1);
            int portCount = 0;
            int slash = portText.indexOf('/');
            if (slash >= 0) {
                portCount = SdpText.parseInt(portText.substring(slash + 1), 1, 65535, "m= number of ports");
                portText = portText.substring(0, slash);
            }
            int port = SdpText.parseInt(portText, 0, 65535, "m= port");
            String proto = t.get(2);
            List<String> formats = t.subList(3, t.size());
            if (proto.contains("RTP/")) {
                for (String f : formats) {
                    SdpText.parseInt(f, 0, 127, "m= payload type");
                }
            }
            if (!SdpText.isToken(t.get(0)) || !SdpText.isToken(proto)) {
                throw new IllegalArgumentException("bad m= media or proto");
            }
            for (String f : formats) {
                if (!SdpText.isToken(f)) {
                    throw new IllegalArgumentException("bad m= format");
                }
            }
            current = MediaDescription.builder(t.get(0), port, proto)
                    .portCount(portCount)
                    .formats(formats);
            extmapIds = new HashSet<>();
        }

        private void finishMedia() {
            if (current != null) {
                session.media(current.build());
                current = null;
            }
        }
    }
}
