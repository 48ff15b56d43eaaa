package io.rtcd.service.realtime;

import static io.rtcd.service.realtime.RealtimeTestSupport.JSON;
import static io.rtcd.service.realtime.RealtimeTestSupport.KEY;
import static io.rtcd.service.realtime.RealtimeTestSupport.mintToken;
import static io.rtcd.service.realtime.RealtimeTestSupport.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rtcd.rtc.sfu.RtcConfig;
import io.rtcd.rtc.sfu.SessionEndReason;
import io.rtcd.rtc.sfu.SfuTestPeer;
import io.rtcd.rtc.transport.dtls.DtlsCertificate;
import io.rtcd.service.RtcdHarness;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The browser face says why the SFU ended a session (docs/protocol.md "Browser face"): an {@code error} with code
 * {@code session_ended} and the reason, then {@code closed}, then close 1000; a socket that closes without {@code
 * leave} ends its SFU session as {@code socket_closed}. Real sockets on port 0 and the project's Java test peer.
 */
class BrowserSessionEndIT {
    private static final String CLIENT = "rt-backend";
    private static final Duration ICE_CONNECT_TIMEOUT = Duration.ofMillis(800);

    @TempDir
    Path dataDir;

    private RtcdHarness rtcd;
    private URI base;

    @BeforeEach
    void start() {
        rtcd = RtcdHarness.start(
                RtcdHarness.config(dataDir).withRtc(RtcConfig.loopback().withIceConnectTimeout(ICE_CONNECT_TIMEOUT)));
        base = rtcd.baseUri();
        rtcd.admin().register(CLIENT, KEY);
    }

    @AfterEach
    void stop() {
        rtcd.close();
    }

    @Test
    void anIceTimeoutIsAnErrorEventThenClosed() throws Exception {
        String token = mintToken(base, CLIENT, "room-ice", "dora");
        try (SfuTestPeer silent = new SfuTestPeer("dora", DtlsCertificate.generate());
                TextSocket s = TextSocket.connect(ws("/realtime/connect/room-ice?token=" + token))) {
            s.send(JSON.writeValueAsString(Map.of("type", "offer", "sdp", silent.offer("stream-dora", 0xD1, 0))));
            next(s, "answer");
            long answered = System.nanoTime();
            // the peer never sends a connectivity check
            JsonNode error = next(s, "error");
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - answered);
            assertEquals("session_ended", error.path("code").asText(), error.toString());
            assertEquals("ice_timeout", error.path("reason").asText(), error.toString());
            assertEquals(
                    SessionEndReason.ICE_TIMEOUT.description(),
                    error.path("message").asText());
            assertTrue(ms < ICE_CONNECT_TIMEOUT.toMillis() + 3_000, "ended " + ms + " ms after the answer");
            JsonNode closed = next(s, "closed");
            assertEquals("ice_timeout", closed.path("reason").asText());
            assertEquals(1000, s.awaitClose());
        }
        assertEquals(1.0, closedSessions(SessionEndReason.ICE_TIMEOUT));
    }

    @Test
    void aSocketClosedWithoutLeaveEndsItsSessionAsSocketClosed() throws Exception {
        String token = mintToken(base, CLIENT, "room-gone", "eve");
        try (TextSocket s = TextSocket.connect(ws("/realtime/connect/room-gone?token=" + token))) {
            assertEquals("welcome", parse(s.next()).path("type").asText());
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (closedSessions(SessionEndReason.SOCKET_CLOSED) == 0) {
            assertTrue(System.nanoTime() < deadline, "no socket_closed session end");
            Thread.sleep(20);
        }
        assertEquals(0.0, closedSessions(SessionEndReason.LEAVE));
    }

    @Test
    void theCospaceEndsSessionsAsReplacedAndCospaceClosed() throws Exception {
        try (TextSocket first = TextSocket.connect(
                        ws("/realtime/connect/room-r?token=" + mintToken(base, CLIENT, "room-r", "zed")));
                TextSocket second = TextSocket.connect(
                        ws("/realtime/connect/room-r?token=" + mintToken(base, CLIENT, "room-r", "zed")))) {
            assertEquals(
                    "session replaced", next(first, "closed").path("reason").asText());
            assertEquals(4001, first.awaitClose());
            awaitClosed(SessionEndReason.REPLACED, 1.0);
            rtcd.admin().call("DELETE", "/realtime/cospaces/room-r", null, 200);
            assertEquals("cospace closed", next(second, "closed").path("reason").asText());
            assertEquals(1000, second.awaitClose());
            awaitClosed(SessionEndReason.COSPACE_CLOSED, 1.0);
        }
        assertEquals(0.0, closedSessions(SessionEndReason.SOCKET_CLOSED), "the cospace's own closes say why");
    }

    private void awaitClosed(SessionEndReason reason, double count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (closedSessions(reason) != count) {
            assertTrue(System.nanoTime() < deadline, reason.label() + ": " + closedSessions(reason));
            Thread.sleep(20);
        }
    }

    /** {@code rtcd_rtc_sessions_closed_total{reason}} as exported on /metrics. */
    private double closedSessions(SessionEndReason reason) {
        String sample = "rtcd_rtc_sessions_closed_total{reason=\"" + reason.label() + "\"}";
        return RealtimeTestSupport.gauge(rtcd.service(), java.util.regex.Pattern.quote(sample));
    }

    /** The next message of {@code type}, skipping the welcome and cospace events (and failing on anything else). */
    private static JsonNode next(TextSocket s, String type) throws InterruptedException {
        while (true) {
            JsonNode m = parse(s.next());
            if (type.equals(m.path("type").asText())) {
                return m;
            }
            assertTrue(m.has("event") || m.path("type").asText().equals("welcome"), "unexpected " + m);
        }
    }

    private URI ws(String path) {
        return URI.create("ws://127.0.0.1:" + base.getPort() + path);
    }
}
