package io.rtcd.service.calls;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.rtcd.rtc.RtcException;
import io.rtcd.rtc.sfu.RtcServer;
import io.rtcd.rtc.sfu.RtcSignal;
import io.rtcd.rtc.sfu.RtcSignalSink;
import io.rtcd.rtc.sfu.SessionEndReason;
import io.rtcd.rtc.sfu.SessionSpec;
import io.rtcd.ws.ClientMessage;
import io.rtcd.ws.Close;
import io.rtcd.ws.Hello;
import io.rtcd.ws.Join;
import io.rtcd.ws.Leave;
import io.rtcd.ws.Reconnect;
import io.rtcd.ws.Rtc;
import io.rtcd.ws.RtcMessage;
import io.rtcd.ws.Vad;
import io.rtcd.ws.WsConnection;
import io.rtcd.ws.WsListener;
import io.rtcd.ws.WsServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Translates between the {@code /ws} backend protocol and the SFU's signals, and routes
 * server-originated signalling to the right backend connection.
 *
 * <p>Semantics: the group is the authenticated client ID, so calls and sessions are namespaced group → call →
 * session; {@code join} creates a session in a call, {@code leave} ends it, {@code reconnect} moves its signalling to
 * the connection that sent it. Hardening beyond rtcd: a session can only be addressed by connections of the client
 * that owns it, and when the mapped connection is gone, signalling falls back to another live connection of the
 * same client instead of being dropped. Every rejected message is counted in
 * {@code rtcd_ws_rejected_calls_messages_total{reason}} and logged once per connection and reason (rtcd has no error
 * message on this socket, so nothing is sent back).
 *
 * <p>Threads: {@link WsListener} callbacks run on WebSocket threads (serial per connection); {@link #send} runs on
 * SFU session threads. Both only touch concurrent maps and never block.
 */
public final class CallRouter implements WsListener, RtcSignalSink {
    private static final Logger LOG = LoggerFactory.getLogger(CallRouter.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, SessionRoute> routes = new ConcurrentHashMap<>();
    /** Session ID → how many groups hold a route with it: tells not_owner from unknown_session in O(1). */
    private final Map<String, Integer> sessionIdHolders = new ConcurrentHashMap<>();

    private final Map<String, Set<String>> connsByClient = new ConcurrentHashMap<>();
    private final Set<String> warned = ConcurrentHashMap.newKeySet();
    private final Counter rejected;
    private volatile Sessions rtc;
    private volatile Outbox ws;

    /** What the router needs of the SFU (implemented by {@link RtcServer}; a fake in unit tests). */
    interface Sessions {
        void initSession(SessionSpec spec);

        void handleSignal(String groupId, String sessionId, RtcSignal signal);

        void closeSession(String groupId, String sessionId, SessionEndReason reason);
    }

    /** What the router needs of the WebSocket server: a non-blocking send to one connection. */
    interface Outbox {
        boolean send(String connId, ClientMessage message);
    }

    public CallRouter(PrometheusRegistry registry) {
        this.rejected = Counter.builder()
                .name("rtcd_ws_rejected_calls_messages_total")
                .help("/ws call messages refused by the service, by reason")
                .labelNames("reason")
                .register(registry);
    }

    /** Connects the two sides; called once by the composition root before either starts. */
    public void bind(RtcServer rtcServer, WsServer wsServer) {
        bind(
                new Sessions() {
                    @Override
                    public void initSession(SessionSpec spec) {
                        rtcServer.initSession(spec);
                    }

                    @Override
                    public void handleSignal(String groupId, String sessionId, RtcSignal signal) {
                        rtcServer.handleSignal(groupId, sessionId, signal);
                    }

                    @Override
                    public void closeSession(String groupId, String sessionId, SessionEndReason reason) {
                        rtcServer.closeSession(groupId, sessionId, reason);
                    }
                },
                wsServer::send);
    }

    void bind(Sessions sessions, Outbox outbox) {
        this.rtc = sessions;
        this.ws = outbox;
    }

    // ---- backend → SFU -----------------------------------------------------------------------------------------

    @Override
    public void onOpen(WsConnection c) {
        connsByClient
                .computeIfAbsent(c.clientId(), k -> ConcurrentHashMap.newKeySet())
                .add(c.connId());
        LOG.atInfo()
                .addKeyValue("connID", c.connId())
                .addKeyValue("clientID", c.clientId())
                .addKeyValue("remote", c.remoteAddress())
                .log("ws: backend connected");
    }

    @Override
    public void onClose(WsConnection c, int statusCode, String reason) {
        Set<String> conns = connsByClient.get(c.clientId());
        if (conns != null) {
            conns.remove(c.connId());
        }
        warned.removeIf(k -> k.startsWith(c.connId() + "/"));
        LOG.atInfo()
                .addKeyValue("connID", c.connId())
                .addKeyValue("clientID", c.clientId())
                .addKeyValue("status", statusCode)
                .addKeyValue("reason", reason)
                .log("ws: backend disconnected; its sessions keep their media");
    }

    @Override
    public void onMessage(WsConnection c, ClientMessage m) {
        String group = c.clientId();
        if (group.isEmpty()) {
            reject(c, "no_group", "admin connections have no group and cannot carry calls");
            return;
        }
        switch (m) {
            case Join j -> join(c, group, j);
            case Leave l ->
                withOwnedSession(
                        c, group, l.sessionId(), r -> rtc.closeSession(group, r.sessionId, SessionEndReason.LEAVE));
            case Reconnect r ->
                withOwnedSession(c, group, r.sessionId(), route -> {
                    route.connId = c.connId();
                    LOG.atInfo()
                            .addKeyValue("sessionID", route.sessionId)
                            .addKeyValue("connID", c.connId())
                            .log("ws: session signalling rerouted");
                });
            case Rtc rtcMsg -> rtcFromBackend(c, group, rtcMsg.msg());
            case Hello h -> reject(c, "unexpected_type", "hello is sent by the server only");
            case Vad v -> reject(c, "unexpected_type", "vad is sent by the server only");
            case Close cl -> reject(c, "unexpected_type", "close is sent by the server only");
        }
    }

    private void join(WsConnection c, String group, Join j) {
        if (j.callId().isEmpty() || j.sessionId().isEmpty() || j.userId().isEmpty()) {
            reject(c, "invalid_join", "join needs callID, userID and sessionID");
            return;
        }
        SessionRoute route = new SessionRoute(
                group,
                j.callId(),
                j.sessionId(),
                j.userId(),
                new SessionRoute.JoinProps(j.channelId(), j.av1Support(), j.dcSignaling()),
                c.connId());
        if (!addRoute(route)) {
            reject(c, "duplicate_session", "session " + j.sessionId() + " already joined");
            return;
        }
        try {
            rtc.initSession(
                    new SessionSpec(group, j.callId(), j.sessionId(), j.userId()).withDcSignaling(j.dcSignaling()));
        } catch (RtcException | IllegalArgumentException e) {
            removeRoute(route);
            reject(c, "join_failed", e.getMessage());
            return;
        }
        LOG.atInfo()
                .addKeyValue("groupID", group)
                .addKeyValue("callID", j.callId())
                .addKeyValue("sessionID", j.sessionId())
                .addKeyValue("userID", j.userId())
                .log("session joined");
    }

    private void rtcFromBackend(WsConnection c, String group, RtcMessage msg) {
        if (msg.sessionId().isEmpty() || msg.type() == 0) {
            reject(c, "invalid_rtc", "rtc message needs session_id and type");
            return;
        }
        SessionRoute route = routes.get(key(group, msg.sessionId()));
        if (route == null) {
            reject(
                    c,
                    routeOwnedByOtherGroup(msg.sessionId()) ? "not_owner" : "unknown_session",
                    "no session " + msg.sessionId() + " for this client");
            return;
        }
        RtcSignal signal;
        try {
            signal = toSignal(msg);
        } catch (IllegalArgumentException e) {
            reject(c, "bad_rtc_data", e.getMessage());
            return;
        }
        if (signal != null) {
            rtc.handleSignal(group, route.sessionId, signal);
        }
    }

    /** Decodes an rtc message's JSON payload; null for types the server takes no action on. */
    static RtcSignal toSignal(RtcMessage msg) {
        return switch (msg.type()) {
            case RtcMessage.SDP -> {
                JsonNode sd = json(msg.data());
                String type = sd.path("type").asText("");
                String sdp = sd.path("sdp").asText("");
                if (sdp.isEmpty()) {
                    throw new IllegalArgumentException("SDP message without sdp");
                }
                yield switch (type) {
                    case "offer" -> RtcSignal.inbound(RtcSignal.Type.SDP_OFFER, sdp);
                    case "answer" -> RtcSignal.inbound(RtcSignal.Type.SDP_ANSWER, sdp);
                    default ->
                        throw new IllegalArgumentException("SDP type must be offer or answer, got '" + type + "'");
                };
            }
            case RtcMessage.ICE -> {
                JsonNode cand = json(msg.data());
                JsonNode inner =
                        cand.has("candidate") && cand.get("candidate").isObject() ? cand.get("candidate") : cand;
                yield RtcSignal.inbound(
                        RtcSignal.Type.ICE_CANDIDATE, inner.path("candidate").asText(""));
            }
            case RtcMessage.MUTE -> RtcSignal.inbound(RtcSignal.Type.MUTE, "");
            case RtcMessage.UNMUTE -> RtcSignal.inbound(RtcSignal.Type.UNMUTE, "");
            case RtcMessage.SCREEN_ON ->
                RtcSignal.inbound(
                        RtcSignal.Type.SCREEN_ON,
                        json(msg.data()).path("screenStreamID").asText(""));
            case RtcMessage.SCREEN_OFF -> RtcSignal.inbound(RtcSignal.Type.SCREEN_OFF, "");
            case RtcMessage.VIDEO_ON ->
                RtcSignal.inbound(
                        RtcSignal.Type.VIDEO_ON,
                        json(msg.data()).path("videoStreamID").asText(""));
            case RtcMessage.VIDEO_OFF -> RtcSignal.inbound(RtcSignal.Type.VIDEO_OFF, "");
            case RtcMessage.VOICE_ON, RtcMessage.VOICE_OFF ->
                throw new IllegalArgumentException("voice activity is detected by the server");
            default -> throw new IllegalArgumentException("unknown rtc type " + msg.type());
        };
    }

    private void withOwnedSession(
            WsConnection c, String group, String sessionId, java.util.function.Consumer<SessionRoute> action) {
        SessionRoute route = sessionId.isEmpty() ? null : routes.get(key(group, sessionId));
        if (route == null) {
            reject(
                    c,
                    routeOwnedByOtherGroup(sessionId) ? "not_owner" : "unknown_session",
                    "no session " + sessionId + " for this client");
            return;
        }
        action.accept(route);
    }

    /** Called only when this group has no route with the ID: any holder is therefore another group. */
    private boolean routeOwnedByOtherGroup(String sessionId) {
        return sessionIdHolders.containsKey(sessionId);
    }

    private boolean addRoute(SessionRoute route) {
        if (routes.putIfAbsent(key(route.groupId, route.sessionId), route) != null) {
            return false;
        }
        sessionIdHolders.merge(route.sessionId, 1, Integer::sum);
        return true;
    }

    private void removeRoute(SessionRoute route) {
        if (routes.remove(key(route.groupId, route.sessionId), route)) {
            sessionIdHolders.computeIfPresent(route.sessionId, (id, n) -> n == 1 ? null : n - 1);
        }
    }

    // ---- SFU → backend -----------------------------------------------------------------------------------------

    @Override
    public boolean send(RtcSignal s) {
        SessionRoute route = routes.get(key(s.groupId(), s.sessionId()));
        if (route == null) {
            return false;
        }
        ClientMessage out = switch (s.type()) {
            case SDP_OFFER -> rtcOut(route, RtcMessage.SDP, sdpJson("offer", s.payload()));
            case SDP_ANSWER -> rtcOut(route, RtcMessage.SDP, sdpJson("answer", s.payload()));
            case ICE_CANDIDATE -> rtcOut(route, RtcMessage.ICE, candidateJson(s.payload()));
            case VOICE_ON ->
                new Vad(new RtcMessage(
                        route.groupId, route.userId, route.sessionId, route.callId, RtcMessage.VOICE_ON, new byte[0]));
            case VOICE_OFF ->
                new Vad(new RtcMessage(
                        route.groupId, route.userId, route.sessionId, route.callId, RtcMessage.VOICE_OFF, new byte[0]));
            case SESSION_CLOSED -> {
                removeRoute(route);
                yield new Close(route.sessionId, s.payload()); // the reason label (docs/protocol.md "close")
            }
            case ERROR -> {
                LOG.atWarn()
                        .addKeyValue("sessionID", route.sessionId)
                        .addKeyValue("reason", s.payload())
                        .log("rtc: session request refused");
                yield null;
            }
            default -> null;
        };
        return out == null || deliver(route, out);
    }

    private boolean deliver(SessionRoute route, ClientMessage out) {
        Outbox server = ws;
        String conn = route.connId;
        if (server.send(conn, out)) {
            return true;
        }
        Set<String> alternatives = connsByClient.getOrDefault(route.groupId, Set.of());
        for (String alt : alternatives) {
            if (!alt.equals(conn) && server.send(alt, out)) {
                route.connId = alt;
                return true;
            }
        }
        LOG.atWarn()
                .addKeyValue("sessionID", route.sessionId)
                .addKeyValue("type", out.type())
                .log("ws: no live connection of the session's client; signalling dropped");
        return false;
    }

    private static Rtc rtcOut(SessionRoute r, int type, byte[] data) {
        return new Rtc(new RtcMessage(r.groupId, r.userId, r.sessionId, r.callId, type, data));
    }

    private static byte[] sdpJson(String type, String sdp) {
        return JSON.createObjectNode()
                .put("type", type)
                .put("sdp", sdp)
                .toString()
                .getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] candidateJson(String candidateLine) {
        var node = JSON.createObjectNode();
        node.put("type", "candidate");
        node.putObject("candidate")
                .put("candidate", candidateLine)
                .put("sdpMid", "0")
                .put("sdpMLineIndex", 0);
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static JsonNode json(byte[] data) {
        if (data == null || data.length == 0) {
            throw new IllegalArgumentException("missing JSON data");
        }
        try {
            JsonNode n = JSON.readTree(data);
            if (n == null || !n.isObject()) {
                throw new IllegalArgumentException("data is not a JSON object");
            }
            return n;
        } catch (IOException e) {
            throw new IllegalArgumentException("data is not valid JSON");
        }
    }

    // ---- sessions API ------------------------------------------------------------------------------------------

    /** The sessions of a call of a group, in rtcd's SessionConfig JSON shape, ordered by session ID. */
    public List<Map<String, Object>> sessions(String groupId, String callId) {
        List<SessionRoute> matching = new ArrayList<>();
        for (SessionRoute r : routes.values()) {
            if (r.groupId.equals(groupId) && r.callId.equals(callId)) {
                matching.add(r);
            }
        }
        matching.sort(Comparator.comparing(r -> r.sessionId));
        List<Map<String, Object>> out = new ArrayList<>();
        for (SessionRoute r : matching) {
            out.add(sessionConfig(r));
        }
        return out;
    }

    /** The calls of a group that have sessions: {@code [{"callID", "sessions"}]}, ordered by call ID. */
    public List<Map<String, Object>> calls(String groupId) {
        java.util.TreeMap<String, Integer> counts = new java.util.TreeMap<>();
        for (SessionRoute r : routes.values()) {
            if (r.groupId.equals(groupId)) {
                counts.merge(r.callId, 1, Integer::sum);
            }
        }
        List<Map<String, Object>> out = new ArrayList<>();
        counts.forEach((call, n) -> out.add(Map.of("callID", call, "sessions", n)));
        return out;
    }

    /** Calls with at least one session, over every client. */
    public int callCount() {
        java.util.Set<String> calls = new java.util.HashSet<>();
        for (SessionRoute r : routes.values()) {
            calls.add(r.groupId + "\u0000" + r.callId);
        }
        return calls.size();
    }

    /**
     * Ends a session of a group's call at the backend's request ({@code DELETE /calls/{callID}/sessions/{sessionID}}),
     * as a {@code leave} from that backend would: the SFU closes it and the backend gets {@code close}.
     *
     * @return false when the group has no such session in that call
     */
    public boolean endSession(String groupId, String callId, String sessionId) {
        SessionRoute r = routes.get(key(groupId, sessionId));
        if (r == null || !r.callId.equals(callId)) {
            return false;
        }
        LOG.atInfo()
                .addKeyValue("clientID", groupId)
                .addKeyValue("callID", callId)
                .addKeyValue("sessionID", sessionId)
                .log("session ended by its client over the HTTP API");
        rtc.closeSession(groupId, sessionId, SessionEndReason.LEAVE);
        return true;
    }

    /** One session of a call, if it exists. */
    public Optional<Map<String, Object>> session(String groupId, String callId, String sessionId) {
        SessionRoute r = routes.get(key(groupId, sessionId));
        return r == null || !r.callId.equals(callId) ? Optional.empty() : Optional.of(sessionConfig(r));
    }

    private static Map<String, Object> sessionConfig(SessionRoute r) {
        Map<String, Object> props = new java.util.LinkedHashMap<>();
        props.put("channelID", r.props.channelId());
        props.put("av1Support", r.props.av1Support());
        props.put("dcSignaling", r.props.dcSignaling());
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("GroupID", r.groupId);
        m.put("CallID", r.callId);
        m.put("UserID", r.userId);
        m.put("SessionID", r.sessionId);
        m.put("Props", props);
        return m;
    }

    private void reject(WsConnection c, String reason, String detail) {
        rejected.labelValues(reason).inc();
        if (warned.add(c.connId() + "/" + reason)) {
            LOG.atWarn()
                    .addKeyValue("connID", c.connId())
                    .addKeyValue("clientID", c.clientId())
                    .addKeyValue("reason", reason)
                    .log(
                            "ws: message rejected: {} (further ones of this kind on this connection are only counted)",
                            detail);
        }
    }

    private static String key(String group, String sessionId) {
        return group + '\u0000' + sessionId;
    }
}
