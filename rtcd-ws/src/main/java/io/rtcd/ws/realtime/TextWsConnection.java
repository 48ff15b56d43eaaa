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

    /** Starts the close handshake; idempotent. */
    void close(int statusCode, String reason);
}
