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
import io.rtcd.rtc.sfu.SessionSpec;
import io.rtcd.ws.realtime.TextWsAcceptor;
import io.rtcd.ws.realtime.TextWsConnection;
import io.rtcd.ws.realtime.TextWsListener;
import io.rtcd.ws.realtime.TextWsRefusedException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
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
 * <p>Threads: acceptor on HTTP threads, listener callbacks on WebSocket threads (serial per connection),
 * {@link #deliver} on SFU session threads. Shared state is one concurrent map; nothing blocks.
 */
public final class RealtimeFace implements TextWsAcceptor<JoinClaims>, TextWsListener<JoinClaims> {
    private static final Logger LOG = LoggerFactory.getLogger(RealtimeFace.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The SFU group of every browser-face session (reserved). */
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

    private final JoinTokenCodec tokens;
    private final Map<String, TextWsConnection<JoinClaims>> sessions = new ConcurrentHashMap<>();
    private volatile RtcServer rtc;

    public RealtimeFace(JoinTokenCodec tokens) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
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
    public JoinClaims accept(String path, Map<String, String> query) {
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
        return claims;
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
    public void onOpen(TextWsConnection<JoinClaims> c) {
        JoinClaims claims = c.attachment();
        String sessionId = c.id();
        sessions.put(sessionId, c);
        Map<String, Object> welcome = new LinkedHashMap<>();
        welcome.put("type", "welcome");
        welcome.put("sessionId", sessionId);
        welcome.put("userId", claims.userId());
        welcome.put("cospace", claims.cospace());
        c.send(json(welcome));
        try {
            rtc.initSession(
                    new SessionSpec(GROUP, claims.cospace(), sessionId, claims.userId(), DataPermission.of(claims)));
        } catch (RtcException | IllegalArgumentException e) {
            sessions.remove(sessionId, c);
            LOG.info("realtime: session {} refused by the SFU: {}", sessionId, e.getMessage());
            c.send(error("join_failed", e.getMessage()));
            c.send(closed("join failed"));
            c.close(CLOSE_SERVER_ERROR, "join failed");
            return;
        }
        LOG.atInfo()
                .addKeyValue("sessionID", sessionId)
                .addKeyValue("cospace", claims.cospace())
                .addKeyValue("remote", c.remoteAddress())
                .log("realtime: browser joined");
    }

    @Override
    public void onText(TextWsConnection<JoinClaims> c, String text) {
        JsonNode m;
        try {
            m = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            c.send(error("malformed", "message is not valid JSON"));
            return;
        }
        if (m == null || !m.isObject() || !m.path("type").isTextual()) {
            c.send(error("malformed", "message must be a JSON object with a string \"type\""));
            return;
        }
        String sessionId = c.id();
        if (!sessions.containsKey(sessionId)) {
            c.send(error("no_session", "the session has ended"));
            return;
        }
        String type = m.get("type").asText();
        switch (type) {
            case "offer" -> withSdp(c, m, RtcSignal.Type.SDP_OFFER);
            case "answer" -> withSdp(c, m, RtcSignal.Type.SDP_ANSWER);
            case "candidate" -> candidate(c, m.get("candidate"));
            case "mute" -> signal(c, RtcSignal.Type.MUTE, "");
            case "unmute" -> signal(c, RtcSignal.Type.UNMUTE, "");
            case "video_on" -> {
                JsonNode id = m.get("streamId");
                if (id == null || !id.isTextual() || id.asText().isEmpty()) {
                    c.send(error("malformed", "video_on needs a non-empty string \"streamId\""));
                } else {
                    signal(c, RtcSignal.Type.VIDEO_ON, id.asText());
                }
            }
            case "video_off" -> signal(c, RtcSignal.Type.VIDEO_OFF, "");
            case "leave" -> leave(c);
            default -> c.send(error("unknown_type", "unknown message type"));
        }
    }

    private void withSdp(TextWsConnection<JoinClaims> c, JsonNode m, RtcSignal.Type type) {
        JsonNode sdp = m.get("sdp");
        if (sdp == null || !sdp.isTextual() || sdp.asText().isEmpty()) {
            c.send(error("malformed", m.get("type").asText() + " needs a non-empty string \"sdp\""));
            return;
        }
        signal(c, type, sdp.asText());
    }

    private void candidate(TextWsConnection<JoinClaims> c, JsonNode cand) {
        if (cand == null || cand.isNull()) {
            return; // end of candidates
        }
        String line = cand.isTextual() ? cand.asText() : cand.path("candidate").asText("");
        if (line.isEmpty()) {
            return; // RTCIceCandidate end-of-candidates marker has an empty candidate string
        }
        signal(c, RtcSignal.Type.ICE_CANDIDATE, line);
    }

    private void signal(TextWsConnection<JoinClaims> c, RtcSignal.Type type, String payload) {
        rtc.handleSignal(GROUP, c.id(), RtcSignal.inbound(type, payload));
    }

    private void leave(TextWsConnection<JoinClaims> c) {
        if (sessions.remove(c.id(), c)) {
            rtc.closeSession(GROUP, c.id());
        }
        c.send(closed("left"));
        c.close(CLOSE_NORMAL, "left");
    }

    @Override
    public void onClose(TextWsConnection<JoinClaims> c, int statusCode, String reason) {
        if (sessions.remove(c.id(), c)) {
            rtc.closeSession(GROUP, c.id());
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
        TextWsConnection<JoinClaims> c = sessions.get(s.sessionId());
        if (c == null) {
            return false;
        }
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
            }
            case ERROR -> {
                return c.send(error(s.payload().startsWith("glare") ? "glare" : "rtc_error", s.payload()));
            }
            case SESSION_CLOSED -> {
                sessions.remove(s.sessionId(), c);
                boolean sent = c.send(closed(s.payload()));
                c.close(CLOSE_NORMAL, truncate(s.payload()));
                return sent;
            }
            default -> {
                return true; // inbound-only kinds never come out of the SFU
            }
        }
        return c.send(json(m));
    }

    private static String error(String code, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "error");
        m.put("code", code);
        m.put("message", message == null ? "" : message);
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
