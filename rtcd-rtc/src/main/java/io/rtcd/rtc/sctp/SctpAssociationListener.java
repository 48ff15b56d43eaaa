package io.rtcd.rtc.sctp;

/**
 * Events from an {@link SctpAssociation}. Called synchronously on the thread that drives the association (inside
 * {@code receivePacket}, {@code handleTimeout} or an API call); implementations must not block and may call back
 * into the association (for example to send a reply). They must not throw: an exception would escape the
 * association call that triggered the event.
 */
public interface SctpAssociationListener {
    /** The association reached ESTABLISHED (RFC 9260 §5.1 "COMMUNICATION UP"). */
    default void onConnected() {}

    /** A complete user message arrived (ordered or unordered). The array is owned by the listener. */
    default void onMessage(int streamId, int ppid, byte[] message) {}

    /** The peer reset these incoming streams; their SSNs restart at 0 (RFC 6525 §5.2.2). */
    default void onIncomingStreamsReset(int[] streamIds) {}

    /** Our outgoing reset of these streams was performed by the peer (RFC 6525 §5.2.4). */
    default void onOutgoingStreamsReset(int[] streamIds) {}

    /** Our outgoing reset of these streams was denied or failed; the streams stay usable. */
    default void onStreamResetFailed(int[] streamIds, int result) {}

    /** The association closed gracefully (SHUTDOWN, §9.2) or was aborted locally via {@code abort}. */
    default void onClosed(String reason) {}

    /** The peer aborted (ABORT chunk, §9.1) or the association failed (retransmission limit, §8.1). */
    default void onAborted(String reason) {}
}
