package io.rtcd.service.cospace;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rtcd.auth.JoinClaims;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One realtime space: its participants (presence), their activities, channel subscriptions and app messages
 * (docs/protocol.md "Cospaces"). Created by {@link CospaceRegistry}.
 *
 * <p>Threading: every method may be called from any thread (socket threads, SFU session threads, HTTP threads, the
 * grace timer). State changes and the fan-out of the resulting events happen under this cospace's own lock, so every
 * participant sees one cospace's events in the same order; sending only queues ({@link ParticipantLink} never
 * blocks), so the lock is held for microseconds and never across I/O. There is no global lock on this path.
 */
public final class Cospace {
    private static final Logger LOG = LoggerFactory.getLogger(Cospace.class);
    /**
     * No per-thread buffer recycling: a presence snapshot grows with the cospace (~64K chars at 300 participants) and
     * Jackson's default pool would keep a buffer that size (up to 128 KB) in every thread that ever wrote one.
     */
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .recyclerPool(JsonRecyclerPools.nonRecyclingPool())
            .build());

    /** Close code for a session taken over by a newer one of the same user (RFC 6455 §7.4.2 private range). */
    public static final int CLOSE_REPLACED = 4001;
    /** Close code when the cospace ends (RFC 6455 §7.4.1 normal closure). */
    public static final int CLOSE_NORMAL = 1000;

    static final int MAX_ACTIVITY_NAME = 64;

    private final String id;
    private final ModelRoot modelRoot;
    private final String owner;
    private final Instant createdAt;
    private final int maxParticipants;
    private final int maxPublishers;
    private final CospaceRegistry registry;

    private final Object lock = new Object();
    /** Participants in join order, by user id. */
    private final Map<String, Participant> byUser = new LinkedHashMap<>();

    private final Map<String, Participant> bySession = new HashMap<>();
    private boolean closed;
    private volatile int size;

    Cospace(
            String id,
            ModelRoot modelRoot,
            String owner,
            Instant createdAt,
            int maxParticipants,
            int maxPublishers,
            CospaceRegistry registry) {
        this.id = id;
        this.modelRoot = modelRoot;
        this.owner = owner;
        this.createdAt = createdAt;
        this.maxParticipants = maxParticipants;
        this.maxPublishers = maxPublishers;
        this.registry = registry;
    }

    public String id() {
        return id;
    }

    /** The hosted model root, or {@code null} for a cospace created implicitly by a first connect. */
    public ModelRoot modelRoot() {
        return modelRoot;
    }

    /** The client ID that hosted it ({@code ""} for the admin), or {@code null} for an implicit cospace. */
    public String owner() {
        return owner;
    }

    public boolean implicit() {
        return modelRoot == null;
    }

    /** Listed participants (connected or within their grace). */
    public int size() {
        return size;
    }

    // ---- join / leave ---------------------------------------------------------------------------------------

    /**
     * Admits {@code claims.userId()} with the socket {@code link}: sends it {@code welcome} and the presence snapshot,
     * and tells the others. A user already present (connected or within its grace) is taken over: its old socket gets
     * {@code session.replaced} and is closed with {@link #CLOSE_REPLACED}; the others see {@code participant.updated},
     * not a leave and a join.
     *
     * @param requested channels asked for at connect ({@code ?channels=}), or {@code null} for every readable one;
     *     forbidden or unknown ones are refused with an error each, after the welcome
     * @throws CospaceException {@code cospace_full} or {@code cospace_closed}
     */
    public void join(JoinClaims claims, ParticipantLink link, List<String> requested) {
        Grant grant = Grant.of(claims, id);
        synchronized (lock) {
            if (closed) {
                throw new CospaceException("cospace_closed", 410, "cospace " + id + " is closed");
            }
            Participant p = byUser.get(claims.userId());
            boolean fresh = p == null;
            if (fresh) {
                if (byUser.size() >= maxParticipants) {
                    throw new CospaceException(
                            "cospace_full", 503, "cospace is full: max_participants (" + maxParticipants + ") reached");
                }
                if (grant.publisher() && publishers() >= maxPublishers) {
                    throw new CospaceException(
                            "cospace_full", 503, "cospace is full: max_publishers (" + maxPublishers + ") reached");
                }
                p = new Participant(claims.userId(), registry.now());
                byUser.put(p.userId, p);
                size = byUser.size();
            } else {
                takeOver(p, link.sessionId());
            }
            p.sessionId = link.sessionId();
            p.link = link;
            p.grant = grant;
            p.connected = true;
            p.muted = false;
            p.speaking = false;
            p.video = false;
            p.subscriptions.clear();
            bySession.put(p.sessionId, p);

            List<String> refusedChannels = new ArrayList<>();
            if (requested == null) {
                p.subscriptions.addAll(grant.readable());
            } else {
                for (String name : requested) {
                    String full = resolve(p, name);
                    if (full == null
                            || (!isImplicit(p, full) && !grant.readable().contains(full))) {
                        refusedChannels.add(full == null ? name : full);
                    } else if (!isImplicit(p, full)) {
                        p.subscriptions.add(full);
                    }
                }
            }
            link.send(welcome(p, claims));
            for (String ch : refusedChannels) {
                refuseChannel(p, ch, false);
            }
            if (p.subscriptions.contains(Channels.presence(id))) {
                sendSnapshot(p);
            }
            broadcast(
                    Channels.presence(id),
                    fresh ? "participant.joined" : "participant.updated",
                    Map.of("participant", p.view()),
                    p);
        }
        LOG.atInfo()
                .addKeyValue("cospace", id)
                .addKeyValue("sessionID", link.sessionId())
                .log("cospace: participant joined");
    }

    private void takeOver(Participant p, String newSessionId) {
        if (p.grace != null) {
            p.grace.cancel(false);
            p.grace = null;
        }
        bySession.remove(p.sessionId);
        if (p.connected && p.link != null) {
            ParticipantLink old = p.link;
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("sessionId", p.sessionId);
            payload.put("by", newSessionId);
            String channel = Channels.session(p.sessionId);
            old.send(event("session.replaced", channel, payload));
            registry.metrics().eventSent();
            old.close(CLOSE_REPLACED, "session replaced");
        }
    }

    /**
     * The socket of {@code sessionId} is gone (its media session with it). The participant stays listed, shown
     * {@code connected: false}, for the presence grace; then it is removed ({@code participant.left}, reason
     * {@code disconnected}) unless the user came back. No-op for a session that was replaced or already left.
     */
    public void disconnected(String sessionId) {
        synchronized (lock) {
            Participant p = bySession.remove(sessionId);
            if (p == null || closed) {
                return;
            }
            p.connected = false;
            p.link = null;
            p.speaking = false;
            long graceNanos = registry.config().presenceGrace().toNanos();
            if (graceNanos == 0) {
                remove(p, "disconnected");
                return;
            }
            broadcast(Channels.presence(id), "participant.updated", Map.of("participant", p.view()), null);
            p.grace = registry.schedule(() -> graceOver(p.userId, sessionId), graceNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void graceOver(String userId, String sessionId) {
        synchronized (lock) {
            Participant p = byUser.get(userId);
            if (p != null && !p.connected && sessionId.equals(p.sessionId) && !closed) {
                p.grace = null;
                remove(p, "disconnected");
            }
        }
    }

    /** The participant of {@code sessionId} left on purpose ({@code leave}, failed join): removed at once. */
    public void leave(String sessionId, String reason) {
        synchronized (lock) {
            Participant p = bySession.remove(sessionId);
            if (p != null && !closed) {
                p.connected = false;
                p.link = null;
                remove(p, reason);
            }
        }
    }

    private void remove(Participant p, String reason) {
        byUser.remove(p.userId, p);
        size = byUser.size();
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("userId", p.userId);
        payload.put("sessionId", p.sessionId);
        payload.put("reason", reason);
        broadcast(Channels.presence(id), "participant.left", payload, p);
        if (p.activity != null) {
            broadcast(Channels.activity(id), "activity.left", activityPayload(p, p.activity, null), p);
        }
        if (byUser.isEmpty() && implicit()) {
            closed = true;
            registry.removed(this);
        }
    }

    /**
     * Ends the cospace: every connected participant gets {@code cospace.closed} on {@code cospace.<id>} and its
     * socket is closed with 1000; pending grace timers are cancelled. Idempotent.
     */
    public void close(String reason) {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("cospace", id);
            payload.put("reason", reason);
            String text = event("cospace.closed", Channels.lifecycle(id), payload);
            for (Participant p : byUser.values()) {
                if (p.grace != null) {
                    p.grace.cancel(false);
                }
                if (p.connected && p.link != null) {
                    p.link.send(text);
                    registry.metrics().eventSent();
                    p.link.close(CLOSE_NORMAL, "cospace closed");
                }
            }
            byUser.clear();
            bySession.clear();
            size = 0;
        }
        LOG.atInfo().addKeyValue("cospace", id).addKeyValue("reason", reason).log("cospace: closed");
    }

    public boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }

    // ---- channels -------------------------------------------------------------------------------------------

    /**
     * Adds subscriptions. All or nothing: one forbidden ({@code forbidden_channel}) or unknown
     * ({@code unknown_channel}) channel refuses the request with an error naming it; otherwise the client gets
     * {@code subscribed} with its whole list, and a {@code presence.snapshot} if it just subscribed to presence.
     */
    public void subscribe(String sessionId, List<String> names) {
        synchronized (lock) {
            Participant p = bySession.get(sessionId);
            if (p == null) {
                return;
            }
            List<String> add = new ArrayList<>();
            for (String name : names) {
                String full = resolve(p, name);
                if (full == null || (!isImplicit(p, full) && !p.grant.readable().contains(full))) {
                    refuseChannel(p, full == null ? name : full, false);
                    return;
                }
                if (!isImplicit(p, full)) {
                    add.add(full);
                }
            }
            boolean presenceBefore = p.subscriptions.contains(Channels.presence(id));
            p.subscriptions.addAll(add);
            p.link.send(subscribed(p));
            if (!presenceBefore && p.subscriptions.contains(Channels.presence(id))) {
                sendSnapshot(p);
            }
        }
    }

    /** Removes subscriptions; the lifecycle and session channels cannot be left ({@code unknown_channel}). */
    public void unsubscribe(String sessionId, List<String> names) {
        synchronized (lock) {
            Participant p = bySession.get(sessionId);
            if (p == null) {
                return;
            }
            List<String> remove = new ArrayList<>();
            for (String name : names) {
                String full = resolve(p, name);
                if (full == null || isImplicit(p, full)) {
                    refuseChannel(p, name, full != null);
                    return;
                }
                remove.add(full);
            }
            remove.forEach(p.subscriptions::remove);
            p.link.send(subscribed(p));
        }
    }

    /** The full name of {@code name} if it is a channel of this participant, else {@code null}. */
    private String resolve(Participant p, String name) {
        if (name.equals(Channels.lifecycle(id)) || name.equals(Channels.session(p.sessionId))) {
            return name;
        }
        return Channels.grantable(id, name);
    }

    private boolean isImplicit(Participant p, String full) {
        return full.equals(Channels.lifecycle(id)) || full.equals(Channels.session(p.sessionId));
    }

    /**
     * Refuses one channel: {@code unknown_channel} for a name that is not a channel of this cospace, or one that
     * cannot be left ({@code permanent}); {@code forbidden_channel} for any other channel name (another cospace's,
     * another session's, or one the token does not grant).
     */
    private void refuseChannel(Participant p, String channel, boolean permanent) {
        boolean looksLikeChannel = channel.startsWith("cospace.") || channel.startsWith("sessions.");
        if (permanent || !looksLikeChannel) {
            String why = permanent ? "channel cannot be unsubscribed: " : "no such channel: ";
            reply(p, "unknown_channel", why + channel, channel);
        } else {
            reply(p, "forbidden_channel", "not permitted to read " + channel, channel);
        }
    }

    // ---- presence updates from media ------------------------------------------------------------------------

    /** A media state change of {@code sessionId} ({@code null} = unchanged); {@code participant.updated} if any. */
    public void media(String sessionId, Boolean muted, Boolean speaking, Boolean video) {
        synchronized (lock) {
            Participant p = bySession.get(sessionId);
            if (p == null || closed) {
                return;
            }
            boolean changed = false;
            if (muted != null && p.muted != muted) {
                p.muted = muted;
                changed = true;
                if (muted && p.speaking) {
                    p.speaking = false;
                }
            }
            if (speaking != null && p.speaking != speaking) {
                p.speaking = speaking;
                changed = true;
            }
            if (video != null && p.video != video) {
                p.video = video;
                changed = true;
            }
            if (changed) {
                broadcast(Channels.presence(id), "participant.updated", Map.of("participant", p.view()), null);
            }
        }
    }

    /** The grant of a live session, or {@code null}. */
    public Grant grant(String sessionId) {
        synchronized (lock) {
            Participant p = bySession.get(sessionId);
            return p == null ? null : p.grant;
        }
    }

    // ---- activities -----------------------------------------------------------------------------------------

    /**
     * Puts the participant in activity {@code name} (at most one each): {@code activity.left} for the previous one,
     * {@code activity.joined} for the new one on {@code cospace.<id>.activity}, and {@code participant.updated}.
     */
    public void setActivity(String sessionId, String name, JsonNode data) {
        synchronized (lock) {
            Participant p = bySession.get(sessionId);
            if (p == null || closed) {
                return;
            }
            if (name.equals(p.activity) && java.util.Objects.equals(data, p.activityData)) {
                return;
            }
            String previous = p.activity;
            if (previous != null && !previous.equals(name)) {
                broadcast(Channels.activity(id), "activity.left", activityPayload(p, previous, null), null);
            }
            p.activity = name;
            p.activityData = data;
            broadcast(Channels.activity(id), "activity.joined", activityPayload(p, name, data), null);
            broadcast(Channels.presence(id), "participant.updated", Map.of("participant", p.view()), null);
        }
    }

    public void clearActivity(String sessionId) {
        synchronized (lock) {
            Participant p = bySession.get(sessionId);
            if (p == null || closed || p.activity == null) {
                return;
            }
            String previous = p.activity;
            p.activity = null;
            p.activityData = null;
            broadcast(Channels.activity(id), "activity.left", activityPayload(p, previous, null), null);
            broadcast(Channels.presence(id), "participant.updated", Map.of("participant", p.view()), null);
        }
    }

    private static Map<String, Object> activityPayload(Participant p, String name, JsonNode data) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("userId", p.userId);
        m.put("sessionId", p.sessionId);
        m.put("activity", name);
        if (data != null) {
            m.put("data", data);
        }
        return m;
    }

    // ---- app messages ---------------------------------------------------------------------------------------

    /**
     * Relays an app message to every other participant subscribed to {@code cospace.<id>.messages}, as event
     * {@code message} with the sender and a per-sender sequence number (1, 2, ...). Refused with {@code forbidden}
     * (no {@code publish_data}), {@code unknown_channel} or {@code message_too_large}.
     */
    public void publish(String sessionId, String channel, JsonNode payload) {
        String encoded = payload == null ? "null" : payload.toString();
        synchronized (lock) {
            Participant p = bySession.get(sessionId);
            if (p == null || closed) {
                return;
            }
            String full = Channels.grantable(id, channel);
            if (!Channels.messages(id).equals(full)) {
                reply(p, "unknown_channel", "app messages go to " + Channels.messages(id), channel);
                return;
            }
            if (!p.grant.publishData()) {
                reply(p, "forbidden", "not permitted to publish on " + full + " (needs publish_data)", full);
                return;
            }
            int bytes = encoded.getBytes(StandardCharsets.UTF_8).length;
            int max = registry.config().maxMessageBytes();
            if (bytes > max) {
                reply(p, "message_too_large", "payload is " + bytes + " bytes; at most " + max, full);
                return;
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("userId", p.userId);
            out.put("sessionId", p.sessionId);
            out.put("seq", ++p.messageSeq);
            out.put("data", payload);
            broadcast(full, "message", out, p);
        }
    }

    private void reply(Participant p, String code, String message, String channel) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "error");
        m.put("code", code);
        m.put("message", message);
        m.put("channel", channel);
        p.link.send(json(m));
        registry.metrics().refused(code);
    }

    // ---- status ---------------------------------------------------------------------------------------------

    /** {@code GET /realtime/status/{cospace}}'s body. */
    public Map<String, Object> status() {
        synchronized (lock) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("cospace", id);
            m.put("modelRoot", modelRoot == null ? null : modelRoot.toString());
            m.put("state", closed ? "closed" : byUser.isEmpty() ? "idle" : "active");
            m.put("participants", byUser.size());
            m.put("createdAt", createdAt.toString());
            m.put("publishers", publishers());
            m.put("maxParticipants", maxParticipants);
            m.put("maxPublishers", maxPublishers);
            m.put("hosted", !implicit());
            return m;
        }
    }

    /** The participants as presence shows them, in join order. */
    public List<Map<String, Object>> participants() {
        synchronized (lock) {
            List<Map<String, Object>> out = new ArrayList<>();
            byUser.values().forEach(p -> out.add(p.view()));
            return out;
        }
    }

    private int publishers() {
        int n = 0;
        for (Participant p : byUser.values()) {
            if (p.grant != null && p.grant.publisher()) {
                n++;
            }
        }
        return n;
    }

    // ---- wire -----------------------------------------------------------------------------------------------

    private void sendSnapshot(Participant to) {
        List<Map<String, Object>> list = new ArrayList<>();
        byUser.values().forEach(p -> list.add(p.view()));
        to.link.send(event("presence.snapshot", Channels.presence(id), Map.of("participants", list)));
        registry.metrics().eventSent();
    }

    /** Queues one event to every connected participant receiving {@code channel}, except {@code skip}. */
    private void broadcast(String channel, String name, Map<String, Object> payload, Participant skip) {
        String text = null;
        for (Participant p : byUser.values()) {
            if (p == skip || !p.receives(channel, id)) {
                continue;
            }
            if (text == null) {
                text = event(name, channel, payload);
            }
            p.link.send(text);
            registry.metrics().eventSent();
        }
    }

    private String event(String name, String channel, Map<String, Object> payload) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("event", name);
        m.put("channels", List.of(channel));
        m.put("timestamp", registry.now().toEpochMilli());
        m.put("payload", payload);
        return json(m);
    }

    private String welcome(Participant p, JoinClaims claims) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "welcome");
        m.put("sessionId", p.sessionId);
        m.put("userId", p.userId);
        m.put("cospace", id);
        m.put("channels", channelList(p));
        m.put("permissions", new TreeSet<>(claims.permissions()));
        return json(m);
    }

    private String subscribed(Participant p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "subscribed");
        m.put("channels", channelList(p));
        return json(m);
    }

    private List<String> channelList(Participant p) {
        List<String> all = new ArrayList<>();
        all.add(Channels.lifecycle(id));
        all.add(Channels.session(p.sessionId));
        for (String suffix : Channels.READABLE) {
            String full = Channels.lifecycle(id) + "." + suffix;
            if (p.subscriptions.contains(full)) {
                all.add(full);
            }
        }
        return all;
    }

    static String json(Map<String, Object> m) {
        try {
            return JSON.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a cospace message", e);
        }
    }
}
