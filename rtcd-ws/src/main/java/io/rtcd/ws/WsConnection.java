package io.rtcd.ws;

/** One accepted plugin connection. Thread-safe: any thread may send or close. */
public interface WsConnection {

    /** Server-assigned 26-char ID, sent to the peer in {@code hello}. */
    String connId();

    /** Authenticated client ID (empty for the admin). */
    String clientId();

    /** Peer IP address as text. */
    String remoteAddress();

    /**
     * Queues {@code m} without blocking. Returns false if the connection is closed, or if its send queue is full, in
     * which case the connection is closed with 1008 {@code send queue full (slow reader)}.
     */
    boolean send(ClientMessage m);

    /** Starts the close handshake; idempotent. */
    void close(int statusCode, String reason);

    boolean isOpen();
}
