package io.rtcd.ws.realtime;

/**
 * Receives the events of a {@link TextWsServer}'s connections. Callbacks of one connection are serial and in order
 * open, texts, close (exactly once); different connections run in parallel on Jetty's threads. Implementations must
 * not block. Exceptions thrown are logged and swallowed.
 *
 * @param <A> the connection attachment type
 */
public interface TextWsListener<A> {

    void onOpen(TextWsConnection<A> c);

    /** One complete inbound text message (at most {@link TextWsConfig#maxMessageBytes()}). */
    void onText(TextWsConnection<A> c, String text);

    /** Once per connection, after it is gone from {@link TextWsServer#connectionCount()}. */
    void onClose(TextWsConnection<A> c, int statusCode, String reason);
}
