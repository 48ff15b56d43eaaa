package io.rtcd.api;

/**
 * A parsed {@code api.http.listen_address}.
 *
 * @param host the host to bind, or {@code null} for all interfaces
 * @param port 0..65535
 */
record ListenAddress(String host, int port) {

    private static final String KEY = "api.http.listen_address";

    static ListenAddress parse(String value) {
        String v = value.trim();
        int colon = v.lastIndexOf(':');
        if (colon < 0) {
            throw invalid(value, "expected host:port, :port or [ipv6]:port");
        }
        String host = v.substring(0, colon);
        String portText = v.substring(colon + 1);
        if (host.startsWith("[")) {
            if (!host.endsWith("]") || host.length() < 3) {
                throw invalid(value, "unbalanced brackets around the IPv6 address");
            }
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw invalid(value, "IPv6 addresses must be written in brackets, e.g. [::1]:8045");
        }
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            throw invalid(value, "port must be a number in 0..65535");
        }
        if (port < 0 || port > 65535) {
            throw invalid(value, "port must be in 0..65535");
        }
        return new ListenAddress(host.isEmpty() ? null : host, port);
    }

    private static IllegalArgumentException invalid(String value, String why) {
        return new IllegalArgumentException(KEY + " is invalid (value: \"" + value + "\"): " + why);
    }

    @Override
    public String toString() {
        String h = host == null ? "" : (host.contains(":") ? "[" + host + "]" : host);
        return h + ":" + port;
    }
}
