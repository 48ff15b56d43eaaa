package io.rtcd.rtc.sdp;

import java.util.List;
import java.util.Objects;

/**
 * {@code a=candidate:<foundation> <component> <transport> <priority> <address> <port> typ <type> [raddr <a>]
 * [rport <p>] *(<ext name> <ext value>)}, RFC 8839 §5.1. The text is kept as written (so extensions such as
 * {@code generation 0 network-id 1} round-trip); the fixed fields are validated and exposed.
 *
 * @param description the text after {@code a=candidate:}
 */
public record Candidate(String description) implements Attribute {
    public Candidate {
        Objects.requireNonNull(description, "description");
        List<String> t = SdpText.tokens(description, "candidate");
        if (t.size() < 8 || (t.size() - 8) % 2 != 0 || !t.get(6).equals("typ")) {
            throw new IllegalArgumentException("bad candidate (expected '<foundation> <component> <transport>"
                    + " <priority> <address> <port> typ <type> [<name> <value>]...')");
        }
        SdpText.parseInt(t.get(1), 1, 256, "candidate component");
        SdpText.parseLong(t.get(3), 0, 0xFFFF_FFFFL, "candidate priority");
        SdpText.parseInt(t.get(5), 0, 65535, "candidate port");
    }

    /** Builds a candidate line from its fields, e.g. a host candidate of the SFU's single UDP port. */
    public static Candidate of(
            String foundation, int component, String transport, long priority, String address, int port, String type) {
        return new Candidate(foundation + " " + component + " " + transport + " " + priority + " " + address + " "
                + port + " typ " + type);
    }

    private String token(int i) {
        return SdpText.tokens(description, "candidate").get(i);
    }

    public String foundation() {
        return token(0);
    }

    public int component() {
        return Integer.parseInt(token(1));
    }

    /** "udp" or "tcp", as written. */
    public String transport() {
        return token(2);
    }

    public long priority() {
        return Long.parseLong(token(3));
    }

    /** The connection address: an IP literal or an mDNS ".local" name. */
    public String address() {
        return token(4);
    }

    public int port() {
        return Integer.parseInt(token(5));
    }

    /** "host", "srflx", "prflx" or "relay". */
    public String type() {
        return token(7);
    }

    @Override
    public String key() {
        return "candidate";
    }

    @Override
    public String value() {
        return description;
    }
}
