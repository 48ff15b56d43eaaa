package io.rtcd.ws;

import java.util.Objects;

/** plugin → rtcd: close the session (data {@code {"sessionID"}}). */
public record Leave(String sessionId) implements ClientMessage {

    public Leave {
        Objects.requireNonNull(sessionId, "sessionId");
    }

    @Override
    public String type() {
        return LEAVE;
    }
}
