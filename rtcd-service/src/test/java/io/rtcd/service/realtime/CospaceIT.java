package io.rtcd.service.realtime;

import static io.rtcd.service.realtime.RealtimeTestSupport.JSON;
import static io.rtcd.service.realtime.RealtimeTestSupport.KEY;
import static io.rtcd.service.realtime.RealtimeTestSupport.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rtcd.service.RtcdHarness;
import io.rtcd.service.RtcdService;
import io.rtcd.service.client.RtcdClient;
import io.rtcd.service.cospace.CospaceConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cospaces on real sockets (docs/protocol.md "Cospaces"): hosting and status, presence lists and diffs with two and
 * ten participants, channels and permissions, one session per user, the presence grace, limits, closing, app
 * messages. Participants are plain JSON sockets (no media): every test finishes well within the SFU's signalling
 * timeout.
 */
class CospaceIT {
    static final String OWNER = "cs-backend";
    static final String OTHER = "cs-other";
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path dataDir;

    static RtcdService service;
    static URI base;
    static int port;
    static final Map<String, String> BEARERS = new java.util.concurrent.ConcurrentHashMap<>();

    @BeforeAll
    static void start() {
        CospaceConfig limits = new CospaceConfig(50, 20, 20, Duration.ofMillis(300), 256);
        service = new RtcdService(RtcdHarness.config(dataDir).withRealtime(limits));
        service.start();
        port = service.port();
        base = URI.create("http://127.0.0.1:" + port);
        RtcdClient admin = RtcdClient.basic(base, "admin", RtcdHarness.ADMIN_SECRET);
        admin.register(OWNER, KEY);
        admin.register(OTHER, KEY);
        // Bearer tokens: Basic auth costs a bcrypt check per request.
        BEARERS.put(OWNER, RtcdClient.anonymous(base).login(OWNER, KEY));
        BEARERS.put(OTHER, RtcdClient.anonymous(base).login(OTHER, KEY));
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    // ---- hosting and status ---------------------------------------------------------------------------------

    @Test
    void hostIsIdempotentPerModelRootAndStatusShowsTheCospace() throws Exception {
        HttpResponse<String> first = http(base, "POST", "/realtime/host", OWNER, "{\"modelRoot\":\"acme::eng::ws-1\"}");
        assertEquals(201, first.statusCode(), first.body());
        JsonNode hosted = parse(first.body());
        String id = hosted.path("cospace").asText();
        assertEquals("created", hosted.path("status").asText());
        assertEquals("/realtime/connect/" + id, hosted.path("connectUrl").asText());

        HttpResponse<String> again = http(base, "POST", "/realtime/host", OWNER, "{\"modelRoot\":\"acme::eng::ws-1\"}");
        assertEquals(200, again.statusCode(), again.body());
        assertEquals(id, parse(again.body()).path("cospace").asText());
        assertEquals("existing", parse(again.body()).path("status").asText());
        HttpResponse<String> foreign =
                http(base, "POST", "/realtime/host", OTHER, "{\"modelRoot\":\"acme::eng::ws-1\"}");
        assertEquals(409, foreign.statusCode(), foreign.body());

        JsonNode status =
                parse(http(base, "GET", "/realtime/status/" + id, OWNER, null).body());
        assertEquals(id, status.path("cospace").asText());
        assertEquals("acme::eng::ws-1", status.path("modelRoot").asText());
        assertEquals("idle", status.path("state").asText());
        assertEquals(0, status.path("participants").asInt());
        assertFalse(status.path("createdAt").asText().isEmpty());
        assertEquals(50, status.path("server").path("maxCospaces").asInt());
        assertTrue(status.path("server").path("cospaces").asInt() >= 1);

        try (CospacePeer a = CospacePeer.join(port, id, "ann", token(id, "ann", null, null), null)) {
            a.event("presence.snapshot");
            JsonNode active = parse(
                    http(base, "GET", "/realtime/status/" + id, OWNER, null).body());
            assertEquals("active", active.path("state").asText());
            assertEquals(1, active.path("participants").asInt());
            JsonNode system = parse(RealtimeTestSupport.get(base, "/system").body());
            assertTrue(system.path("realtime").path("participants").asInt() >= 1, system.toString());
            assertEquals(50, system.path("realtime").path("maxCospaces").asInt(), system.toString());
        }

        assertEquals(
                404, http(base, "GET", "/realtime/status/" + id, OTHER, null).statusCode());
        assertEquals(
                404, http(base, "GET", "/realtime/status/nope", OWNER, null).statusCode());
        assertEquals(
                401, http(base, "GET", "/realtime/status/" + id, null, null).statusCode());
        JsonNode list =
                parse(http(base, "GET", "/realtime/cospaces", OWNER, null).body());
        assertTrue(list.path("cospaces").toString().contains(id), list.toString());
        JsonNode otherList =
                parse(http(base, "GET", "/realtime/cospaces", OTHER, null).body());
        assertFalse(otherList.path("cospaces").toString().contains(id), otherList.toString());
    }

    @Test
    void invalidModelRootsAre400NamingThePart() throws Exception {
        assertHostBad("{}", "modelRoot");
        assertHostBad("{\"modelRoot\":\"acme::eng\"}", "three parts");
        assertHostBad("{\"modelRoot\":\"::eng::ws\"}", "domain");
        assertHostBad("{\"modelRoot\":\"acme::e ng::ws\"}", "namespace");
        assertHostBad("{\"modelRoot\":\"acme::eng::" + "w".repeat(65) + "\"}", "workspace");
        assertHostBad("{\"modelRoot\":\"acme::eng::ws\",\"options\":{\"color\":1}}", "options.color");
        assertHostBad("{\"modelRoot\":\"acme::eng::ws\",\"options\":{\"maxParticipants\":21}}", "maxParticipants");
    }

    private static void assertHostBad(String body, String named) throws Exception {
        HttpResponse<String> r = http(base, "POST", "/realtime/host", OWNER, body);
        assertEquals(400, r.statusCode(), body + " -> " + r.body());
        assertTrue(parse(r.body()).path("error").asText().contains(named), body + " -> " + r.body());
        assertEquals("400", parse(r.body()).path("code").asText());
    }

    @Test
    void mintingValidatesPermissionsChannelsAndExpiry() throws Exception {
        assertMintBad("{\"cospace\":\"c1\",\"userId\":\"u\",\"permissions\":[\"fly\"]}", "fly");
        assertMintBad("{\"cospace\":\"c1\",\"userId\":\"u\",\"channels\":[\"cospace.c2.presence\"]}", "c2");
        assertMintBad("{\"cospace\":\"c1\",\"userId\":\"u\",\"expiresAt\":1}", "expiresAt");
        long at = java.time.Instant.now().getEpochSecond() + 120;
        HttpResponse<String> ok = RealtimeTestSupport.mint(
                base,
                OWNER,
                "{\"cospace\":\"c1\",\"userId\":\"u\",\"expiresAt\":" + at
                        + ",\"permissions\":[\"publish_audio\",\"moderate\"],\"channels\":[\"presence\","
                        + "\"cospace.c1.messages\"]}");
        assertEquals(201, ok.statusCode(), ok.body());
        assertEquals(at, parse(ok.body()).path("expiresAt").asLong());
    }

    private static void assertMintBad(String body, String named) throws Exception {
        HttpResponse<String> r = RealtimeTestSupport.mint(base, OWNER, body);
        assertEquals(400, r.statusCode(), body + " -> " + r.body());
        assertTrue(parse(r.body()).path("error").asText().contains(named), body + " -> " + r.body());
    }

    // ---- presence -------------------------------------------------------------------------------------------

    @Test
    void twoThenTenParticipantsSeeExactPresenceListsAndDiffsInOrder() throws Exception {
        String id = host("acme::eng::presence");
        List<CospacePeer> peers = new ArrayList<>();
        try {
            for (int i = 0; i < 10; i++) {
                String user = "user-" + i;
                CospacePeer p = CospacePeer.join(port, id, user, token(id, user, null, null), null);
                JsonNode snapshot = p.event("presence.snapshot").path("participants");
                assertEquals(i + 1, snapshot.size(), snapshot.toString());
                for (int k = 0; k <= i; k++) {
                    assertEquals("user-" + k, snapshot.get(k).path("userId").asText(), snapshot.toString());
                    assertTrue(snapshot.get(k).path("connected").asBoolean());
                }
                assertEquals(p.sessionId, snapshot.get(i).path("sessionId").asText());
                for (CospacePeer earlier : peers) {
                    JsonNode joined = earlier.event("participant.joined").path("participant");
                    assertEquals(user, joined.path("userId").asText());
                    assertEquals(p.sessionId, joined.path("sessionId").asText());
                    assertFalse(joined.path("muted").asBoolean());
                }
                peers.add(p);
                if (i == 1) {
                    // two participants: each has exactly welcome + snapshot (+ the other's join for the first)
                    assertEquals(
                            List.of("welcome", "presence.snapshot", "participant.joined"),
                            peers.get(0).kinds());
                    assertEquals(
                            List.of("welcome", "presence.snapshot"),
                            peers.get(1).kinds());
                }
            }
            CospacePeer third = peers.get(3);
            third.send(Map.of("type", "mute"));
            for (CospacePeer p : peers) {
                JsonNode u = p.event("participant.updated").path("participant");
                assertEquals("user-3", u.path("userId").asText());
                assertTrue(u.path("muted").asBoolean());
            }
            peers.get(9).send(Map.of("type", "leave"));
            for (int k = 0; k < 9; k++) {
                JsonNode left = peers.get(k).event("participant.left");
                assertEquals("user-9", left.path("userId").asText());
                assertEquals("left", left.path("reason").asText());
            }
            peers.get(9).type("closed");
            for (int k = 0; k < 9; k++) {
                CospacePeer p = peers.get(k);
                p.sync(id);
                List<String> expected = new ArrayList<>(List.of("welcome", "presence.snapshot"));
                for (int j = k + 1; j < 10; j++) {
                    expected.add("participant.joined");
                }
                expected.addAll(List.of("participant.updated", "participant.left", "subscribed"));
                assertEquals(expected, p.kinds(), p.userId);
            }
            assertEquals(
                    9,
                    parse(http(base, "GET", "/realtime/status/" + id, OWNER, null)
                                    .body())
                            .path("participants")
                            .asInt());
        } finally {
            peers.forEach(CospacePeer::close);
        }
    }

    @Test
    void aSecondSessionOfTheSameUserReplacesTheFirst() throws Exception {
        String id = host("acme::eng::replace");
        try (CospacePeer watcher = CospacePeer.join(port, id, "watcher", token(id, "watcher", null, null), null);
                CospacePeer first = CospacePeer.join(port, id, "dup", token(id, "dup", null, null), null)) {
            watcher.event("presence.snapshot");
            watcher.event("participant.joined");
            first.event("presence.snapshot");
            try (CospacePeer second = CospacePeer.join(port, id, "dup", token(id, "dup", null, null), null)) {
                JsonNode replaced = first.event("session.replaced");
                assertEquals(second.sessionId, replaced.path("by").asText());
                assertEquals(
                        "sessions." + first.sessionId,
                        first.received.getLast().path("channels").get(0).asText());
                assertEquals(
                        "session replaced", first.type("closed").path("reason").asText());
                assertEquals(4001, first.socket.awaitClose());

                JsonNode snapshot = second.event("presence.snapshot").path("participants");
                assertEquals(2, snapshot.size());
                assertEquals(second.sessionId, snapshot.get(1).path("sessionId").asText());
                JsonNode update = watcher.event("participant.updated").path("participant");
                assertEquals("dup", update.path("userId").asText());
                assertEquals(second.sessionId, update.path("sessionId").asText());
                watcher.sync(id);
                assertEquals(
                        List.of(
                                "welcome",
                                "presence.snapshot",
                                "participant.joined",
                                "participant.updated",
                                "subscribed"),
                        watcher.kinds());
            }
        }
    }

    @Test
    void quickReconnectIsNoLeaveAndAGoneParticipantLeavesAfterTheGrace() throws Exception {
        String id = host("acme::eng::grace");
        try (CospacePeer watcher = CospacePeer.join(port, id, "watcher", token(id, "watcher", null, null), null)) {
            watcher.event("presence.snapshot");
            CospacePeer flaky = CospacePeer.join(port, id, "flaky", token(id, "flaky", null, null), null);
            watcher.event("participant.joined");
            flaky.close();
            assertFalse(watcher.event("participant.updated")
                    .path("participant")
                    .path("connected")
                    .asBoolean());
            try (CospacePeer back = CospacePeer.join(port, id, "flaky", token(id, "flaky", null, null), null)) {
                JsonNode u = watcher.event("participant.updated").path("participant");
                assertTrue(u.path("connected").asBoolean());
                assertEquals(back.sessionId, u.path("sessionId").asText());
                assertEquals(
                        2, back.event("presence.snapshot").path("participants").size());
                back.close();
                assertFalse(watcher.event("participant.updated")
                        .path("participant")
                        .path("connected")
                        .asBoolean());
                long t0 = System.nanoTime();
                JsonNode left = watcher.event("participant.left");
                long waitedMs = (System.nanoTime() - t0) / 1_000_000;
                assertEquals("flaky", left.path("userId").asText());
                assertEquals("disconnected", left.path("reason").asText());
                assertTrue(waitedMs >= 150, "left after " + waitedMs + " ms, before the 300 ms grace");
            }
            watcher.sync(id);
            assertEquals(
                    List.of(
                            "welcome",
                            "presence.snapshot",
                            "participant.joined",
                            "participant.updated",
                            "participant.updated",
                            "participant.updated",
                            "participant.left",
                            "subscribed"),
                    watcher.kinds());
        }
    }

    // ---- channels and permissions ---------------------------------------------------------------------------

    @Test
    void subscriptionsChangeWithoutReconnecting() throws Exception {
        String id = host("acme::eng::subs");
        try (CospacePeer talker = CospacePeer.join(port, id, "talker", token(id, "talker", null, null), null);
                CospacePeer reader = CospacePeer.join(
                        port, id, "reader", token(id, "reader", null, null), "channels=cospace." + id + ".presence")) {
            talker.event("presence.snapshot");
            assertEquals(
                    List.of("cospace." + id, "sessions." + reader.sessionId, "cospace." + id + ".presence"),
                    strings(reader.received.getFirst().path("channels")));
            reader.event("presence.snapshot");
            talker.event("participant.joined");

            publish(talker, id, Map.of("n", 1)); // not subscribed: not received
            talker.sync(id); // the publish is done (one connection's messages are handled in order)
            reader.send(Map.of("type", "subscribe", "channels", List.of("messages")));
            assertEquals(4, reader.type("subscribed").path("channels").size());
            publish(talker, id, Map.of("n", 2));
            JsonNode m = reader.event("message");
            assertEquals(2, m.path("data").path("n").asInt());
            assertEquals(2, m.path("seq").asInt());

            reader.send(Map.of("type", "unsubscribe", "channels", List.of("cospace." + id + ".presence")));
            assertEquals(3, reader.type("subscribed").path("channels").size());
            talker.send(Map.of("type", "mute")); // a presence event the reader no longer gets
            talker.event("participant.updated");
            reader.send(Map.of("type", "unsubscribe", "channels", List.of("cospace." + id)));
            JsonNode refused = reader.type("error");
            assertEquals("unknown_channel", refused.path("code").asText());
            reader.sync(id);
            assertEquals(
                    List.of(
                            "welcome",
                            "presence.snapshot",
                            "subscribed",
                            "message",
                            "subscribed",
                            "error",
                            "subscribed"),
                    reader.kinds());
        }
    }

    @Test
    void aParticipantWithoutPermissionNeverReceivesAForbiddenChannel() throws Exception {
        String id = host("acme::eng::perms");
        try (CospacePeer talker = CospacePeer.join(port, id, "talker", token(id, "talker", null, null), null);
                CospacePeer limited = CospacePeer.join(
                        port,
                        id,
                        "limited",
                        token(id, "limited", List.of(), List.of("presence")),
                        "channels=presence&channels=cospace." + id + ".messages&channels=sessions.someone-else")) {
            JsonNode welcome = limited.received.getFirst();
            assertEquals(List.of(), strings(welcome.path("permissions")));
            JsonNode e1 = limited.type("error");
            assertEquals("forbidden_channel", e1.path("code").asText());
            assertEquals("cospace." + id + ".messages", e1.path("channel").asText());
            assertTrue(e1.path("message").asText().contains("cospace." + id + ".messages"));
            JsonNode e2 = limited.type("error");
            assertEquals("forbidden_channel", e2.path("code").asText());
            assertEquals("sessions.someone-else", e2.path("channel").asText());
            limited.event("presence.snapshot");
            assertTrue(limited.event("participant.updated") // no publish_audio: shown muted
                    .path("participant")
                    .path("muted")
                    .asBoolean());

            limited.send(Map.of("type", "subscribe", "channels", List.of("activity")));
            assertEquals(
                    "cospace." + id + ".activity",
                    limited.type("error").path("channel").asText());
            limited.send(Map.of("type", "publish", "channel", "messages", "payload", Map.of("x", 1)));
            assertEquals("forbidden", limited.type("error").path("code").asText());
            limited.send(Map.of("type", "unmute"));
            assertEquals("forbidden", limited.type("error").path("code").asText());
            limited.send(Map.of("type", "video_on", "streamId", "s1"));
            assertEquals("forbidden", limited.type("error").path("code").asText());

            talker.event("presence.snapshot");
            talker.event("participant.joined"); // limited
            talker.event("participant.updated"); // limited starts muted: no publish_audio
            for (int i = 0; i < 5; i++) {
                publish(talker, id, Map.of("i", i));
            }
            talker.send(Map.of("type", "activity.set", "activity", "editing"));
            talker.event("activity.joined");
            talker.event("participant.updated");
            limited.sync(id);
            assertEquals(
                    List.of(
                            "welcome",
                            "error",
                            "error",
                            "presence.snapshot",
                            "participant.updated",
                            "error",
                            "error",
                            "error",
                            "error",
                            "participant.updated",
                            "subscribed"),
                    limited.kinds(),
                    limited.received.toString());
            for (JsonNode m : limited.received) {
                if (m.has("event")) {
                    String ch = m.path("channels").get(0).asText();
                    assertTrue(ch.equals("cospace." + id + ".presence"), m.toString());
                }
            }
        }
    }

    // ---- app messages and activities ------------------------------------------------------------------------

    @Test
    void appMessagesAreSizeLimitedAndOrderedPerSender() throws Exception {
        String id = host("acme::eng::chat");
        try (CospacePeer a = CospacePeer.join(port, id, "a", token(id, "a", null, null), "channels=messages");
                CospacePeer b = CospacePeer.join(port, id, "b", token(id, "b", null, null), "channels=messages");
                CospacePeer c = CospacePeer.join(port, id, "c", token(id, "c", null, null), "channels=messages")) {
            for (int i = 1; i <= 30; i++) {
                publish(a, id, Map.of("from", "a", "i", i));
                publish(b, id, Map.of("from", "b", "i", i));
            }
            a.send(Map.of("type", "publish", "channel", "messages", "payload", Map.of("big", "x".repeat(300))));
            JsonNode tooBig = a.next();
            for (int k = 0; k < 30 && tooBig.has("event"); k++) {
                tooBig = a.next(); // b's messages to a may come first
            }
            assertEquals("error", tooBig.path("type").asText(), tooBig.toString());
            assertEquals("message_too_large", tooBig.path("code").asText());
            assertTrue(tooBig.path("message").asText().contains("256"), tooBig.toString());
            int nextA = 1;
            int nextB = 1;
            for (int k = 0; k < 60; k++) {
                JsonNode m = c.event("message");
                String from = m.path("userId").asText();
                assertEquals(m.path("seq").asInt(), m.path("data").path("i").asInt(), m.toString());
                if (from.equals("a")) {
                    assertEquals(nextA++, m.path("data").path("i").asInt());
                    assertEquals(a.sessionId, m.path("sessionId").asText());
                } else {
                    assertEquals("b", from);
                    assertEquals(nextB++, m.path("data").path("i").asInt());
                }
            }
            for (int k = 1; k <= 30; k++) {
                JsonNode m = b.event("message"); // b gets a's messages only, never its own
                assertEquals("a", m.path("userId").asText());
                assertEquals(k, m.path("seq").asInt());
            }
            publish(a, id, Map.of("still", "open"));
            assertEquals("open", c.event("message").path("data").path("still").asText());
        }
    }

    @Test
    void activitiesAreOneAtATimeAndBroadcast() throws Exception {
        String id = host("acme::eng::activity");
        try (CospacePeer a = CospacePeer.join(port, id, "a", token(id, "a", null, null), "channels=activity");
                CospacePeer b = CospacePeer.join(port, id, "b", token(id, "b", null, null), "channels=activity")) {
            a.send(Map.of("type", "activity.set", "activity", "doc-1", "data", Map.of("page", 3)));
            JsonNode joined = b.event("activity.joined");
            assertEquals("a", joined.path("userId").asText());
            assertEquals("doc-1", joined.path("activity").asText());
            assertEquals(3, joined.path("data").path("page").asInt());
            assertEquals("doc-1", a.event("activity.joined").path("activity").asText());
            a.send(Map.of("type", "activity.set", "activity", "doc-2"));
            assertEquals("doc-1", b.event("activity.left").path("activity").asText());
            assertEquals("doc-2", b.event("activity.joined").path("activity").asText());
            a.send(Map.of("type", "activity.clear"));
            assertEquals("doc-2", b.event("activity.left").path("activity").asText());
            a.send(Map.of("type", "activity.set", "activity", ""));
            a.event("activity.left");
            a.event("activity.joined");
            a.event("activity.left");
            assertEquals("malformed", a.type("error").path("code").asText());
        }
    }

    // ---- closing and limits ---------------------------------------------------------------------------------

    @Test
    void closingACospaceDisconnectsEveryoneWithTheEvent() throws Exception {
        String id = host("acme::eng::close");
        List<CospacePeer> peers = new ArrayList<>();
        try {
            for (String u : List.of("p1", "p2", "p3")) {
                peers.add(CospacePeer.join(port, id, u, token(id, u, null, null), "channels=messages"));
            }
            // another client does not even see it
            assertEquals(
                    404,
                    http(base, "DELETE", "/realtime/cospaces/" + id, OTHER, null)
                            .statusCode());
            HttpResponse<String> del = http(base, "DELETE", "/realtime/cospaces/" + id, OWNER, null);
            assertEquals(200, del.statusCode(), del.body());
            for (CospacePeer p : peers) {
                JsonNode closed = p.event("cospace.closed");
                assertEquals(id, closed.path("cospace").asText());
                assertEquals(
                        "cospace." + id,
                        p.received.getLast().path("channels").get(0).asText());
                assertEquals("cospace closed", p.type("closed").path("reason").asText());
                assertEquals(1000, p.socket.awaitClose());
            }
            assertEquals(
                    404,
                    http(base, "GET", "/realtime/status/" + id, OWNER, null).statusCode());
            CompletionException e = assertThrows(
                    CompletionException.class,
                    () -> CospacePeer.open(port, id, "late", token(id, "late", null, null), null));
            assertEquals(
                    410,
                    assertInstanceOf(WebSocketHandshakeException.class, e.getCause())
                            .getResponse()
                            .statusCode());
            HttpResponse<String> rehost =
                    http(base, "POST", "/realtime/host", OWNER, "{\"modelRoot\":\"acme::eng::close\"}");
            assertEquals(201, rehost.statusCode(), rehost.body());
            assertFalse(parse(rehost.body()).path("cospace").asText().equals(id));
        } finally {
            peers.forEach(CospacePeer::close);
        }
    }

    @Test
    void aModeratorMayCloseTheCospaceFromItsSocket() throws Exception {
        String id = host("acme::eng::moderated");
        try (CospacePeer user = CospacePeer.join(port, id, "user", token(id, "user", null, null), "channels=messages");
                CospacePeer mod = CospacePeer.join(
                        port, id, "mod", token(id, "mod", List.of("moderate"), null), "channels=messages")) {
            user.send(Map.of("type", "cospace.close"));
            JsonNode refused = user.type("error");
            assertEquals("forbidden", refused.path("code").asText());
            assertTrue(refused.path("message").asText().contains("moderate"), refused.toString());
            mod.send(Map.of("type", "cospace.close"));
            for (CospacePeer p : List.of(user, mod)) {
                assertEquals(
                        "closed by moderator mod",
                        p.event("cospace.closed").path("reason").asText());
                assertEquals(1000, p.socket.awaitClose());
            }
        }
        assertEquals(
                404, http(base, "GET", "/realtime/status/" + id, OWNER, null).statusCode());
    }

    @Test
    void limitsRefuseHostingAndJoiningWithClearReasons(@TempDir Path dir) throws Exception {
        CospaceConfig tiny = new CospaceConfig(1, 2, 1, Duration.ZERO, 256);
        RtcdService small = new RtcdService(RtcdHarness.config(dir).withRealtime(tiny));
        small.start();
        try {
            URI b = URI.create("http://127.0.0.1:" + small.port());
            RtcdClient.basic(b, "admin", RtcdHarness.ADMIN_SECRET).register(OWNER, KEY);
            HttpResponse<String> h1 = http(b, "POST", "/realtime/host", OWNER, "{\"modelRoot\":\"a::b::c\"}");
            assertEquals(201, h1.statusCode(), h1.body());
            String id = parse(h1.body()).path("cospace").asText();
            HttpResponse<String> h2 = http(b, "POST", "/realtime/host", OWNER, "{\"modelRoot\":\"a::b::d\"}");
            assertEquals(503, h2.statusCode(), h2.body());
            assertTrue(parse(h2.body()).path("error").asText().contains("max_cospaces"), h2.body());

            try (CospacePeer p1 = CospacePeer.join(small.port(), id, "p1", mintWith(b, id, "p1", null, null), null)) {
                // max_publishers = 1: a second publisher is refused even though there is room
                CospacePeer p2 = CospacePeer.open(small.port(), id, "p2", mintWith(b, id, "p2", null, null), null);
                JsonNode err = p2.type("error");
                assertEquals("cospace_full", err.path("code").asText());
                assertTrue(err.path("message").asText().contains("max_publishers"), err.toString());
                assertEquals(1013, p2.socket.awaitClose());
                // a listener (no publish permission) still fits; then max_participants = 2 is reached
                CospacePeer l1 = CospacePeer.join(small.port(), id, "l1", mintWith(b, id, "l1", List.of(), null), null);
                CospacePeer l2 = CospacePeer.open(small.port(), id, "l2", mintWith(b, id, "l2", List.of(), null), null);
                JsonNode full = l2.type("error");
                assertEquals("cospace_full", full.path("code").asText());
                assertTrue(full.path("message").asText().contains("max_participants"), full.toString());
                assertEquals(1013, l2.socket.awaitClose());
                l1.close();
                // max_cospaces = 1: an implicit cospace cannot be created either
                CospacePeer other = CospacePeer.open(
                        small.port(), "elsewhere", "o", mintWith(b, "elsewhere", "o", null, null), null);
                assertEquals("server_full", other.type("error").path("code").asText());
                assertEquals(1013, other.socket.awaitClose());
                assertTrue(p1.event("presence.snapshot").isObject());
            }
            String metrics = RealtimeTestSupport.get(b, "/metrics").body();
            assertTrue(metrics.contains("rtcd_realtime_cospaces 1"), metrics);
            assertTrue(metrics.contains("rtcd_realtime_events_sent_total"), metrics);
        } finally {
            small.close();
        }
    }

    @Test
    void anUnhostedCospaceIsHostedImplicitlyAndEndsWithItsLastParticipant() throws Exception {
        try (CospacePeer a = CospacePeer.join(port, "implicit-1", "a", token("implicit-1", "a", null, null), null)) {
            a.event("presence.snapshot");
            JsonNode status = parse(http(base, "GET", "/realtime/status/implicit-1", OTHER, null)
                    .body());
            assertFalse(status.path("hosted").asBoolean(), status.toString());
            assertTrue(status.path("modelRoot").isNull(), status.toString());
            a.send(Map.of("type", "dance"));
            assertEquals("unknown_type", a.type("error").path("code").asText());
            a.send(Map.of("type", "leave"));
            a.type("closed");
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        int code;
        do {
            code = http(base, "GET", "/realtime/status/implicit-1", OTHER, null).statusCode();
        } while (code != 404 && System.nanoTime() < deadline);
        assertEquals(404, code);
        String metrics = RealtimeTestSupport.get(base, "/metrics").body();
        assertTrue(metrics.contains("rtcd_realtime_messages_refused_total{reason="), metrics);
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    private static void publish(CospacePeer from, String id, Map<String, Object> payload) {
        from.send(Map.of("type", "publish", "channel", "cospace." + id + ".messages", "payload", payload));
    }

    static String host(String modelRoot) throws Exception {
        HttpResponse<String> r = http(base, "POST", "/realtime/host", OWNER, "{\"modelRoot\":\"" + modelRoot + "\"}");
        assertEquals(201, r.statusCode(), r.body());
        return parse(r.body()).path("cospace").asText();
    }

    static String token(String cospace, String user, List<String> permissions, List<String> channels) throws Exception {
        return mintWith(base, cospace, user, permissions, channels);
    }

    static String mintWith(URI b, String cospace, String user, List<String> permissions, List<String> channels)
            throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("cospace", cospace);
        body.put("userId", user);
        if (permissions != null) {
            body.put("permissions", permissions);
        }
        if (channels != null) {
            body.put("channels", channels);
        }
        HttpResponse<String> r = http(b, "POST", "/realtime/tokens", OWNER, JSON.writeValueAsString(body));
        assertEquals(201, r.statusCode(), r.body());
        return parse(r.body()).path("token").asText();
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    static HttpResponse<String> http(URI b, String method, String path, String clientId, String body) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(b.resolve(path))
                .timeout(Duration.ofSeconds(10))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            r.header("Content-Type", "application/json");
        }
        String bearer = clientId == null || !b.equals(base) ? null : BEARERS.get(clientId);
        if (bearer != null) {
            r.header("Authorization", "Bearer " + bearer);
        } else if (clientId != null) {
            r.header(
                    "Authorization",
                    "Basic "
                            + Base64.getEncoder()
                                    .encodeToString((clientId + ":" + KEY).getBytes(StandardCharsets.UTF_8)));
        }
        return HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }
}
