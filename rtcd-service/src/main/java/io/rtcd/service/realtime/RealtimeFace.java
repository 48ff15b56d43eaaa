package io.rtcd.service.realtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rtcd.auth.AuthException;
import io.rtcd.auth.JoinClaims;
import io.rtcd.auth.JoinTokenCodec;
import io.rtcd.rtc.RtcException;
import io.rtcd.rtc.sfu.RtcServer;
import io.rtcd.rtc.sfu.RtcSignal;
import io.rtcd.rtc.sfu.SessionEndReason;
import io.rtcd.rtc.sfu.SessionSpec;
import io.rtcd.service.cospace.Cospace;
import io.rtcd.service.cospace.CospaceException;
import io.rtcd.service.cospace.CospaceMetrics;
import io.rtcd.service.cospace.CospaceRegistry;
import io.rtcd.service.cospace.Grant;
import io.rtcd.service.cospace.ParticipantLink;
import io.rtcd.ws.realtime.TextWsAcceptor;
import io.rtcd.ws.realtime.TextWsConnection;
import io.rtcd.ws.realtime.TextWsListener;
import io.rtcd.ws.realtime.TextWsRefusedException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The direct browser face {@code /realtime/connect/{cospace}?token=...} (docs/protocol.md "Browser face"): one text
 * WebSocket per participant carrying JSON signalling for one SFU session in group {@link #GROUP}, call = cospace,
 * session id = the connection id.
 *
 * <p>It is the upgrade acceptor (verifies the join token and its cospace before the upgrade), the connection listener
 * (client messages to {@link RtcServer#handleSignal}) and, through {@link #deliver}, the SFU's sink for its group.
 *
 * <p>Each connection is also a participant of its cospace ({@link CospaceRegistry}): presence, channels, activities
 * and app messages (docs/protocol.md "Cospaces") are handled by the {@link Cospace}; this class parses the client's
 * messages and feeds the cospace the SFU's voice-activity signals.
 *
 * <p>Threads: acceptor on HTTP threads, listener callbacks on WebSocket threads (serial per connection),
 * {@link #deliver} on SFU session threads. Shared state is one concurrent map plus the cospaces (each behind its own
 * short lock, never held across I/O); nothing blocks. Messages from the cospace (presence fan-out) are queued with
 * {@link TextWsConnection#sendDeferred}: the socket server's flush thread writes them, so neither a cospace lock nor
 * the joining socket's thread (nor an SFU thread reporting voice activity) waits for hundreds of socket writes.
 */
public final class RealtimeFace implements TextWsAcceptor<JoinRequest>, TextWsListener<JoinRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(RealtimeFace.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The SFU group of browser sessions. The '@' cannot appear in a client ID (rtcd-auth allows [A-Za-z0-9_.-]), so no
     * backend's calls can share a cospace with the browser face.
     */
    public static final String GROUP = "@realtime";

    /** Where the face is mounted; the cospace is the one path segment below it. */
    public static final String PREFIX = "/realtime/connect";

    private static final int MAX_CLOSE_REASON_BYTES = 120;
    /** WebSocket close codes (RFC 6455 §7.4.1). */
    private static final int CLOSE_NORMAL = 1000;

    private static final int CLOSE_SERVER_ERROR = 1011;
    /** RFC 6455 §7.4.1 / IANA: "Try Again Later", for a full cospace or server. */
    private static final int CLOSE_TRY_AGAIN_LATER = 1013;

    static final int MAX_CHANNELS_PER_REQUEST = 32;
    static final int MAX_CHANNEL_NAME = 200;

    private final JoinTokenCodec tokens;
    private final CospaceRegistry cospaces;
    private final CospaceMetrics metrics;
    private final Map<String, Conn> sessions = new ConcurrentHashMap<>();
    private volatile RtcServer rtc;

    /** One live connection and the cospace it joined. */
    private record Conn(TextWsConnection<JoinRequest> c, Cospace cospace) {}

    public RealtimeFace(JoinTokenCodec tokens, CospaceRegistry cospaces, CospaceMetrics metrics) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.cospaces = Objects.requireNonNull(cospaces, "cospaces");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    /** Connects the SFU; called once by the composition root before anything starts. */
    public void bind(RtcServer rtcServer) {
        this.rtc = Objects.requireNonNull(rtcServer, "rtcServer");
    }

    /** Number of open browser-face sessions. */
    public int sessionCount() {
        return sessions.size();
    }

    // ---- upgrade ---------------------------------------------------------------------------------------------

    @Override
    public JoinRequest accept(String path, Map<String, String> query) {
        String cospace = path.startsWith(PREFIX + "/") ? path.substring(PREFIX.length() + 1) : "";
        if (!TokenRoutes.COSPACE.matcher(cospace).matches()) {
            throw new TextWsRefusedException(404, "not found");
        }
        JoinClaims claims;
        try {
            claims = tokens.verify(query.get("token"));
        } catch (AuthException e) {
            throw new TextWsRefusedException(401, e.getMessage(), tokenReason(e.getMessage()));
        }
        if (!claims.cospace().equals(cospace)) {
            throw new TextWsRefusedException(401, "token not valid for this cospace", "token_wrong_cospace");
        }
        try {
            cospaces.checkClosed(cospace);
        } catch (CospaceException e) {
            throw new TextWsRefusedException(e.httpStatus(), e.getMessage());
        }
        return new JoinRequest(claims, channels(query.get("channels")));
    }

    /** {@code ?channels=a&channels=b} (the server joins repeated values with ',') or {@code ?channels=a,b}. */
    private static List<String> channels(String raw) {
        if (raw == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (String part : raw.split(",", -1)) {
            String name = part.strip();
            if (!name.isEmpty()) {
                out.add(name);
            }
        }
        if (out.size() > MAX_CHANNELS_PER_REQUEST) {
            throw new TextWsRefusedException(400, "at most " + MAX_CHANNELS_PER_REQUEST + " channels");
        }
        return out;
    }

    /** The {@code rtcd_guard_refused_total} reason of a refused join token (rtcd-auth's messages). */
    private static String tokenReason(String message) {
        return switch (message == null ? "" : message) {
            case "token expired" -> "token_expired";
            case "token signature invalid" -> "token_bad_signature";
            default -> "token_malformed";
        };
    }

    // ---- browser → SFU ---------------------------------------------------------------------------------------

    @Override
    public void onOpen(TextWsConnection<JoinRequest> c) {
        JoinClaims claims = c.attachment().claims();
        String sessionId = c.id();
        Cospace cospace;
        try {
            cospace = cospaces.join(
                    claims.cospace(), claims, link(c), c.attachment().channels());
        } catch (CospaceException e) {
            LOG.info("realtime: session {} refused: {}", sessionId, e.getMessage());
            c.send(error(e.code(), e.getMessage()));
            c.send(closed(e.getMessage()));
            c.close("cospace_closed".equals(e.code()) ? CLOSE_NORMAL : CLOSE_TRY_AGAIN_LATER, truncate(e.getMessage()));
            return;
        }
        sessions.put(sessionId, new Conn(c, cospace));
        try {
            rtc.initSession(
                    new SessionSpec(GROUP, claims.cospace(), sessionId, claims.userId(), DataPermission.of(claims))
                            .withPublish(MediaPermissions.of(claims.permissions())));
        } catch (RtcException | IllegalArgumentException e) {
            sessions.remove(sessionId);
            cospace.leave(sessionId, "join failed");
            LOG.info("realtime: session {} refused by the SFU: {}", sessionId, e.getMessage());
            c.send(error("join_failed", e.getMessage()));
            c.send(closed("join failed"));
            c.close(CLOSE_SERVER_ERROR, "join failed");
            return;
        }
        Grant grant = cospace.grant(sessionId);
        if (grant != null && !grant.publishAudio()) {
            // No audio permission: the SFU never forwards this participant's voice (unmute is refused below).
            signal(c, RtcSignal.Type.MUTE, "");
            cospace.media(sessionId, true, null, null);
        }
        LOG.atInfo()
                .addKeyValue("sessionID", sessionId)
                .addKeyValue("cospace", claims.cospace())
                .addKeyValue("remote", c.remoteAddress())
                .log("realtime: browser joined");
    }

    private ParticipantLink link(TextWsConnection<JoinRequest> c) {
        return new ParticipantLink() {
            @Override
            public String sessionId() {
                return c.id();
            }

            @Override
            public boolean send(String json) {
                // Queued only: the cospace sends under its lock, often to every participant (presence).
                return c.sendDeferred(json);
            }

            /** The cospace ends this participant (replaced, or the cospace closed): its SFU session ends with why. */
            @Override
            public void close(int code, String reason) {
                if (sessions.remove(c.id()) != null) {
                    rtc.closeSession(
                            GROUP,
                            c.id(),
                            code == Cospace.CLOSE_REPLACED
                                    ? SessionEndReason.REPLACED
                                    : SessionEndReason.COSPACE_CLOSED);
                }
                c.send(closed(reason));
                c.close(code, reason);
            }
        };
    }

    @Override
    public void onText(TextWsConnection<JoinRequest> c, String text) {
        JsonNode m;
        try {
            m = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            refuse(c, "malformed", "message is not valid JSON");
            return;
        }
        if (m == null || !m.isObject() || !m.path("type").isTextual()) {
            refuse(c, "malformed", "message must be a JSON object with a string \"type\"");
            return;
        }
        String sessionId = c.id();
        Conn conn = sessions.get(sessionId);
        if (conn == null) {
            refuse(c, "no_session", "the session has ended");
            return;
        }
        Cospace cospace = conn.cospace();
        String type = m.get("type").asText();
        switch (type) {
            case "offer" -> withSdp(c, m, RtcSignal.Type.SDP_OFFER);
            case "answer" -> withSdp(c, m, RtcSignal.Type.SDP_ANSWER);
            case "candidate" -> candidate(c, m.get("candidate"));
            case "mute" -> {
                signal(c, RtcSignal.Type.MUTE, "");
                cospace.media(sessionId, true, null, null);
            }
            case "unmute" -> {
                if (permitted(c, cospace, Grant::publishAudio, "publish_audio")) {
                    signal(c, RtcSignal.Type.UNMUTE, "");
                    cospace.media(sessionId, false, null, null);
                }
            }
            case "video_on" -> {
                JsonNode id = m.get("streamId");
                if (id == null || !id.isTextual() || id.asText().isEmpty()) {
                    refuse(c, "malformed", "video_on needs a non-empty string \"streamId\"");
                } else if (permitted(c, cospace, Grant::publishVideo, "publish_video")) {
                    signal(c, RtcSignal.Type.VIDEO_ON, id.asText());
                    cospace.media(sessionId, null, null, true);
                }
            }
            case "video_off" -> {
                signal(c, RtcSignal.Type.VIDEO_OFF, "");
                cospace.media(sessionId, null, null, false);
            }
            case "leave" -> leave(c);
            case "subscribe", "unsubscribe" -> {
                List<String> names = channelList(m.get("channels"));
                if (names == null) {
                    refuse(
                            c,
                            "malformed",
                            type + " needs \"channels\": an array of 1 to " + MAX_CHANNELS_PER_REQUEST + " strings");
                } else if (type.equals("subscribe")) {
                    cospace.subscribe(sessionId, names);
                } else {
                    cospace.unsubscribe(sessionId, names);
                }
            }
            case "activity.set" -> {
                JsonNode name = m.get("activity");
                if (name == null || !name.isTextual() || !validActivity(name.asText())) {
                    refuse(
                            c,
                            "malformed",
                            "activity.set needs \"activity\": 1 to 64 characters, no control characters");
                } else if (m.has("data") && tooLarge(m.get("data"))) {
                    refuse(c, "message_too_large", "activity data is larger than realtime.max_message_bytes");
                } else {
                    cospace.setActivity(sessionId, name.asText(), m.get("data"));
                }
            }
            case "activity.clear" -> cospace.clearActivity(sessionId);
            case "publish" -> {
                JsonNode channel = m.get("channel");
                if (channel == null || !channel.isTextual() || !m.has("payload")) {
                    refuse(c, "malformed", "publish needs a string \"channel\" and a \"payload\"");
                } else {
                    cospace.publish(sessionId, channel.asText(), m.get("payload"));
                }
            }
            case "cospace.close" -> {
                if (permitted(c, cospace, Grant::moderate, "moderate")) {
                    cospaces.close(
                            cospace.id(),
                            "closed by moderator " + c.attachment().claims().userId());
                }
            }
            default -> refuse(c, "unknown_type", "unknown message type");
        }
    }

    private boolean permitted(
            TextWsConnection<JoinRequest> c,
            Cospace cospace,
            java.util.function.Predicate<Grant> check,
            String permission) {
        Grant g = cospace.grant(c.id());
        if (g != null && check.test(g)) {
            return true;
        }
        refuse(c, "forbidden", "the join token does not grant " + permission);
        return false;
    }

    private boolean tooLarge(JsonNode data) {
        return data.toString().getBytes(StandardCharsets.UTF_8).length > cospaces.maxMessageBytes();
    }

    private static boolean validActivity(String name) {
        if (name.isEmpty() || name.length() > 64) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (Character.isISOControl(name.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static List<String> channelList(JsonNode n) {
        if (n == null || !n.isArray() || n.isEmpty() || n.size() > MAX_CHANNELS_PER_REQUEST) {
            return null;
        }
        List<String> out = new ArrayList<>(n.size());
        for (JsonNode e : n) {
            if (!e.isTextual() || e.asText().isEmpty() || e.asText().length() > MAX_CHANNEL_NAME) {
                return null;
            }
            out.add(e.asText());
        }
        return out;
    }

    private void refuse(TextWsConnection<JoinRequest> c, String code, String message) {
        metrics.refused(code);
        c.send(error(code, message));
    }

    private void withSdp(TextWsConnection<JoinRequest> c, JsonNode m, RtcSignal.Type type) {
        JsonNode sdp = m.get("sdp");
        if (sdp == null || !sdp.isTextual() || sdp.asText().isEmpty()) {
            refuse(c, "malformed", m.get("type").asText() + " needs a non-empty string \"sdp\"");
            return;
        }
        signal(c, type, sdp.asText());
    }

    private void candidate(TextWsConnection<JoinRequest> c, JsonNode cand) {
        if (cand == null || cand.isNull()) {
            return; // end of candidates
        }
        String line = cand.isTextual() ? cand.asText() : cand.path("candidate").asText("");
        if (line.isEmpty()) {
            return; // RTCIceCandidate end-of-candidates marker has an empty candidate string
        }
        signal(c, RtcSignal.Type.ICE_CANDIDATE, line);
    }

    private void signal(TextWsConnection<JoinRequest> c, RtcSignal.Type type, String payload) {
        rtc.handleSignal(GROUP, c.id(), RtcSignal.inbound(type, payload));
    }

    private void leave(TextWsConnection<JoinRequest> c) {
        Conn conn = sessions.remove(c.id());
        if (conn != null) {
            conn.cospace().leave(c.id(), "left");
            rtc.closeSession(GROUP, c.id(), SessionEndReason.LEAVE);
        }
        c.send(closed("left"));
        c.close(CLOSE_NORMAL, "left");
    }

    @Override
    public void onClose(TextWsConnection<JoinRequest> c, int statusCode, String reason) {
        Conn conn = sessions.remove(c.id());
        if (conn != null) {
            rtc.closeSession(GROUP, c.id(), SessionEndReason.SOCKET_CLOSED);
            conn.cospace().disconnected(c.id());
        }
        LOG.atInfo()
                .addKeyValue("sessionID", c.id())
                .addKeyValue("status", statusCode)
                .log("realtime: browser disconnected");
    }

    // ---- SFU → browser ---------------------------------------------------------------------------------------

    /** Whether {@code sessionId} is a live browser-face session. */
    public boolean owns(String sessionId) {
        return sessions.containsKey(sessionId);
    }

    /**
     * Delivers one SFU signal of group {@link #GROUP} to its browser. Never blocks.
     *
     * @return {@code false} if the session has no open connection or its queue is full
     */
    public boolean deliver(RtcSignal s) {
        Conn conn = sessions.get(s.sessionId());
        if (conn == null) {
            return false;
        }
        TextWsConnection<JoinRequest> c = conn.c();
        Map<String, Object> m = new LinkedHashMap<>();
        switch (s.type()) {
            case SDP_OFFER -> {
                m.put("type", "offer");
                m.put("sdp", s.payload());
            }
            case SDP_ANSWER -> {
                m.put("type", "answer");
                m.put("sdp", s.payload());
            }
            case VOICE_ON, VOICE_OFF -> {
                m.put("type", "voice");
                m.put("active", s.type() == RtcSignal.Type.VOICE_ON);
                conn.cospace().media(s.sessionId(), null, s.type() == RtcSignal.Type.VOICE_ON, null);
            }
            case ERROR -> {
                return c.send(error(errorCode(s.payload()), s.payload()));
            }
            case SESSION_CLOSED -> {
                // The SFU ended it (ice_timeout, consent_expired, shutdown...): say why, then close.
                sessions.remove(s.sessionId(), conn);
                conn.cospace().disconnected(s.sessionId());
                c.send(sessionEnded(s.payload()));
                boolean sent = c.send(closed(s.payload()));
                c.close(CLOSE_NORMAL, truncate(s.payload()));
                return sent;
            }
            default -> {
                return true; // inbound-only kinds never come out of the SFU
            }
        }
        // One write on this SFU session thread, now: an answer must not wait behind a presence fan-out.
        return c.send(json(m));
    }

    /** The {@code code} of an SFU refusal: its payload's prefix ("glare", "forbidden", "screen_busy") or rtc_error. */
    private static String errorCode(String payload) {
        for (String code : new String[] {"glare", "forbidden", "screen_busy"}) {
            if (payload.startsWith(code)) {
                return code;
            }
        }
        return "rtc_error";
    }

    private static String error(String code, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "error");
        m.put("code", code);
        m.put("message", message == null ? "" : message);
        return json(m);
    }

    /**
     * The {@code error} event that precedes {@code closed} when the SFU ended the session: code {@code
     * session_ended}, {@code reason} the end reason's label, {@code message} its description.
     */
    static String sessionEnded(String label) {
        SessionEndReason r = SessionEndReason.ofLabel(label);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "error");
        m.put("code", "session_ended");
        m.put("reason", label);
        m.put("message", r == null ? "the session ended" : r.description());
        return json(m);
    }

    private static String closed(String reason) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "closed");
        m.put("reason", reason);
        return json(m);
    }

    private static String truncate(String reason) {
        byte[] b = reason.getBytes(StandardCharsets.UTF_8);
        if (b.length <= MAX_CLOSE_REASON_BYTES) {
            return reason;
        }
        return new String(b, 0, MAX_CLOSE_REASON_BYTES, StandardCharsets.UTF_8);
    }

    private static String json(Map<String, Object> m) {
        try {
            return JSON.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a realtime message", e);
        }
    }
}
