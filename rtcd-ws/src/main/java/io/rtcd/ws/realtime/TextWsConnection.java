package io.rtcd.ws.realtime;

/**
 * One accepted text WebSocket connection. Thread-safe: {@link #send} and {@link #close} may be called from any thread
 * and never block.
 *
 * @param <A> the attachment the {@link TextWsAcceptor} returned
 */
public interface TextWsConnection<A> {

    /** A random id, unique per server. */
    String id();

    A attachment();

    String remoteAddress();

    boolean isOpen();

    /**
     * Queues one text frame.
     *
     * @return {@code false} if the connection is closed or its queue overflowed (the connection is then closed with
     *     1008)
     */
    boolean send(String text);

    /**
     * Queues one text frame like {@link #send}, but leaves the write to the server's flush thread: the caller does no
     * I/O, so it may hold a lock or be a latency-sensitive thread (e.g. a presence fan-out to hundreds of connections
     * under a room lock, or an SFU session thread). Frames sent either way keep their order on the connection; frames
     * that queue up while the flush thread is busy go out together in one write.
     *
     * @return {@code false} if the connection is closed or its queue overflowed (the connection is then closed with
     *     1008)
     */
    boolean sendDeferred(String text);

    /** Starts the close handshake; idempotent. */
    void close(int statusCode, String reason);
}
