package io.rtcd.ws;

import java.util.Objects;

/**
 * plugin → rtcd: create a session (data {@code {"callID","userID","sessionID","channelID","av1Support","dcSignaling"}};
 * {@code sessionID} is the user's original MM WebSocket connection ID).
 */
public record Join(
        String callId, String userId, String sessionId, String channelId, boolean av1Support, boolean dcSignaling)
        implements ClientMessage {

    public Join {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(channelId, "channelId");
    }

    @Override
    public String type() {
        return JOIN;
    }
}
