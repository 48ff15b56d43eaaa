package io.rtcd.ws;

/**
 * Authenticates a WebSocket upgrade from its {@code Authorization} header, BEFORE the upgrade. Called on the HTTP
 * request thread; it may block (bcrypt, rate limiting).
 */
@FunctionalInterface
public interface WsAuthenticator {
    /**
     * @param authorizationHeader the raw header value, or {@code null} when absent
     * @return the principal, never {@code null}
     * @throws WsAuthException to refuse: the client gets HTTP 401 {@code {"error": message, "code": "401"}} and no
     *     upgrade
     */
    WsPrincipal authenticate(String authorizationHeader);
}
