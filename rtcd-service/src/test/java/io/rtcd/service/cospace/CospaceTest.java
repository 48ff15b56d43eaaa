package io.rtcd.service.cospace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.rtcd.auth.JoinClaims;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link Cospace} and {@link CospaceRegistry} with in-memory links: no sockets, grace 0 (no timers run). */
class CospaceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1);
    private final CospaceRegistry registry = new CospaceRegistry(
            new CospaceConfig(2, 3, 2, Duration.ZERO, 64),
            Clock.systemUTC(),
            timers,
            new CospaceMetrics(new PrometheusRegistry()));

    @AfterEach
    void stopTimers() {
        timers.shutdownNow();
    }

    /** A link that records what the cospace sends. */
    static final class Link implements ParticipantLink {
        final String id;
        final List<JsonNode> sent = new ArrayList<>();
        int closeCode;

        Link(String id) {
            this.id = id;
        }

        @Override
        public String sessionId() {
            return id;
        }

        @Override
        public boolean send(String json) {
            try {
                sent.add(JSON.readTree(json));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return true;
        }

        @Override
        public void close(int code, String reason) {
            closeCode = code;
        }

        List<String> kinds() {
            List<String> out = new ArrayList<>();
            sent.forEach(m -> out.add(
                    m.has("event") ? m.path("event").asText() : m.path("type").asText()));
            return out;
        }
    }

    private static JoinClaims claims(String cospace, String user, Set<String> perms, List<String> channels) {
        return new JoinClaims(user, cospace, Instant.now().plusSeconds(60), perms, channels);
    }

    private static final Set<String> ALL = Set.of("publish");

    @Test
    void joinSendsWelcomeAndSnapshotAndTellsTheOthers() {
        Link a = new Link("sa");
        Link b = new Link("sb");
        Cospace c = registry.join("room", claims("room", "alice", ALL, null), a, null);
        registry.join("room", claims("room", "bob", ALL, null), b, null);
        assertEquals(List.of("welcome", "presence.snapshot", "participant.joined"), a.kinds());
        assertEquals(List.of("welcome", "presence.snapshot"), b.kinds());
        JsonNode snapshot = b.sent.get(1).path("payload").path("participants");
        assertEquals("alice", snapshot.get(0).path("userId").asText());
        assertEquals("bob", snapshot.get(1).path("userId").asText());
        assertEquals(
                "cospace.room.presence", b.sent.get(1).path("channels").get(0).asText());
        assertEquals(2, c.size());
        assertTrue(c.implicit());
    }

    @Test
    void implicitCospaceEndsWithItsLastParticipantAndTheServerLimitHolds() {
        Link a = new Link("sa");
        Cospace c = registry.join("one", claims("one", "alice", ALL, null), a, null);
        registry.join("two", claims("two", "bob", ALL, null), new Link("sb"), null);
        CospaceException full = assertThrows(
                CospaceException.class,
                () -> registry.join("three", claims("three", "carol", ALL, null), new Link("sc"), null));
        assertEquals("server_full", full.code());
        c.leave("sa", "left");
        assertTrue(c.isClosed());
        assertEquals(1, registry.cospaceCount());
        registry.join("three", claims("three", "carol", ALL, null), new Link("sc"), null);
        assertEquals(2, registry.cospaceCount());
    }

    @Test
    void participantAndPublisherLimits() {
        registry.join("room", claims("room", "p1", ALL, null), new Link("s1"), null);
        registry.join("room", claims("room", "p2", ALL, null), new Link("s2"), null);
        CospaceException pub = assertThrows(
                CospaceException.class,
                () -> registry.join("room", claims("room", "p3", ALL, null), new Link("s3"), null));
        assertEquals("cospace_full", pub.code());
        assertTrue(pub.getMessage().contains("max_publishers (2)"), pub.getMessage());
        registry.join("room", claims("room", "l1", Set.of(), null), new Link("s4"), null);
        CospaceException part = assertThrows(
                CospaceException.class,
                () -> registry.join("room", claims("room", "l2", Set.of(), null), new Link("s5"), null));
        assertTrue(part.getMessage().contains("max_participants (3)"), part.getMessage());
        // a returning user is not counted twice
        registry.join("room", claims("room", "l1", Set.of(), null), new Link("s6"), null);
    }

    @Test
    void replacementClosesTheOldSessionAndIsAnUpdateForOthers() {
        Link w = new Link("sw");
        Link first = new Link("s1");
        Link second = new Link("s2");
        Cospace c = registry.join("room", claims("room", "watcher", ALL, null), w, null);
        registry.join("room", claims("room", "dup", ALL, null), first, null);
        registry.join("room", claims("room", "dup", ALL, null), second, null);
        assertEquals(List.of("welcome", "presence.snapshot", "session.replaced"), first.kinds());
        assertEquals("sessions.s1", first.sent.get(2).path("channels").get(0).asText());
        assertEquals("s2", first.sent.get(2).path("payload").path("by").asText());
        assertEquals(Cospace.CLOSE_REPLACED, first.closeCode);
        assertEquals(List.of("welcome", "presence.snapshot", "participant.joined", "participant.updated"), w.kinds());
        c.disconnected("s1"); // the old socket's close is no leave
        assertEquals(4, w.sent.size());
        assertEquals(2, c.size());
    }

    @Test
    void forbiddenChannelsAreRefusedAndNeverDelivered() {
        Link talker = new Link("st");
        Link limited = new Link("sl");
        Cospace c = registry.join("room", claims("room", "talker", ALL, null), talker, null);
        registry.join(
                "room",
                claims("room", "limited", Set.of(), List.of("presence")),
                limited,
                List.of("presence", "messages", "bogus"));
        assertEquals(List.of("welcome", "error", "error", "presence.snapshot"), limited.kinds());
        assertEquals("forbidden_channel", limited.sent.get(1).path("code").asText());
        assertEquals(
                "cospace.room.messages", limited.sent.get(1).path("channel").asText());
        assertEquals("unknown_channel", limited.sent.get(2).path("code").asText());
        c.publish("st", "messages", JSON.createObjectNode().put("x", 1));
        c.setActivity("st", "doc", null);
        c.subscribe("sl", List.of("cospace.room.activity"));
        assertEquals(
                List.of("welcome", "error", "error", "presence.snapshot", "participant.updated", "error"),
                limited.kinds());
        c.publish("sl", "messages", JSON.createObjectNode());
        assertEquals("forbidden", limited.sent.getLast().path("code").asText());
    }

    @Test
    void messagesCarrySenderAndSequenceAndAreSizeLimited() {
        Link a = new Link("sa");
        Link b = new Link("sb");
        Cospace c = registry.join("room", claims("room", "a", ALL, null), a, List.of("messages"));
        registry.join("room", claims("room", "b", ALL, null), b, List.of("messages"));
        for (int i = 1; i <= 3; i++) {
            c.publish("sa", "cospace.room.messages", JSON.createObjectNode().put("i", i));
        }
        c.publish("sa", "messages", JSON.createObjectNode().put("big", "x".repeat(100)));
        assertEquals("message_too_large", a.sent.getLast().path("code").asText());
        c.publish("sa", "cospace.other.messages", JSON.createObjectNode());
        assertEquals("unknown_channel", a.sent.getLast().path("code").asText());
        List<JsonNode> got = b.sent.subList(1, b.sent.size());
        assertEquals(3, got.size(), b.sent.toString());
        for (int i = 0; i < 3; i++) {
            JsonNode p = got.get(i).path("payload");
            assertEquals(i + 1, p.path("seq").asInt());
            assertEquals(i + 1, p.path("data").path("i").asInt());
            assertEquals("a", p.path("userId").asText());
            assertEquals("sa", p.path("sessionId").asText());
        }
        assertFalse(a.kinds().contains("message"));
    }

    @Test
    void closeTellsEveryoneAndTombstonesAHostedId() {
        CospaceRegistry.Hosted h = registry.host(ModelRoot.parse("d::n::w"), "client", null, null);
        assertTrue(h.created());
        assertEquals(
                h.cospace(),
                registry.host(ModelRoot.parse("d::n::w"), "client", null, null).cospace());
        String id = h.cospace().id();
        Link a = new Link("sa");
        registry.join(id, claims(id, "a", ALL, null), a, null);
        assertTrue(registry.close(id, "closed by client"));
        JsonNode closed = a.sent.getLast();
        assertEquals("cospace.closed", closed.path("event").asText());
        assertEquals("cospace." + id, closed.path("channels").get(0).asText());
        assertEquals(Cospace.CLOSE_NORMAL, a.closeCode);
        assertEquals(
                "cospace_closed",
                assertThrows(CospaceException.class, () -> registry.checkClosed(id))
                        .code());
        assertEquals(
                "cospace_closed",
                assertThrows(
                                CospaceException.class,
                                () -> registry.join(id, claims(id, "b", ALL, null), new Link("sb"), null))
                        .code());
        assertFalse(registry.host(ModelRoot.parse("d::n::w"), "client", null, null)
                .cospace()
                .id()
                .equals(id));
        assertThrows(
                IllegalArgumentException.class, () -> registry.host(ModelRoot.parse("d::n::x"), "client", 4, null));
    }

    @Test
    void activityIsOnePerParticipant() {
        Link a = new Link("sa");
        Cospace c = registry.join("room", claims("room", "a", ALL, null), a, List.of("activity"));
        c.setActivity("sa", "one", null);
        c.setActivity("sa", "two", null);
        c.clearActivity("sa");
        c.clearActivity("sa");
        assertEquals(
                List.of("welcome", "activity.joined", "activity.left", "activity.joined", "activity.left"), a.kinds());
        assertEquals("one", a.sent.get(2).path("payload").path("activity").asText());
    }

    @Test
    void modelRootAndConfigValidationNameWhatIsWrong() {
        assertEquals("a::b::c", ModelRoot.parse("a::b::c").toString());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ModelRoot.parse("a::b c::d"))
                .getMessage()
                .contains("namespace"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ModelRoot.parse("a::b::"))
                .getMessage()
                .contains("workspace"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ModelRoot.parse("a::b"))
                .getMessage()
                .contains("three parts"));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> new CospaceConfig(0, 1, 1, Duration.ZERO, 100));
        assertTrue(e.getMessage().contains("realtime.max_cospaces"), e.getMessage());
        assertTrue(assertThrows(
                        IllegalArgumentException.class, () -> new CospaceConfig(1, 1, 1, Duration.ofMinutes(11), 100))
                .getMessage()
                .contains("realtime.presence_grace"));
    }
}
