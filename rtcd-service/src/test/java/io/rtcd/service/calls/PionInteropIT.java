package io.rtcd.service.calls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rtcd.service.RtcdHarness;
import io.rtcd.ws.WsConfig;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code /ws} face driven by pion/webrtc v3, the stack of Mattermost's own rtcd and of its load-test agents: the
 * Go peer of {@code interop/pion} joins calls as a plugin does (a registered client, Basic auth, {@code join},
 * {@code rtc}, {@code leave}); one publisher per call sends stamped Opus-shaped (and VP8-shaped) RTP, subscribers
 * offer first with {@code recvonly} transceivers, and every subscriber must receive every stamped packet of the
 * measurement window. Opt-in: {@code -Drtcd.it.pion=.../interop/pion/peer} (scripts/test.sh sets it).
 */
class PionInteropIT {
    private static final Logger LOG = LoggerFactory.getLogger(PionInteropIT.class);
    private static final String CLIENT = "pion-plugin";
    private static final String KEY = "pion-plugin-key-0123456789abcdef0";

    @TempDir
    Path dataDir;

    private RtcdHarness rtcd;

    @BeforeEach
    void start() {
        PionPeer.binary();
        WsConfig d = WsConfig.defaults();
        // every backend socket of these storms comes from 127.0.0.1: no per-IP upgrade limit
        WsConfig ws = new WsConfig(d.pingInterval(), d.pongTimeout(), d.maxMessageBytes(), d.sendQueueLimit(), 0);
        rtcd = RtcdHarness.start(RtcdHarness.config(dataDir).withWs(ws));
        rtcd.admin().register(CLIENT, KEY);
    }

    @AfterEach
    void stop() {
        if (rtcd != null) {
            rtcd.close();
        }
    }

    /** The peer's flags: the server's /ws URL and the client's credentials, then {@code flags} (split at spaces). */
    private List<String> args(String flags) {
        List<String> a = new ArrayList<>(
                List.of("-url", "ws://127.0.0.1:" + rtcd.service().port() + "/ws", "-client", CLIENT, "-key", KEY));
        a.addAll(List.of(flags.split(" ")));
        return a;
    }

    @Test
    void fiftyJoinStormsOfFiveAudioSubscribersLoseNoSubscriberAndNoPacket() throws Exception {
        assertCalls(storm(false), 50, 5, List.of("audio"));
    }

    @Test
    void fiftyJoinStormsOfFiveAudioAndVideoSubscribersLoseNoSubscriberAndNoPacket() throws Exception {
        assertCalls(storm(true), 50, 5, List.of("audio", "video"));
    }

    /**
     * 50 calls, three at a time: a publisher, then 5 subscribers 20 ms apart, each session on its own socket; once
     * all receive, every subscriber must get every packet of a 400 ms window.
     */
    private JsonNode storm(boolean video) throws Exception {
        String flags = "-mode calls -rounds 50 -parallel 3 -subscribers 5 -join-interval 20ms -window 400ms"
                + " -connect-timeout 5s -give-up 3";
        return run(args(video ? flags + " -video" : flags), Duration.ofSeconds(150));
    }

    @Test
    void oneToHundredWithASocketPerSessionLosesNothingInTenSeconds() throws Exception {
        assertCalls(fanOut(false), 1, 100, List.of("audio"));
    }

    /**
     * pion (its ICE agent, pion/ice 2.3) sends no connectivity check while media flows both ways, so a call outlives
     * half the server's 30 s consent timeout without a single check: it must lose nothing over 25 s all the same.
     */
    @Test
    void aCallLongerThanHalfTheConsentTimeoutLosesNothing() throws Exception {
        assertCalls(
                run(args("-mode calls -subscribers 2 -mux -window 25s"), Duration.ofSeconds(60)),
                1,
                2,
                List.of("audio"));
        assertEquals(0.0, metric("rtcd_rtc_ice_restarts_total{initiator=\"server\",via=\"offer\"}"), serverFigures());
    }

    @Test
    void oneToHundredOnOneSocketLosesNothingInTenSeconds() throws Exception {
        assertCalls(fanOut(true), 1, 100, List.of("audio"));
    }

    /** One call: a publisher, then 100 subscribers 20 ms apart; a 10 s window once all receive. */
    private JsonNode fanOut(boolean mux) throws Exception {
        String flags = "-mode calls -subscribers 100 -join-interval 20ms -window 10s -connect-timeout 20s";
        return run(args(mux ? flags + " -mux" : flags), Duration.ofSeconds(90));
    }

    private static void assertCalls(JsonNode r, int rounds, int subscribers, List<String> kinds) {
        String why = r.toString();
        assertEquals(rounds, r.path("rounds").asInt(), "rounds run " + why);
        assertEquals(rounds * subscribers, r.path("subscribers").asInt(), why);
        assertEquals(0, r.path("failedPublishers").size(), "failed publishers " + why);
        assertEquals(0, r.path("notConnected").asInt(), "subscribers never connected " + why);
        assertEquals(0, r.path("failed").asInt(), "failed subscribers " + why);
        for (String kind : kinds) {
            int expected = r.path("expected").path(kind).asInt();
            assertTrue(expected >= rounds * subscribers * 10, kind + " packets expected " + why);
            assertEquals(expected, r.path("received").path(kind).asInt(), kind + " packets received " + why);
        }
    }

    /**
     * Mid-call, once media flows, a subscriber and then the publisher restart ICE from pion
     * ({@code CreateOffer(ICERestart)}: new ufrag/pwd, new local candidates on new ports); then a second publisher
     * joins and the other subscriber answers the server's offer with new credentials (what pion does when an offer
     * reaches it before its transport started). Each time media resumes within 1 s, the following window is
     * complete, and no DTLS handshake happens beyond the first of each session.
     */
    @Test
    void iceCredentialChangesFromPionResumeMediaWithinASecondWithoutNewDtlsHandshake() throws Exception {
        JsonNode r = run(args("-mode restart -subscribers 2 -window 1s -connect-timeout 10s"), Duration.ofSeconds(60));
        String why = r.toString();
        for (JsonNode s : r.path("setup")) {
            assertTrue(s.path("connected").asBoolean(), "connected before the restarts " + why);
            assertEquals(0, s.path("tracks").path("audio").path("missing").asInt(), "setup window " + why);
        }
        List<String> who = new ArrayList<>();
        r.path("restarts").forEach(x -> who.add(x.path("who").asText()));
        assertEquals(List.of("sub0", "pub", "answer:sub1"), who, why);
        for (JsonNode x : r.path("restarts")) {
            String change = x.path("who").asText();
            assertEquals("", x.path("error").asText(), change + " negotiated " + why);
            assertNotEquals(
                    x.path("ufragBefore").asText(), x.path("ufragAfter").asText(), change + " new ufrag " + why);
            assertTrue(x.path("connectedAfter").asBoolean(), change + " ICE connected afterwards " + why);
            assertTrue(x.path("stallMs").asDouble() < 1000, change + " media resumed within 1 s " + why);
            assertTrue(x.path("window").path("expected").asInt() > 0, why);
            assertEquals(0, x.path("window").path("missing").asInt(), change + " window afterwards " + why);
        }
        for (JsonNode s : r.path("subscribers")) {
            assertEquals(0, s.path("tracks").path("audio").path("missing").asInt(), "final window " + why);
            assertEquals(1, s.path("dtlsHandshakes").asInt(), "one DTLS handshake at the peer " + why);
        }
        assertEquals(1, r.path("publisher").path("dtlsHandshakes").asInt(), "one DTLS handshake at the peer " + why);
        // the server's side: one handshake per session (two publishers, two subscribers), none failed
        assertEquals(4.0, metric("rtcd_rtc_dtls_handshakes_total{result=\"ok\"}"), serverFigures());
        assertEquals(0.0, metric("rtcd_rtc_dtls_handshakes_total{result=\"failed\"}"), serverFigures());
    }

    private JsonNode run(List<String> args, Duration timeout) throws Exception {
        JsonNode r = PionPeer.run(args, timeout);
        LOG.info("pion {}: {}", String.join(" ", args.subList(6, args.size())), r);
        LOG.info("server: {}", serverFigures());
        assertEquals("", r.path("error").asText(), r.toString());
        return r;
    }

    private String metrics() throws IOException, InterruptedException {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(
                            HttpRequest.newBuilder(rtcd.baseUri().resolve("/metrics"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
        }
    }

    private double metric(String sample) throws IOException, InterruptedException {
        return metrics()
                .lines()
                .filter(l -> l.startsWith(sample + " "))
                .mapToDouble(
                        l -> Double.parseDouble(l.substring(sample.length() + 1).trim()))
                .findFirst()
                .orElse(-1);
    }

    /** The server's ICE, DTLS and session-end counters that explain a failure. */
    private String serverFigures() {
        try {
            return metrics()
                    .lines()
                    .filter(l -> !l.startsWith("#") && !l.endsWith(" 0.0"))
                    .filter(l -> l.startsWith("rtcd_rtc_transport_dropped_packets_total")
                            || l.startsWith("rtcd_rtc_dtls_handshakes_total")
                            || l.startsWith("rtcd_rtc_ice_")
                            || l.startsWith("rtcd_rtc_sessions_closed_total")
                            || l.startsWith("rtcd_ws_rejected"))
                    .collect(Collectors.joining("; "));
        } catch (IOException | InterruptedException e) {
            return "metrics unavailable: " + e;
        }
    }
}
