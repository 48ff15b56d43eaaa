package io.rtcd.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The load generator's signalling socket against a server that writes at once behind the {@code 101} (a 40 KiB
 * {@code welcome}, presence events of 60 B to 20 KiB, then an {@code answer}), as rtcd's browser face does: every one of
 * many sockets must read every message intact. The JDK's {@code java.net.http.WebSocket} failed a few percent of such
 * sockets on a busy machine ("Invalid UTF-8 in frame TEXT": bytes that arrive during its switch from HTTP to WebSocket
 * are misplaced), which made load runs report failed joins that were no fault of rtcd; {@link SignalClient} uses
 * Jetty's client.
 */
class RealtimeSignalIT {
    private static final int SOCKETS = 200;
    private static final int PARALLEL = 25;
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final String SDP = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";

    @Test
    void everyMessageWrittenRightBehindTheUpgradeArrivesIntact() throws Exception {
        List<String> messages = new ArrayList<>();
        messages.add(message("welcome", "\"sessionId\":\"s-1\",\"participants\":\"" + "w".repeat(40_000) + "\""));
        for (int i = 0; i < 60; i++) {
            String pad = "p".repeat(i % 10 == 0 ? 20_000 : 60);
            messages.add(message("presence", "\"joined\":\"sub-" + i + "\",\"pad\":\"" + pad + "\""));
        }
        messages.add(RealtimeSignal.JSON
                .createObjectNode()
                .put("type", "answer")
                .put("sdp", SDP)
                .toString());
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
        try (EagerWsServer server = EagerWsServer.start(messages);
                SignalClient client = SignalClient.start()) {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < SOCKETS; i++) {
                results.add(pool.submit(() -> session(server, client)));
            }
            List<String> failures = new ArrayList<>();
            for (Future<String> f : results) {
                String r = f.get(TIMEOUT.toSeconds() * 3, TimeUnit.SECONDS);
                if (r != null) {
                    failures.add(r);
                }
            }
            assertEquals(List.of(), failures, failures.size() + " of " + SOCKETS + " sockets failed");
        } finally {
            pool.shutdownNow();
        }
    }

    /** Null when the socket read welcome and the answer with nothing unreadable, else why not. */
    private static String session(EagerWsServer server, SignalClient client) {
        RealtimeSignal s = null;
        try {
            s = RealtimeSignal.connect(client, server.uri("/realtime/connect/c"), sdp -> sdp, TIMEOUT);
            assertEquals("s-1", s.awaitWelcome(TIMEOUT));
            assertEquals(SDP, s.answer().get(TIMEOUT.toNanos(), TimeUnit.NANOSECONDS));
            assertNull(s.lastError());
            assertNull(s.closedReason());
            return null;
        } catch (Exception | AssertionError e) {
            return e + (s == null ? "" : " (closed: " + s.closedReason() + ", last error: " + s.lastError() + ")");
        } finally {
            if (s != null) {
                s.close();
            }
        }
    }

    private static String message(String type, String fields) {
        return "{\"type\":\"" + type + "\"," + fields + "}";
    }
}
