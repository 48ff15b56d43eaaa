package io.rtcd.service.calls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.rtcd.rtc.sfu.RtcSignal;
import io.rtcd.rtc.sfu.SessionEndReason;
import io.rtcd.rtc.sfu.SessionSpec;
import io.rtcd.ws.ClientMessage;
import io.rtcd.ws.Close;
import io.rtcd.ws.Join;
import io.rtcd.ws.Leave;
import io.rtcd.ws.Reconnect;
import io.rtcd.ws.Rtc;
import io.rtcd.ws.RtcMessage;
import io.rtcd.ws.Vad;
import io.rtcd.ws.WsConnection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Routing, ownership and payload translation of the /ws call protocol, with fakes for the SFU and the sockets. */
class CallRouterTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final List<SessionSpec> inits = new ArrayList<>();
    private final List<String> signals = new ArrayList<>();
    private final List<String> closes = new ArrayList<>();
    private final List<Map.Entry<String, ClientMessage>> sent = new ArrayList<>();
    private final Set<String> liveConns = new HashSet<>();
    private CallRouter router;

    private final class FakeSessions implements CallRouter.Sessions {
        @Override
        public void initSession(SessionSpec spec) {
            inits.add(spec);
        }

        @Override
        public void handleSignal(String groupId, String sessionId, RtcSignal signal) {
            signals.add(groupId + "/" + sessionId + "/" + signal.type() + "/" + signal.payload());
        }

        @Override
        public void closeSession(String groupId, String sessionId, SessionEndReason reason) {
            closes.add(groupId + "/" + sessionId + "/" + reason.label());
        }
    }

    record Conn(String connId, String clientId) implements WsConnection {
        @Override
        public String remoteAddress() {
            return "127.0.0.1:1";
        }

        @Override
        public boolean send(ClientMessage m) {
            return true;
        }

        @Override
        public void close(int statusCode, String reason) {}

        @Override
        public boolean isOpen() {
            return true;
        }
    }

    @BeforeEach
    void setUp() {
        router = new CallRouter(registry);
        router.bind(new FakeSessions(), (connId, msg) -> {
            if (!liveConns.contains(connId)) {
                return false;
            }
            sent.add(Map.entry(connId, msg));
            return true;
        });
    }

    private Conn open(String connId, String clientId) {
        Conn c = new Conn(connId, clientId);
        liveConns.add(connId);
        router.onOpen(c);
        return c;
    }

    private void drop(Conn c) {
        liveConns.remove(c.connId());
        router.onClose(c, 1006, "gone");
    }

    private static Join join(String session) {
        return new Join("call-1", "user-" + session, session, "channel-1", true, false);
    }

    private static Rtc rtc(String session, int type, String json) {
        byte[] data = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
        return new Rtc(new RtcMessage("", "", session, "", type, data));
    }

    private double rejected(String reason) {
        return registry.scrape().stream()
                .filter(m -> m.getMetadata().getPrometheusName().equals("rtcd_ws_rejected_calls_messages"))
                .flatMap(m -> ((io.prometheus.metrics.model.snapshots.CounterSnapshot) m).getDataPoints().stream())
                .filter(d -> d.getLabels().get("reason").equals(reason))
                .mapToDouble(io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot::getValue)
                .sum();
    }

    @Test
    void joinCreatesASessionInTheClientsGroup() {
        Conn c = open("conn-a", "backend-1");
        router.onMessage(c, join("s1"));
        assertEquals(List.of(new SessionSpec("backend-1", "call-1", "s1", "user-s1")), inits);
        Map<String, Object> session =
                router.session("backend-1", "call-1", "s1").orElseThrow();
        assertEquals("backend-1", session.get("GroupID"));
        assertEquals(Map.of("channelID", "channel-1", "av1Support", true, "dcSignaling", false), session.get("Props"));
        assertEquals(1, router.sessions("backend-1", "call-1").size());
        assertTrue(router.sessions("backend-2", "call-1").isEmpty(), "other groups do not see it");
    }

    @Test
    void rtcPayloadsAreTranslatedBothWays() throws Exception {
        Conn c = open("conn-a", "backend-1");
        router.onMessage(c, join("s1"));
        router.onMessage(c, rtc("s1", RtcMessage.SDP, "{\"type\":\"offer\",\"sdp\":\"v=0...\"}"));
        router.onMessage(
                c,
                rtc(
                        "s1",
                        RtcMessage.ICE,
                        "{\"candidate\":\"candidate:1 1 udp 1 127.0.0.1 5000 typ host\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0}"));
        router.onMessage(c, rtc("s1", RtcMessage.MUTE, null));
        router.onMessage(c, rtc("s1", RtcMessage.SCREEN_ON, "{\"screenStreamID\":\"stream-9\"}"));
        assertEquals(
                List.of(
                        "backend-1/s1/SDP_OFFER/v=0...",
                        "backend-1/s1/ICE_CANDIDATE/candidate:1 1 udp 1 127.0.0.1 5000 typ host",
                        "backend-1/s1/MUTE/",
                        "backend-1/s1/SCREEN_ON/stream-9"),
                signals);

        assertTrue(router.send(
                new RtcSignal("backend-1", "call-1", "s1", "user-s1", RtcSignal.Type.SDP_ANSWER, "v=0 answer")));
        Rtc answer = assertInstanceOf(Rtc.class, sent.getLast().getValue());
        assertEquals("conn-a", sent.getLast().getKey());
        assertEquals(RtcMessage.SDP, answer.msg().type());
        assertEquals("s1", answer.msg().sessionId());
        assertEquals("call-1", answer.msg().callId());
        JsonNode sd = JSON.readTree(answer.msg().data());
        assertEquals("answer", sd.get("type").asText());
        assertEquals("v=0 answer", sd.get("sdp").asText());

        router.send(new RtcSignal("backend-1", "call-1", "s1", "user-s1", RtcSignal.Type.VOICE_ON, ""));
        Vad vad = assertInstanceOf(Vad.class, sent.getLast().getValue());
        assertEquals(RtcMessage.VOICE_ON, vad.msg().type());
        assertArrayEquals(new byte[0], vad.msg().data());
    }

    @Test
    void anotherClientCannotAddressTheSession() {
        Conn owner = open("conn-a", "backend-1");
        Conn intruder = open("conn-b", "backend-2");
        router.onMessage(owner, join("s1"));
        router.onMessage(intruder, rtc("s1", RtcMessage.SDP, "{\"type\":\"offer\",\"sdp\":\"x\"}"));
        router.onMessage(intruder, new Leave("s1"));
        router.onMessage(intruder, new Reconnect("s1"));
        assertTrue(signals.isEmpty() && closes.isEmpty());
        assertEquals(3.0, rejected("not_owner"));
        router.onMessage(intruder, new Leave("nobody"));
        assertEquals(1.0, rejected("unknown_session"));

        router.send(new RtcSignal("backend-1", "call-1", "s1", "user-s1", RtcSignal.Type.SESSION_CLOSED, ""));
        router.onMessage(intruder, new Leave("s1"));
        assertEquals(3.0, rejected("not_owner"), "a closed session is owned by nobody");
        assertEquals(2.0, rejected("unknown_session"));
    }

    @Test
    void reconnectMovesSignallingAndDeadConnectionsFallBack() {
        Conn a = open("conn-a", "backend-1");
        router.onMessage(a, join("s1"));
        Conn b = open("conn-b", "backend-1");
        router.onMessage(b, new Reconnect("s1"));
        router.send(new RtcSignal("backend-1", "call-1", "s1", "user-s1", RtcSignal.Type.SDP_OFFER, "o1"));
        assertEquals("conn-b", sent.getLast().getKey());

        drop(b);
        router.send(new RtcSignal("backend-1", "call-1", "s1", "user-s1", RtcSignal.Type.SDP_OFFER, "o2"));
        assertEquals("conn-a", sent.getLast().getKey(), "falls back to the client's other live connection");

        drop(a);
        int before = sent.size();
        assertEquals(
                false,
                router.send(new RtcSignal("backend-1", "call-1", "s1", "user-s1", RtcSignal.Type.SDP_OFFER, "o3")));
        assertEquals(before, sent.size());
    }

    @Test
    void sessionClosedIsReportedAndForgotten() {
        Conn a = open("conn-a", "backend-1");
        router.onMessage(a, join("s1"));
        router.onMessage(a, new Leave("s1"));
        assertEquals(List.of("backend-1/s1/leave"), closes);
        router.send(new RtcSignal("backend-1", "call-1", "s1", "user-s1", RtcSignal.Type.SESSION_CLOSED, "leave"));
        Close close = assertInstanceOf(Close.class, sent.getLast().getValue());
        assertEquals("s1", close.sessionId());
        assertEquals("leave", close.reason(), "the reason label goes to the backend");
        assertTrue(router.sessions("backend-1", "call-1").isEmpty());
        router.onMessage(a, join("s1"));
        assertEquals(2, inits.size(), "the session ID can be joined again after it closed");
    }

    @Test
    void malformedMessagesAreCountedNotForwarded() {
        Conn a = open("conn-a", "backend-1");
        Conn admin = open("conn-admin", "");
        router.onMessage(admin, join("s0"));
        router.onMessage(a, new Join("", "u", "s1", "", false, false));
        router.onMessage(a, join("s1"));
        router.onMessage(a, join("s1"));
        router.onMessage(a, rtc("s1", RtcMessage.SDP, "not json"));
        router.onMessage(a, rtc("s1", RtcMessage.SDP, "{\"type\":\"pranswer\",\"sdp\":\"x\"}"));
        router.onMessage(a, rtc("s1", RtcMessage.VOICE_ON, null));
        router.onMessage(a, rtc("s1", 42, null));
        router.onMessage(a, rtc("", RtcMessage.SDP, null));
        assertEquals(1.0, rejected("no_group"));
        assertEquals(1.0, rejected("invalid_join"));
        assertEquals(1.0, rejected("duplicate_session"));
        assertEquals(4.0, rejected("bad_rtc_data"));
        assertEquals(1.0, rejected("invalid_rtc"));
        assertEquals(1, inits.size());
        assertTrue(signals.isEmpty());
    }
}
