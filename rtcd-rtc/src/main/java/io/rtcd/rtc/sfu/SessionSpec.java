package io.rtcd.rtc.sfu;

import java.util.Objects;
import java.util.Set;

/**
 * Identity of a new session (rtcd {@code SessionConfig}). All four ids are required.
 *
 * @param groupId the group (the rtcd client, e.g. one Mattermost installation)
 * @param callId the call (cospace) within the group
 * @param sessionId the participant's session, unique within the call
 * @param userId the participant's user
 * @param mayPublishData whether the participant's data-channel messages are relayed to the call (docs/protocol.md
 *     "Data channels"); {@code false} drops them (counted) while the participant still receives others'
 * @param publish the media the participant may publish ({@link PublishPermission}); a client section it may not
 *     publish is answered {@code a=inactive}, not forwarded, and the participant gets an ERROR signal
 * @param dcSignaling rtcd's {@code dcSignaling} join property: server offers go over the calls-dc
 *     data channel while it is open (over the signalling socket before that)
 */
public record SessionSpec(
        String groupId,
        String callId,
        String sessionId,
        String userId,
        boolean mayPublishData,
        Set<PublishPermission> publish,
        boolean dcSignaling) {
    public SessionSpec {
        require("groupId", groupId);
        require("callId", callId);
        require("sessionId", sessionId);
        require("userId", userId);
        publish = Set.copyOf(Objects.requireNonNull(publish, "publish"));
    }

    /** A session whose offers go over the signalling socket only. */
    public SessionSpec(
            String groupId,
            String callId,
            String sessionId,
            String userId,
            boolean mayPublishData,
            Set<PublishPermission> publish) {
        this(groupId, callId, sessionId, userId, mayPublishData, publish, false);
    }

    /** A session that may publish every kind of media. */
    public SessionSpec(String groupId, String callId, String sessionId, String userId, boolean mayPublishData) {
        this(groupId, callId, sessionId, userId, mayPublishData, PublishPermission.all());
    }

    /** A session with every permission (the backend {@code /ws} face: the backend decides who joins). */
    public SessionSpec(String groupId, String callId, String sessionId, String userId) {
        this(groupId, callId, sessionId, userId, true);
    }

    /** This spec with other publish permissions (e.g. from a join token). */
    public SessionSpec withPublish(Set<PublishPermission> value) {
        return new SessionSpec(groupId, callId, sessionId, userId, mayPublishData, value, dcSignaling);
    }

    /** This spec with rtcd's {@code dcSignaling} join property. */
    public SessionSpec withDcSignaling(boolean value) {
        return new SessionSpec(groupId, callId, sessionId, userId, mayPublishData, publish, value);
    }

    private static void require(String name, String value) {
        Objects.requireNonNull(value, name);
        if (value.isBlank() || value.length() > 128) {
            throw new IllegalArgumentException(name + " must be 1..128 characters, got '" + value + "'");
        }
    }
}
