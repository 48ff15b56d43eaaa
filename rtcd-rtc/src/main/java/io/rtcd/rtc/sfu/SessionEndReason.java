package io.rtcd.rtc.sfu;

import io.rtcd.rtc.transport.TransportSession;

/**
 * Why an SFU session ended: a closed set, each with a stable snake_case {@link #label()} used in the INFO log line
 * of every session end, in {@code rtcd_rtc_sessions_closed_total{reason}}, in the {@code /ws} {@code close} message
 * and in the browser face's {@code error} event (docs/protocol.md, docs/operations.md "A participant hears
 * nothing"). Labels never change meaning; new reasons may be added.
 */
public enum SessionEndReason {
    /** The participant (or its backend) asked to leave: {@code /ws} {@code leave}, browser {@code leave}. */
    LEAVE("leave", "the participant left"),
    /** No first offer from the client within {@code rtc.signaling_timeout}. */
    SIGNALING_TIMEOUT("signaling_timeout", "no offer from the client within rtc.signaling_timeout"),
    /** The client sent no valid ICE connectivity check within {@code rtc.ice_connect_timeout} of the offer. */
    ICE_TIMEOUT("ice_timeout", "no valid ICE connectivity check within rtc.ice_connect_timeout"),
    /** ICE connected but the DTLS handshake did not complete within its bound. */
    DTLS_TIMEOUT("dtls_timeout", "the DTLS handshake did not complete in time"),
    /** The DTLS handshake failed (alert, fingerprint mismatch, no common SRTP profile) or DTLS failed later. */
    DTLS_FAILED("dtls_failed", "the DTLS handshake or connection failed"),
    /** Connected, then no valid ICE check from the selected path for the consent timeout (RFC 7675 §5.1). */
    CONSENT_EXPIRED(
            "consent_expired",
            "ICE consent expired: no connectivity check from the client within the consent timeout (RFC 7675, 30 s)"),
    /** The client closed its DTLS transport (close_notify, RFC 5246 §7.2.1): the peer connection was closed. */
    TRANSPORT_CLOSED("transport_closed", "the client closed its DTLS transport"),
    /** The browser face's socket closed without {@code leave} (tab closed, network loss, pong timeout, abuse). */
    SOCKET_CLOSED("socket_closed", "the participant's signalling socket closed"),
    /** The same user joined the cospace again; the older session makes way (browser face). */
    REPLACED("replaced", "the same user joined again"),
    /** The cospace was closed by its host, the admin or a moderator (browser face). */
    COSPACE_CLOSED("cospace_closed", "the cospace was closed"),
    /** The server is shutting down. */
    SHUTDOWN("shutdown", "server shutdown");

    private final String label;
    private final String description;

    SessionEndReason(String label, String description) {
        this.label = label;
        this.description = description;
    }

    /** The stable snake_case name: metric label, log value, wire value. */
    public String label() {
        return label;
    }

    /** One human-readable sentence for logs and clients; no internal names. */
    public String description() {
        return description;
    }

    /** The reason of a {@link RtcSignal.Type#SESSION_CLOSED} payload (its label); {@code null} if it is none. */
    public static SessionEndReason ofLabel(String label) {
        for (SessionEndReason r : values()) {
            if (r.label.equals(label)) {
                return r;
            }
        }
        return null;
    }

    /** The session end a dead transport stands for. */
    public static SessionEndReason of(TransportSession.DisconnectReason reason) {
        return switch (reason) {
            case ICE_TIMEOUT -> ICE_TIMEOUT;
            case CONSENT_EXPIRED -> CONSENT_EXPIRED;
            case DTLS_TIMEOUT -> DTLS_TIMEOUT;
            case DTLS_FAILED -> DTLS_FAILED;
            case DTLS_CLOSED -> TRANSPORT_CLOSED;
        };
    }
}
