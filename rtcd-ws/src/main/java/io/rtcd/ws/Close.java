package io.rtcd.ws;

import java.util.Objects;

/**
 * rtcd → plugin: rtcd closed the session (data {@code {"sessionID", "reason"}}). {@code reason} is the session's end
 * reason label ({@code leave}, {@code ice_timeout}, ... docs/protocol.md); it is an addition to rtcd's format, sent only
 * when not empty, and ignored by rtcd's plugin, which reads {@code sessionID} only.
 */
public record Close(String sessionId, String reason) implements ClientMessage {

    public Close {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(reason, "reason");
    }

    /** rtcd's message: no reason. */
    public Close(String sessionId) {
        this(sessionId, "");
    }

    @Override
    public String type() {
        return CLOSE;
    }
}
