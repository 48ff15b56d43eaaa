package io.rtcd.ws;

import java.util.Objects;

/** rtcd → plugin: rtcd closed the session (data {@code {"sessionID"}}). */
public record Close(String sessionId) implements ClientMessage {

    public Close {
        Objects.requireNonNull(sessionId, "sessionId");
    }

    @Override
    public String type() {
        return CLOSE;
    }
}
