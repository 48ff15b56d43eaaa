package io.rtcd.rtc.transport;

/**
 * Why the transport dropped a datagram. Every drop is counted once under exactly one reason; none is logged per
 * packet. {@link #metricName()} is the label value for a Prometheus counter ({@code reason="..."}).
 */
public enum DropReason {
    /** First byte outside every RFC 7983 range (or ZRTP / TURN channel data, which we do not support). */
    GARBAGE("garbage"),
    /** Shorter than the minimal header of its kind (STUN 20, DTLS 13, RTP 12, RTCP 8 bytes). */
    TRUNCATED("truncated"),
    /** First byte says STUN but the header or attributes are malformed (RFC 8489 §5, §14). */
    STUN_MALFORMED("stun_malformed"),
    /** STUN message that is not a Binding request (responses, indications, other methods). */
    STUN_UNSUPPORTED("stun_unsupported"),
    /** Binding request whose USERNAME local part matches no ICE agent. */
    STUN_UNKNOWN_UFRAG("stun_unknown_ufrag"),
    /** Binding request whose USERNAME remote part differs from the remote ufrag signalled in SDP. */
    STUN_BAD_USERNAME("stun_bad_username"),
    /** MESSAGE-INTEGRITY missing or not matching (RFC 8489 §14.5). */
    STUN_BAD_INTEGRITY("stun_bad_integrity"),
    /** FINGERPRINT missing or not matching (RFC 8489 §14.7). */
    STUN_BAD_FINGERPRINT("stun_bad_fingerprint"),
    /** Request carries ICE-CONTROLLED although we, the lite agent, are always controlled (RFC 8445 §7.3.1.1). */
    STUN_ROLE_CONFLICT("stun_role_conflict"),
    /** DTLS record from a 5-tuple no session selected. */
    DTLS_UNKNOWN_ADDRESS("dtls_unknown_address"),
    /** The session's bounded DTLS inbound queue is full (handshake thread too slow or stuck). */
    DTLS_QUEUE_FULL("dtls_queue_full"),
    /** RTP/RTCP from a 5-tuple no session selected. */
    RTP_UNKNOWN_ADDRESS("rtp_unknown_address"),
    /** SRTP/SRTCP arrived before the DTLS handshake produced keys. */
    SRTP_NO_KEYS("srtp_no_keys"),
    /** SRTP authentication tag mismatch (RFC 3711 §3.3) or GCM tag failure (RFC 7714). */
    SRTP_AUTH_FAIL("srtp_auth_fail"),
    /** SRTP packet replayed or too old for the replay window (RFC 3711 §3.3.2). */
    SRTP_REPLAY("srtp_replay"),
    /** SRTP packet that cannot be parsed or processed. */
    SRTP_INVALID("srtp_invalid"),
    /** SRTCP authentication failure. */
    SRTCP_AUTH_FAIL("srtcp_auth_fail"),
    /** SRTCP replayed. */
    SRTCP_REPLAY("srtcp_replay"),
    /** SRTCP packet that cannot be parsed or processed. */
    SRTCP_INVALID("srtcp_invalid"),
    /** Outbound datagram the kernel refused (buffer full, I/O error) or sent on a closed mux. */
    SEND_FAILED("send_failed");

    private final String metricName;

    DropReason(String metricName) {
        this.metricName = metricName;
    }

    public String metricName() {
        return metricName;
    }
}
