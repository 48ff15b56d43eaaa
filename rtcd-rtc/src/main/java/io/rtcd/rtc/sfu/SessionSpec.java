package io.rtcd.rtc.sfu;

import java.util.Objects;

/**
 * Identity of a new session (rtcd {@code SessionConfig}, rtcd-spec §4.5). All four ids are required.
 *
 * @param groupId the group (the rtcd client, e.g. one Mattermost installation)
 * @param callId the call (cospace) within the group
 * @param sessionId the participant's session, unique within the call
 * @param userId the participant's user
 * @param mayPublishData whether the participant's data-channel messages are relayed to the call (docs/protocol.md
 *     "Data channels"); {@code false} drops them (counted) while the participant still receives others'
 */
public record SessionSpec(String groupId, String callId, String sessionId, String userId, boolean mayPublishData) {
    public SessionSpec {
        require("groupId", groupId);
        require("callId", callId);
        require("sessionId", sessionId);
        require("userId", userId);
    }

    /** A session with every permission (the backend {@code /ws} face: the backend decides who joins). */
    public SessionSpec(String groupId, String callId, String sessionId, String userId) {
        this(groupId, callId, sessionId, userId, true);
    }

    private static void require(String name, String value) {
        Objects.requireNonNull(value, name);
        if (value.isBlank() || value.length() > 128) {
            throw new IllegalArgumentException(name + " must be 1..128 characters, got '" + value + "'");
        }
    }
}
