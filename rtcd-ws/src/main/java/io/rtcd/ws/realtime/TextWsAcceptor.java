package io.rtcd.ws.realtime;

import java.util.Map;

/**
 * Decides, BEFORE the upgrade, whether a WebSocket request is accepted. Called on an HTTP request thread; may block
 * briefly (e.g. a token check).
 *
 * @param <A> what an accepted connection carries (e.g. verified token claims)
 */
@FunctionalInterface
public interface TextWsAcceptor<A> {
    /**
     * @param path the request path (not decoded beyond Jetty's normalisation), e.g. {@code /realtime/connect/room1}
     * @param query each query parameter's value; a parameter given more than once ({@code ?c=a&c=b}) has its values
     *     joined with {@code ,} ({@code a,b})
     * @return the attachment of the new connection, never {@code null}
     * @throws TextWsRefusedException to refuse with an HTTP status and a JSON error body
     */
    A accept(String path, Map<String, String> query);
}
