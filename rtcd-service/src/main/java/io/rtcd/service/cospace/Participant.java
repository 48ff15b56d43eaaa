package io.rtcd.service.cospace;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;

/**
 * One user's presence in a cospace. Mutable; every field is guarded by the owning {@link Cospace}'s lock. The user id
 * is the identity: a reconnect or a second session of the same user takes the entry over (new session id).
 */
final class Participant {
    final String userId;
    final Instant joinedAt;
    String sessionId;
    ParticipantLink link;
    Grant grant;
    /** Subscribed grantable channels (full names); the lifecycle and session channels are implicit. */
    final Set<String> subscriptions = new LinkedHashSet<>();

    boolean connected;
    boolean muted;
    boolean speaking;
    boolean video;
    String activity;
    JsonNode activityData;
    ScheduledFuture<?> grace;
    long messageSeq;

    Participant(String userId, Instant joinedAt) {
        this.userId = userId;
        this.joinedAt = joinedAt;
    }

    boolean receives(String channel, String cospace) {
        if (!connected) {
            return false;
        }
        return channel.equals(Channels.lifecycle(cospace))
                || channel.equals(Channels.session(sessionId))
                || subscriptions.contains(channel);
    }

    /** The participant as presence events show it. */
    Map<String, Object> view() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("userId", userId);
        m.put("sessionId", sessionId);
        m.put("joinedAt", joinedAt.toString());
        m.put("connected", connected);
        m.put("muted", muted);
        m.put("speaking", speaking);
        m.put("video", video);
        m.put("activity", activityView());
        return m;
    }

    Map<String, Object> activityView() {
        if (activity == null) {
            return null;
        }
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("name", activity);
        a.put("data", activityData);
        return a;
    }
}
