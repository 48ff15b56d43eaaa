package io.rtcd.rtc.transport.dtls;

import java.util.Locale;

/**
 * Our DTLS role, derived from the remote SDP {@code a=setup} (RFC 8842 §5.1, RFC 5763 §5): the SFU answers an
 * {@code actpass} offer with {@code passive} and is then the DTLS server; a remote {@code active} also makes us the
 * server, a remote {@code passive} makes us the client (our own load generator and test peers use that).
 */
public enum DtlsRole {
    SERVER,
    CLIENT;

    /**
     * Role for a remote {@code a=setup} value.
     *
     * @throws IllegalArgumentException for {@code holdconn} or unknown values
     */
    public static DtlsRole forRemoteSetup(String remoteSetup) {
        return switch (remoteSetup.trim().toLowerCase(Locale.ROOT)) {
            case "actpass", "active" -> SERVER;
            case "passive" -> CLIENT;
            default ->
                throw new IllegalArgumentException(
                        "a=setup must be actpass, active or passive, got '" + remoteSetup + "'");
        };
    }

    /** The {@code a=setup} value we put in our answer for this role. */
    public String localSetup() {
        return this == SERVER ? "passive" : "active";
    }
}
