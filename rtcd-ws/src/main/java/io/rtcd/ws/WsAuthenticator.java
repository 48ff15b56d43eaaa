package io.rtcd.ws;

import java.util.concurrent.CompletionStage;

/**
 * Authenticates a WebSocket upgrade from its {@code Authorization} header, BEFORE the upgrade. Called on an HTTP
 * thread of the server, which must not wait: work that can take long (bcrypt, its rate limiter) belongs on an
 * executor of the authenticator's own, and the returned stage completes there. The upgrade resumes on a server
 * thread.
 */
@FunctionalInterface
public interface WsAuthenticator {
    /**
     * @param authorizationHeader the raw header value, or {@code null} when absent
     * @return completes with the principal, or exceptionally with a {@link WsAuthException} to refuse: the client
     *     gets HTTP {@link WsAuthException#status()} {@code {"error": message, "code": "401"}} and no upgrade (any
     *     other failure: HTTP 500 {@code internal error})
     */
    CompletionStage<WsPrincipal> authenticate(String authorizationHeader);
}
