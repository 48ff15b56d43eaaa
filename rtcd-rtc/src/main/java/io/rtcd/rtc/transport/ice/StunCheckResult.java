package io.rtcd.rtc.transport.ice;

/** Outcome of an {@link IceLiteAgent} handling one Binding request; the mux maps failures to drop counters. */
public enum StunCheckResult {
    /** Valid; a Binding success response was sent. */
    ACCEPTED,
    /** Valid and it selected (nominated) a new 5-tuple; a success response was sent. */
    SELECTED,
    /** USERNAME is not {@code localUfrag:remoteUfrag}. Dropped silently. */
    BAD_USERNAME,
    /** MESSAGE-INTEGRITY missing or wrong. Dropped silently. */
    BAD_INTEGRITY,
    /** FINGERPRINT missing or wrong. Dropped silently. */
    BAD_FINGERPRINT,
    /** Authenticated request carrying ICE-CONTROLLED: answered 487 Role Conflict (RFC 8445 §7.3.1.1). */
    ROLE_CONFLICT,
    /** The agent is closed. Dropped silently. */
    CLOSED
}
