package io.rtcd.service.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A lightweight cospace participant for the ITs: a {@link TextSocket} that records every message it receives, in
 * order, so a test can assert on all of it.
 */
final class CospacePeer implements AutoCloseable {
    final String userId;
    final TextSocket socket;
    final List<JsonNode> received = new ArrayList<>();
    String sessionId;

    private CospacePeer(String userId, TextSocket socket) {
        this.userId = userId;
        this.socket = socket;
    }

    /** Connects to {@code /realtime/connect/{cospace}?token=...&extraQuery} (no message read yet). */
    static CospacePeer open(int port, String cospace, String userId, String token, String extraQuery) {
        String q = "?token=" + token + (extraQuery == null ? "" : "&" + extraQuery);
        return new CospacePeer(
                userId, TextSocket.connect(URI.create("ws://127.0.0.1:" + port + "/realtime/connect/" + cospace + q)));
    }

    /** Connects and reads the welcome. */
    static CospacePeer join(int port, String cospace, String userId, String token, String extraQuery)
            throws InterruptedException {
        CospacePeer p = open(port, cospace, userId, token, extraQuery);
        JsonNode welcome = p.next();
        assertEquals("welcome", welcome.path("type").asText(), welcome.toString());
        p.sessionId = welcome.path("sessionId").asText();
        return p;
    }

    /** The next message (fails after 10 s). */
    JsonNode next() throws InterruptedException {
        JsonNode m = RealtimeTestSupport.parse(socket.next());
        received.add(m);
        return m;
    }

    /** The next message, which must be event {@code name}; returns its payload. */
    JsonNode event(String name) throws InterruptedException {
        JsonNode m = next();
        assertEquals(name, m.path("event").asText(), userId + " expected event " + name + ", got " + m);
        assertEquals(1, m.path("channels").size(), m.toString());
        assertEquals(true, m.path("timestamp").isIntegralNumber(), m.toString());
        return m.path("payload");
    }

    /** The next message, which must be {@code {"type": type}}. */
    JsonNode type(String type) throws InterruptedException {
        JsonNode m = next();
        assertEquals(type, m.path("type").asText(), userId + " expected " + type + ", got " + m);
        return m;
    }

    void send(Map<String, Object> message) {
        try {
            socket.send(RealtimeTestSupport.JSON.writeValueAsString(message));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * A round trip: everything queued to this peer before now has been read (into {@link #received}) once this returns (the server answers
     * {@code subscribed} under the cospace's lock, after any event already fanned out).
     */
    void sync(String cospace) throws InterruptedException {
        send(Map.of("type", "subscribe", "channels", List.of("cospace." + cospace)));
        for (int i = 0; i < 1000; i++) {
            if (next().path("type").asText().equals("subscribed")) {
                return;
            }
        }
        throw new AssertionError(userId + ": no subscribed reply within 1000 messages");
    }

    /** Messages received so far, as "type" or "event" names. */
    List<String> kinds() {
        List<String> out = new ArrayList<>();
        for (JsonNode m : received) {
            out.add(m.has("event") ? m.path("event").asText() : m.path("type").asText());
        }
        return out;
    }

    @Override
    public void close() {
        socket.close();
    }
}
