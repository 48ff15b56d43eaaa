package io.rtcd.ws;

import java.util.Objects;

/**
 * The authenticated peer of a WebSocket connection.
 *
 * @param clientId rtcd client ID (the rtc group ID); empty for the admin
 */
public record WsPrincipal(String clientId) {
    public WsPrincipal {
        Objects.requireNonNull(clientId, "clientId");
    }
}
