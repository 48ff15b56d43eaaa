package io.rtcd.rtc.sdp;

import java.util.List;
import java.util.Objects;

/**
 * {@code o=<username> <sess-id> <sess-version> <nettype> <addrtype> <unicast-address>}, RFC 8866 §5.2. The session
 * id and version are kept as strings: Chrome writes 19-digit ids and RFC 8829 §5.2.1 allows up to 63 bits, which
 * some parsers corrupt when they go through a number.
 *
 * @param username e.g. "-" or "mozilla...THIS_IS_SDPARTA-99.0"
 * @param sessionId decimal digits
 * @param sessionVersion decimal digits
 * @param netType "IN"
 * @param addrType "IP4" or "IP6"
 * @param address the unicast address
 */
public record Origin(
        String username, String sessionId, String sessionVersion, String netType, String addrType, String address) {
    public Origin {
        for (String s : new String[] {username, sessionId, sessionVersion, netType, addrType, address}) {
            if (!SdpText.isToken(Objects.requireNonNull(s, "origin field"))) {
                throw new IllegalArgumentException("bad origin field");
            }
        }
        requireDigits(sessionId, "session id");
        requireDigits(sessionVersion, "session version");
    }

    private static void requireDigits(String s, String what) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                throw new IllegalArgumentException("non-numeric origin " + what);
            }
        }
    }

    public String render() {
        return String.join(" ", username, sessionId, sessionVersion, netType, addrType, address);
    }

    /** The same origin with the given version (RFC 8829 §5.2.2: a new offer/answer increments it). */
    public Origin withSessionVersion(String version) {
        return new Origin(username, sessionId, version, netType, addrType, address);
    }

    static Origin parse(String value) {
        List<String> t = SdpText.tokens(value, "origin");
        if (t.size() != 6) {
            throw new IllegalArgumentException("bad origin (expected 6 fields)");
        }
        return new Origin(t.get(0), t.get(1), t.get(2), t.get(3), t.get(4), t.get(5));
    }
}
