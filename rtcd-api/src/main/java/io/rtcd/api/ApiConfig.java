package io.rtcd.api;

/**
 * Immutable, validated configuration of the HTTP API server (rtcd {@code [api] http.*}).
 *
 * @param listenAddress {@code host:port}, {@code :port} (all interfaces) or {@code [v6addr]:port}; port 0..65535, 0
 *     binds an ephemeral port (tests)
 * @param tlsEnable serve HTTPS instead of HTTP
 * @param tlsCertFile PEM certificate chain (leaf first), required when {@code tlsEnable}
 * @param tlsCertKey PEM private key (PKCS#8 or traditional RSA/EC), required when {@code tlsEnable}
 */
public record ApiConfig(String listenAddress, boolean tlsEnable, String tlsCertFile, String tlsCertKey) {

    /** Default listen address of rtcd. */
    public static final String DEFAULT_LISTEN_ADDRESS = ":8045";

    public ApiConfig {
        if (listenAddress == null || listenAddress.isBlank()) {
            throw new IllegalArgumentException(
                    "api.http.listen_address must not be empty (value: \"" + listenAddress + "\")");
        }
        ListenAddress.parse(listenAddress); // throws naming the key
        tlsCertFile = tlsCertFile == null ? "" : tlsCertFile;
        tlsCertKey = tlsCertKey == null ? "" : tlsCertKey;
        if (tlsEnable && tlsCertFile.isBlank()) {
            throw new IllegalArgumentException(
                    "api.http.tls.cert_file must be set when api.http.tls.enable is true (value: \"\")");
        }
        if (tlsEnable && tlsCertKey.isBlank()) {
            throw new IllegalArgumentException(
                    "api.http.tls.cert_key must be set when api.http.tls.enable is true (value: \"\")");
        }
    }

    /** rtcd defaults: {@code ":8045"}, TLS off. */
    public static ApiConfig defaults() {
        return new ApiConfig(DEFAULT_LISTEN_ADDRESS, false, "", "");
    }

    /** Returns a copy with another listen address (tests use {@code "127.0.0.1:0"}). */
    public ApiConfig withListenAddress(String address) {
        return new ApiConfig(address, tlsEnable, tlsCertFile, tlsCertKey);
    }
}
