package io.rtcd.service.calls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rtcd.rtc.sfu.RtcConfig;
import io.rtcd.rtc.sfu.SfuTestPeer;
import io.rtcd.rtc.sfu.TestSdp;
import io.rtcd.rtc.transport.TransportConfig;
import io.rtcd.rtc.transport.dtls.DtlsCertificate;
import io.rtcd.service.RtcdHarness;
import io.rtcd.service.client.RtcdClient;
import io.rtcd.ws.ClientMessage;
import io.rtcd.ws.Close;
import io.rtcd.ws.Join;
import io.rtcd.ws.Leave;
import io.rtcd.ws.Rtc;
import io.rtcd.ws.RtcMessage;
import io.rtcd.ws.Vad;
import io.rtcd.ws.WsClient;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Why a session ended, as a backend and an operator see it (docs/operations.md "A participant hears nothing"): a
 * session whose client never sends an ICE check ends as {@code ice_timeout} within {@code rtc.ice_connect_timeout},
 * counted in {@code rtcd_rtc_sessions_closed_total{reason}} and named in the {@code /ws} {@code close}; a normal
 * leave is logged once at INFO as {@code leave} with every stage of its join timeline. Real sockets on port 0, the
 * project's Java ICE + DTLS + SRTP test peers.
 */
class SessionEndIT {
    private static final String KEY = "plugin-key-0123456789abcdef012345";
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final Duration ICE_CONNECT_TIMEOUT = Duration.ofMillis(800);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    private final ExecutorService blocking = Executors.newCachedThreadPool();
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger sessionLog = (Logger) LoggerFactory.getLogger("io.rtcd.rtc.sfu.RtcSession");
    private Level previousLevel;
    private RtcdHarness rtcd;
    private WsClient ws;
    private final List<ClientMessage> received = new ArrayList<>();

    @BeforeEach
    void setUp() {
        previousLevel = sessionLog.getLevel();
        sessionLog.setLevel(Level.INFO);
        logs.start();
        sessionLog.addAppender(logs);
        rtcd = RtcdHarness.start(
                RtcdHarness.config(dataDir).withRtc(RtcConfig.loopback().withIceConnectTimeout(ICE_CONNECT_TIMEOUT)));
        rtcd.admin().register("plugin", KEY);
        RtcdClient client = rtcd.client("plugin", KEY);
        ws = client.connectWs(WAIT);
        await(m -> m.type().equals("hello"), "hello");
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : toClose.reversed()) {
            c.close();
        }
        if (ws != null) {
            ws.close();
        }
        if (rtcd != null) {
            rtcd.close();
        }
        blocking.shutdownNow();
        sessionLog.detachAppender(logs);
        sessionLog.setLevel(previousLevel);
    }

    @Test
    void aClientThatNeverChecksEndsAsIceTimeoutWithinTheBound() throws Exception {
        SfuTestPeer silent = peer("s1");
        ws.send(new Join("call-1", "user-s1", "s1", "channel-1", false, false));
        sendSdp("s1", "offer", silent.offer("stream-s1", 0xA1, 0));
        await(m -> isSdp(m, "s1", "answer"), "answer for s1");
        long answered = System.nanoTime();
        // the peer has the answer but sends no connectivity check at all
        Close close = assertInstanceOf(Close.class, await(m -> m instanceof Close, "close for s1"));
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - answered);
        assertEquals("s1", close.sessionId());
        assertEquals("ice_timeout", close.reason(), "the backend is told why");
        assertTrue(ms < ICE_CONNECT_TIMEOUT.toMillis() + 3_000, "ended " + ms + " ms after the answer");
        assertEquals(1.0, metric("rtcd_rtc_sessions_closed_total{reason=\"ice_timeout\"}"));
        assertEquals(0.0, metric("rtcd_rtc_sessions_closed_total{reason=\"consent_expired\"}"));

        Map<String, String> line = endLine("s1");
        assertEquals("ice_timeout", line.get("reason"));
        String timeline = line.get("timeline");
        assertTrue(
                timeline.matches("offer=\\d+ms ice=never dtls=never media_in=never media_out=never ended=\\d+ms"),
                timeline);
    }

    @Test
    void aLeaveIsLoggedAsLeaveWithTheWholeTimeline() throws Exception {
        DtlsCertificate cert = DtlsCertificate.generate();
        SfuTestPeer a = join("sa", cert, 0xA1);
        SfuTestPeer b = join("sb", cert, 0xB1);
        // a learns of b's voice track through a server offer the backend relays
        RtcMessage offer = ((Rtc) await(m -> isSdp(m, "sa", "offer"), "server offer for sa")).msg();
        sendSdp("sa", "answer", a.answer(sdp(offer)));
        // media to a (media_out) ...
        long deadline = System.nanoTime() + WAIT.toNanos();
        for (int n = 0; a.rtp.poll(20, TimeUnit.MILLISECONDS) == null; n++) {
            assertTrue(System.nanoTime() < deadline, "a never received b");
            b.sendRtp(TestSdp.rtp(111, 100 + n, 960L * n, 0xB1, 1, n % 2 == 0 ? 10 : 90, n, 80));
        }
        // ... and from a (media_in): its voice activity shows the server read it
        for (int n = 0; n < 60; n++) {
            a.sendRtp(TestSdp.rtp(111, 100 + n, 960L * n, 0xA1, 1, n % 2 == 0 ? 10 : 90, n, 80));
        }
        await(
                m -> m instanceof Vad v
                        && v.msg().sessionId().equals("sa")
                        && v.msg().type() == RtcMessage.VOICE_ON,
                "voice on for sa");

        ws.send(new Leave("sa"));
        Close close = assertInstanceOf(
                Close.class, await(m -> m instanceof Close c && c.sessionId().equals("sa"), "close for sa"));
        assertEquals("leave", close.reason());
        assertEquals(1.0, metric("rtcd_rtc_sessions_closed_total{reason=\"leave\"}"));

        Map<String, String> line = endLine("sa");
        assertEquals("leave", line.get("reason"));
        assertEquals("call-1", line.get("callID"));
        assertEquals("user-sa", line.get("userID"));
        String timeline = line.get("timeline");
        assertFalse(timeline.contains("never"), timeline);
        assertTrue(
                timeline.matches("offer=\\d+ms ice=\\d+ms dtls=\\d+ms media_in=\\d+ms media_out=\\d+ms ended=\\d+ms"),
                timeline);
        assertEquals(
                1,
                logs.list.stream()
                        .filter(e -> "sa".equals(kv(e).get("sessionID")))
                        .count(),
                "one line per session");
    }

    // ---------------------------------------------------------------- helpers

    private SfuTestPeer peer(String session) throws Exception {
        SfuTestPeer p = new SfuTestPeer(session, DtlsCertificate.generate());
        toClose.add(p);
        return p;
    }

    private SfuTestPeer join(String session, DtlsCertificate cert, long ssrc) throws Exception {
        SfuTestPeer peer = new SfuTestPeer(session, cert);
        toClose.add(peer);
        ws.send(new Join("call-1", "user-" + session, session, "channel-1", false, false));
        sendSdp(session, "offer", peer.offer("stream-" + session, ssrc, 0));
        RtcMessage answer = ((Rtc) await(m -> isSdp(m, session, "answer"), "answer for " + session)).msg();
        peer.connect(sdp(answer), TransportConfig.loopback(), blocking);
        return peer;
    }

    /** The session-end INFO line of {@code session}, as key-values; waits for it (it is logged at close). */
    private Map<String, String> endLine(String session) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (ILoggingEvent e : List.copyOf(logs.list)) {
                Map<String, String> kv = kv(e);
                if (session.equals(kv.get("sessionID")) && e.getLevel() == Level.INFO) {
                    assertTrue(e.getFormattedMessage().startsWith("session ended: "), e.getFormattedMessage());
                    return kv;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no session-end line for " + session);
    }

    private static Map<String, String> kv(ILoggingEvent e) {
        if (e.getKeyValuePairs() == null) {
            return Map.of();
        }
        return e.getKeyValuePairs().stream().collect(Collectors.toMap(p -> p.key, p -> String.valueOf(p.value)));
    }

    private ClientMessage await(Predicate<ClientMessage> what, String description) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        int seen = 0;
        while (true) {
            for (int i = seen; i < received.size(); i++) {
                if (what.test(received.get(i))) {
                    return received.remove(i);
                }
            }
            seen = received.size();
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("timed out waiting for " + description + "; got " + received);
            }
            ClientMessage m = ws.receive(
                    Duration.ofNanos(Math.min(left, Duration.ofMillis(200).toNanos())));
            if (m != null) {
                received.add(m);
            }
        }
    }

    private static boolean isSdp(ClientMessage m, String session, String type) {
        if (!(m instanceof Rtc r)
                || !r.msg().sessionId().equals(session)
                || r.msg().type() != RtcMessage.SDP) {
            return false;
        }
        try {
            return JSON.readTree(r.msg().data()).path("type").asText().equals(type);
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static String sdp(RtcMessage m) throws Exception {
        return JSON.readTree(m.data()).get("sdp").asText();
    }

    private void sendSdp(String sessionId, String type, String sdp) {
        byte[] data = JSON.createObjectNode()
                .put("type", type)
                .put("sdp", sdp)
                .toString()
                .getBytes(StandardCharsets.UTF_8);
        assertTrue(ws.send(new Rtc(new RtcMessage("", "", sessionId, "", RtcMessage.SDP, data))));
    }

    /** One exported sample, e.g. {@code rtcd_rtc_sessions_closed_total{reason="leave"}}; fails when absent. */
    private double metric(String sample) throws Exception {
        String text = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(rtcd.baseUri().resolve("/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        return text.lines()
                .filter(l -> l.startsWith(sample + " "))
                .mapToDouble(
                        l -> Double.parseDouble(l.substring(sample.length() + 1).trim()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no metric sample " + sample));
    }
}
