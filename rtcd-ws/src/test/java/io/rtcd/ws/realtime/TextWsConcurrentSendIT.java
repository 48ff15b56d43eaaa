package io.rtcd.ws.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Many connections, each sent a 48 KiB welcome right at the upgrade, then interleaved small and large (20-60 KiB)
 * messages by several threads at once while the server pings every few milliseconds: every message must arrive whole
 * and in order per producer. Raw-socket clients check the frames byte for byte (a corrupt frame is dumped with its
 * neighbours); Jetty clients check what a WebSocket client decodes. (Not the JDK's {@code java.net.http.WebSocket}: it
 * can misplace bytes that arrive right behind the {@code 101}, see rtcd-bench's {@code SignalClient}.) Sizes scale with
 * {@code -Drtcd.it.wsload=N} (default 1) for a longer soak.
 */
class TextWsConcurrentSendIT {
    private static final int SCALE = Integer.getInteger("rtcd.it.wsload", 1);
    private static final int RAW_CLIENTS = 6 * SCALE;
    private static final int JETTY_CLIENTS = 6 * SCALE;
    private static final int PRODUCERS = 4;
    private static final int MESSAGES = 40 * SCALE;
    private static final int EXPECTED = 1 + PRODUCERS * MESSAGES;
    private static final String WELCOME = "{\"type\":\"welcome\",\"pad\":\"" + "w".repeat(48 << 10) + "\"}";

    private final List<TextWsConnection<String>> connections = new CopyOnWriteArrayList<>();
    private Server jetty;
    private TextWsServer<String> ws;
    private int port;

    @BeforeEach
    void start() throws Exception {
        TextWsListener<String> listener = new TextWsListener<>() {
            @Override
            public void onOpen(TextWsConnection<String> c) {
                c.send(WELCOME);
                connections.add(c);
            }

            @Override
            public void onText(TextWsConnection<String> c, String text) {
                // clients send nothing but pongs
            }

            @Override
            public void onClose(TextWsConnection<String> c, int statusCode, String reason) {
                connections.remove(c);
            }
        };
        ws = new TextWsServer<>(
                "concurrent",
                new TextWsConfig(256 << 10, 100_000, Duration.ofMillis(3), Duration.ofSeconds(60)),
                (path, query) -> path,
                listener);
        jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        jetty.setHandler(ws.createHandler(jetty));
        jetty.start();
        ws.start();
        port = connector.getLocalPort();
    }

    @AfterEach
    void stop() throws Exception {
        ws.close();
        jetty.stop();
    }

    @Test
    void concurrentProducersLargeAndSmallMessagesAndPingsArriveIntact() throws Exception {
        ExecutorService readers = Executors.newFixedThreadPool(RAW_CLIENTS);
        WebSocketClient jettyClient = new WebSocketClient();
        jettyClient.setMaxTextMessageSize(256 << 10);
        jettyClient.start();
        List<RawWsClient> raw = new ArrayList<>();
        List<JettyClient> jetties = new ArrayList<>();
        try {
            for (int i = 0; i < RAW_CLIENTS; i++) {
                raw.add(RawWsClient.connect(port, "/raw/" + i, new OrderChecker(), EXPECTED));
            }
            for (int i = 0; i < JETTY_CLIENTS; i++) {
                JettyClient c = new JettyClient();
                c.session = jettyClient
                        .connect(c, URI.create("ws://127.0.0.1:" + port + "/jetty/" + i))
                        .get(5, TimeUnit.SECONDS);
                jetties.add(c);
            }
            awaitConnections(RAW_CLIENTS + JETTY_CLIENTS);
            List<Future<?>> reading = new ArrayList<>();
            for (RawWsClient c : raw) {
                reading.add(readers.submit(c));
            }
            produce();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            for (Future<?> f : reading) {
                f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
            for (JettyClient c : jetties) {
                c.done.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
            for (RawWsClient c : raw) {
                assertEquals(null, c.failure(), "raw client saw a corrupt stream");
                assertEquals(EXPECTED, c.messages());
            }
            for (JettyClient c : jetties) {
                assertEquals(null, c.failure, "Jetty client failed");
                assertEquals(EXPECTED, c.messages);
            }
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            StringBuilder why = new StringBuilder("clients did not finish: " + e);
            raw.forEach(
                    c -> why.append("\nraw ").append(c.messages()).append(' ').append(c.failure()));
            jetties.forEach(
                    c -> why.append("\njetty ").append(c.messages).append(' ').append(c.failure));
            fail(why.toString());
        } finally {
            raw.forEach(RawWsClient::close);
            jetties.forEach(c -> c.session.disconnect());
            readers.shutdownNow();
            jettyClient.stop();
        }
    }

    private void awaitConnections(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (connections.size() < n && System.nanoTime() < deadline) {
            Thread.sleep(5); // the server-side open callbacks run on Jetty threads
        }
        assertEquals(n, connections.size(), "server-side connections");
    }

    /** {@link #PRODUCERS} threads each send their sequence to every connection, interleaved with the others. */
    private void produce() throws Exception {
        ExecutorService producers = Executors.newFixedThreadPool(PRODUCERS);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int p = 0; p < PRODUCERS; p++) {
                int producer = p;
                done.add(producers.submit(() -> {
                    go.await();
                    for (int seq = 0; seq < MESSAGES; seq++) {
                        String m = message(producer, seq);
                        for (TextWsConnection<String> c : connections) {
                            assertTrue(c.send(m), "send refused");
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            producers.shutdownNow();
        }
    }

    /** Every 4th message is 20-60 KiB, the others tens of bytes, all ASCII JSON. */
    static String message(int producer, int seq) {
        int size = seq % 4 == 0 ? 20_000 + (producer * 7919 + seq * 104_729) % 40_000 : (producer + seq) % 64;
        char pad = (char) ('a' + (producer + seq) % 26);
        return "{\"type\":\"presence\",\"p\":" + producer + ",\"seq\":" + seq + ",\"pad\":\""
                + String.valueOf(pad).repeat(size) + "\"}";
    }

    /** Accepts the welcome first, then exactly the next message of each producer, in order. One thread per client. */
    static final class OrderChecker implements Predicate<String> {
        private final int[] next = new int[PRODUCERS];
        private boolean welcomed;

        @Override
        public boolean test(String text) {
            if (!welcomed) {
                welcomed = text.equals(WELCOME);
                return welcomed;
            }
            String prefix = "{\"type\":\"presence\",\"p\":";
            if (!text.startsWith(prefix)) {
                return false;
            }
            int comma = text.indexOf(',', prefix.length());
            if (comma < 0) {
                return false;
            }
            int producer;
            try {
                producer = Integer.parseInt(text.substring(prefix.length(), comma));
            } catch (NumberFormatException e) {
                return false;
            }
            if (producer < 0 || producer >= PRODUCERS || !text.equals(message(producer, next[producer]))) {
                return false;
            }
            next[producer]++;
            return true;
        }
    }

    /** Jetty's client side; public because Jetty requires listener classes to be. */
    public static final class JettyClient implements Session.Listener.AutoDemanding {
        final CompletableFuture<Void> done = new CompletableFuture<>();
        private final OrderChecker checker = new OrderChecker();
        volatile String failure;
        volatile int messages;
        volatile Session session;

        @Override
        public void onWebSocketText(String text) {
            if (checker.test(text)) {
                messages++;
                if (messages == EXPECTED) {
                    done.complete(null);
                }
            } else if (failure == null) {
                failure =
                        "unexpected message after " + messages + ": " + text.substring(0, Math.min(120, text.length()));
                done.complete(null);
            }
        }

        @Override
        public void onWebSocketClose(int statusCode, String reason, Callback callback) {
            callback.succeed();
            if (messages < EXPECTED) {
                failure = "closed " + statusCode + " " + reason + " after " + messages;
            }
            done.complete(null);
        }

        @Override
        public void onWebSocketError(Throwable error) {
            failure = "error after " + messages + ": " + error;
            done.complete(null);
        }
    }
}
