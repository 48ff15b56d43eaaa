package io.rtcd.rtc.sfu;

/** Life of a session, in order. */
public enum SessionState {
    /** Created by {@link RtcServer#initSession}; waiting for the client's first offer. */
    WAITING_OFFER,
    /** Answer sent; waiting for ICE to select a 5-tuple and DTLS to complete. */
    CONNECTING,
    /** SRTP keys are in place; media flows. */
    CONNECTED,
    /** Closed; terminal. */
    CLOSED
}
