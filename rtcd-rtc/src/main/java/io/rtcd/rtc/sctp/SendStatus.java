package io.rtcd.rtc.sctp;

/** Result of {@link SctpAssociation#send}; rejected sends are not exceptions (style P9). */
public enum SendStatus {
    /** Queued for transmission. */
    QUEUED,
    /** Empty messages cannot be carried by DATA (RFC 9260 §3.3.1); callers map them to PPID 56/57. */
    EMPTY_MESSAGE,
    /** Larger than {@link SctpOptions#maxMessageSize()}. */
    MESSAGE_TOO_LARGE,
    /** Stream id outside the negotiated number of outbound streams. */
    INVALID_STREAM,
    /** The stream is being reset; new messages would race the SSN reset (RFC 6525 §5.1.2). */
    STREAM_RESETTING,
    /** Queued plus unacknowledged bytes would exceed {@link SctpOptions#maxSendBuffer()}; retry once drained. */
    BUFFER_FULL,
    /** The association is not in a state that accepts new data (§9.2: shutdown in progress, or closed). */
    NOT_CONNECTED
}
