package io.rtcd.service.realtime;

import static io.rtcd.service.realtime.RealtimeTestSupport.JSON;
import static io.rtcd.service.realtime.RealtimeTestSupport.KEY;
import static io.rtcd.service.realtime.RealtimeTestSupport.gauge;
import static io.rtcd.service.realtime.RealtimeTestSupport.get;
import static io.rtcd.service.realtime.RealtimeTestSupport.mint;
import static io.rtcd.service.realtime.RealtimeTestSupport.mintToken;
import static io.rtcd.service.realtime.RealtimeTestSupport.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rtcd.service.RtcdHarness;
import io.rtcd.service.RtcdService;
import io.rtcd.service.client.RtcdClient;
import java.net.URI;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The browser face on real sockets: token minting, the pre-upgrade token check, the JSON socket, the page. */
class RealtimeIT {
    private static final String CLIENT = "rt-backend";
    private static final MutableClock CLOCK = new MutableClock(Instant.now());

    @TempDir
    static Path dataDir;

    static RtcdService service;
    static URI base;

    @BeforeAll
    static void start() {
        service = new RtcdService(RtcdHarness.config(dataDir), CLOCK);
        service.start();
        base = URI.create("http://127.0.0.1:" + service.port());
        RtcdClient.basic(base, "admin", RtcdHarness.ADMIN_SECRET).register(CLIENT, KEY);
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void mintingNeedsAuthentication() throws Exception {
        HttpResponse<String> r = mint(base, null, "{\"cospace\":\"room\",\"userId\":\"u\"}");
        assertEquals(401, r.statusCode(), r.body());
        assertEquals("401", parse(r.body()).path("code").asText());
    }

    @Test
    void mintedTokenHasDefaultTtlAndConnectUrl() throws Exception {
        HttpResponse<String> r =
                mint(base, CLIENT, "{\"cospace\":\"room-1\",\"userId\":\"alice\",\"permissions\":[\"publish\"]}");
        assertEquals(201, r.statusCode(), r.body());
        JsonNode body = parse(r.body());
        String token = body.path("token").asText();
        assertEquals(3, token.split("\\.").length, token);
        assertEquals(
                CLOCK.instant().getEpochSecond() + 300, body.path("expiresAt").asLong());
        assertEquals(
                "/realtime/connect/room-1?token=" + token,
                body.path("connectUrl").asText());
    }

    @Test
    void badFieldsAre400NamingTheField() throws Exception {
        assertBad("{\"userId\":\"u\"}", "cospace");
        assertBad("{\"cospace\":\"has space\",\"userId\":\"u\"}", "cospace");
        assertBad("{\"cospace\":\"" + "c".repeat(129) + "\",\"userId\":\"u\"}", "cospace");
        assertBad("{\"cospace\":\"room\"}", "userId");
        assertBad("{\"cospace\":\"room\",\"userId\":\"\"}", "userId");
        assertBad("{\"cospace\":\"room\",\"userId\":\"u\",\"ttlSeconds\":0}", "ttlSeconds");
        assertBad("{\"cospace\":\"room\",\"userId\":\"u\",\"ttlSeconds\":86401}", "ttlSeconds");
        assertBad("{\"cospace\":\"room\",\"userId\":\"u\",\"ttlSeconds\":\"60\"}", "ttlSeconds");
        assertBad("{\"cospace\":\"room\",\"userId\":\"u\",\"permissions\":\"publish\"}", "permissions");
        assertBad("{\"cospace\":\"room\",\"userId\":\"u\",\"channels\":[1]}", "channels");
        assertBad("[]", "body");
        HttpResponse<String> max = mint(base, CLIENT, "{\"cospace\":\"room\",\"userId\":\"u\",\"ttlSeconds\":86400}");
        assertEquals(201, max.statusCode(), max.body());
    }

    private static void assertBad(String body, String field) throws Exception {
        HttpResponse<String> r = mint(base, CLIENT, body);
        assertEquals(400, r.statusCode(), body + " -> " + r.body());
        assertTrue(parse(r.body()).path("error").asText().contains(field), body + " -> " + r.body());
    }

    @Test
    void forgedExpiredWrongCospaceAndMissingTokensAre401WithoutUpgrade() throws Exception {
        String token = mintToken(base, CLIENT, "room-a", "bob");
        String[] parts = token.split("\\.");
        String forgedSig = parts[0] + "." + parts[1] + "." + flipFirst(parts[2]);
        String otherPayload = parts[0] + "."
                + java.util.Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString("{\"sub\":\"eve\",\"cospace\":\"room-a\",\"exp\":9999999999}".getBytes())
                + "." + parts[2];
        assertRefused("/realtime/connect/room-a?token=" + forgedSig, "token signature invalid");
        assertRefused("/realtime/connect/room-a?token=" + otherPayload, "token signature invalid");
        assertRefused("/realtime/connect/room-b?token=" + token, "token not valid for this cospace");
        assertRefused("/realtime/connect/room-a", "token malformed");

        String shortLived = JSON.readTree(
                        mint(base, CLIENT, "{\"cospace\":\"room-a\",\"userId\":\"bob\",\"ttlSeconds\":60}")
                                .body())
                .path("token")
                .asText();
        CLOCK.advance(Duration.ofHours(2));
        try {
            assertRefused("/realtime/connect/room-a?token=" + shortLived, "token expired");
        } finally {
            CLOCK.advance(Duration.ofHours(-2));
        }
    }

    private static String flipFirst(String s) {
        char c = s.charAt(0) == 'A' ? 'B' : 'A';
        return c + s.substring(1);
    }

    private static void assertRefused(String pathAndQuery, String error) {
        CompletionException e =
                assertThrows(CompletionException.class, () -> TextSocket.connect(ws(pathAndQuery)), pathAndQuery);
        WebSocketHandshakeException h = assertInstanceOf(WebSocketHandshakeException.class, e.getCause());
        HttpResponse<?> resp = h.getResponse();
        assertEquals(401, resp.statusCode(), pathAndQuery);
        JsonNode body = parse(String.valueOf(resp.body()));
        assertEquals(error, body.path("error").asText(), pathAndQuery);
        assertEquals("401", body.path("code").asText());
    }

    private static URI ws(String pathAndQuery) {
        return URI.create("ws://127.0.0.1:" + service.port() + pathAndQuery);
    }

    @Test
    void welcomeThenErrorsKeepTheConnectionUsableAndCloseEndsTheSession() throws Exception {
        String token = mintToken(base, CLIENT, "room-ws", "carol");
        double before = gauge(service, "rtcd_rtc_sessions");
        try (TextSocket s = TextSocket.connect(ws("/realtime/connect/room-ws?token=" + token))) {
            JsonNode welcome = parse(s.next());
            assertEquals("welcome", welcome.path("type").asText());
            assertEquals("carol", welcome.path("userId").asText());
            assertEquals("room-ws", welcome.path("cospace").asText());
            assertEquals(26, welcome.path("sessionId").asText().length());
            // the cospace's presence list follows the welcome (docs/protocol.md "Cospaces")
            assertEquals("presence.snapshot", parse(s.next()).path("event").asText());
            awaitGauge("rtcd_rtc_sessions", before + 1);

            s.send("{not json");
            assertError(s.next(), "malformed");
            s.send("{\"type\":\"dance\"}");
            assertError(s.next(), "unknown_type");
            s.send("{\"type\":\"offer\"}");
            assertError(s.next(), "malformed");
            s.send("{\"type\":\"offer\",\"sdp\":\"v=0 garbage\"}");
            assertError(s.next(), "rtc_error"); // the SFU refuses the SDP; the socket stays open
            s.send("{\"type\":\"mute\"}");
            JsonNode muted = parse(s.next()); // presence shows the mute, to the participant too
            assertEquals("participant.updated", muted.path("event").asText(), muted.toString());
            assertTrue(muted.path("payload").path("participant").path("muted").asBoolean());
            s.send("{\"type\":\"leave\"}");
            JsonNode closed = parse(s.next());
            assertEquals("closed", closed.path("type").asText(), closed.toString());
            assertEquals("left", closed.path("reason").asText());
            assertEquals(1000, s.awaitClose());
        }
        awaitGauge("rtcd_rtc_sessions", before);
    }

    @Test
    void anOfferSentBeforeTheWelcomeIsHandledAfterTheJoin() throws Exception {
        String token = mintToken(base, CLIENT, "room-early", "frank");
        try (TextSocket s = TextSocket.connect(ws("/realtime/connect/room-early?token=" + token))) {
            // No wait for welcome (docs/protocol.md "Browser face"): the SFU already has the session when it reads
            // this.
            s.send("{\"type\":\"offer\",\"sdp\":\"v=0 garbage\"}");
            assertEquals("welcome", parse(s.next()).path("type").asText());
            assertEquals("presence.snapshot", parse(s.next()).path("event").asText());
            assertError(s.next(), "rtc_error"); // the SFU's refusal of this SDP, not no_session
        }
    }

    @Test
    void messagesOverTheSocketLimitCloseWith1009AndEndTheSession() throws Exception {
        String token = mintToken(base, CLIENT, "room-big", "erin");
        double before = gauge(service, "rtcd_rtc_sessions");
        try (TextSocket s = TextSocket.connect(ws("/realtime/connect/room-big?token=" + token))) {
            assertEquals("welcome", parse(s.next()).path("type").asText());
            s.send("{\"type\":\"offer\",\"sdp\":\"" + "a".repeat(257 * 1024) + "\"}");
            assertEquals(1009, s.awaitClose());
        }
        awaitGauge("rtcd_rtc_sessions", before);
    }

    @Test
    void connectPathWithoutACospaceIs404() {
        CompletionException e =
                assertThrows(CompletionException.class, () -> TextSocket.connect(ws("/realtime/connect/a/b?token=x")));
        WebSocketHandshakeException h = assertInstanceOf(WebSocketHandshakeException.class, e.getCause());
        assertEquals(404, h.getResponse().statusCode());
    }

    @Test
    void socketCloseEndsTheSfuSession() throws Exception {
        String token = mintToken(base, CLIENT, "room-close", "dave");
        double before = gauge(service, "rtcd_rtc_sessions");
        TextSocket s = TextSocket.connect(ws("/realtime/connect/room-close?token=" + token));
        assertEquals("welcome", parse(s.next()).path("type").asText());
        awaitGauge("rtcd_rtc_sessions", before + 1);
        s.close();
        awaitGauge("rtcd_rtc_sessions", before);
    }

    private static void assertError(String message, String code) {
        JsonNode m = parse(message);
        assertEquals("error", m.path("type").asText(), message);
        assertEquals(code, m.path("code").asText(), message);
        assertTrue(m.has("message"), message);
    }

    private static void awaitGauge(String name, double expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        double v = gauge(service, name);
        while (v != expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
            v = gauge(service, name);
        }
        assertEquals(expected, v, name);
    }

    @Test
    void pageIsServedWithContentTypesAndUnknownPathsAre404Json() throws Exception {
        HttpResponse<String> index = get(base, "/");
        assertEquals(200, index.statusCode());
        assertTrue(index.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(index.body().contains("<script src=\"/app.js\">"), index.body());
        assertTrue(get(base, "/app.js")
                .headers()
                .firstValue("Content-Type")
                .orElse("")
                .startsWith("text/javascript"));
        assertTrue(get(base, "/style.css")
                .headers()
                .firstValue("Content-Type")
                .orElse("")
                .startsWith("text/css"));
        HttpResponse<String> missing = get(base, "/nope.js");
        assertEquals(404, missing.statusCode());
        assertEquals("404", parse(missing.body()).path("code").asText());
    }

    /** A settable clock: lets the test expire tokens without waiting. */
    static final class MutableClock extends Clock {
        private final AtomicReference<Instant> now;

        MutableClock(Instant start) {
            this.now = new AtomicReference<>(start);
        }

        void advance(Duration d) {
            now.updateAndGet(i -> i.plus(d));
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }
}
