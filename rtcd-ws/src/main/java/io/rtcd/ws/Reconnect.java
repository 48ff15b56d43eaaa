package io.rtcd.ws;

import java.util.Objects;

/** plugin → rtcd: route the session's signalling to this connection from now on (data {@code {"sessionID"}}, the user's original connID). */
public record Reconnect(String sessionId) implements ClientMessage {

    public Reconnect {
        Objects.requireNonNull(sessionId, "sessionId");
    }

    @Override
    public String type() {
        return RECONNECT;
    }
}
