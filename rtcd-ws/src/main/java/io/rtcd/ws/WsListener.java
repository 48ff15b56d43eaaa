package io.rtcd.ws;

/**
 * Receives connection events. Called on Jetty's WebSocket threads; callbacks of one connection are serial (never
 * concurrent) and in order open, messages, close; different connections run in parallel. Implementations must not
 * block: hand work to a queue. Exceptions thrown are logged and swallowed.
 */
public interface WsListener {

    /** After {@code hello} was queued to the peer. */
    void onOpen(WsConnection c);

    /** A decoded message; undecodable frames never reach the listener. */
    void onMessage(WsConnection c, ClientMessage m);

    /** Once per connection, after it is gone from {@link WsServer#connections()}. */
    void onClose(WsConnection c, int statusCode, String reason);
}
