package io.rtcd.ws.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.rtcd.ws.guard.ConnectionGuard;
import io.rtcd.ws.guard.GuardConfig;
import io.rtcd.ws.guard.GuardMetrics;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The abuse guard of {@link TextWsServer} on real sockets: attempt limit per address (429 + Retry-After), Origin (403),
 * message rate (rate_limited, then 1008), message size (1009); other connections are unaffected by each.
 */
class TextWsGuardIT {
    /** One JDK client per source address, shared by the tests (building one costs a second on a busy machine). */
    private static final Map<String, HttpClient> HTTP = new ConcurrentHashMap<>();

    private final BlockingQueue<String> closes = new LinkedBlockingQueue<>();
    private final List<Client> clients = new ArrayList<>();
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private Server jetty;
    private TextWsServer<String> ws;
    private int port;

    private void start(GuardConfig guardConfig) throws Exception {
        TextWsListener<String> echo = new TextWsListener<>() {
            @Override
            public void onOpen(TextWsConnection<String> c) {
                c.send("hi");
            }

            @Override
            public void onText(TextWsConnection<String> c, String text) {
                c.send("echo " + text);
            }

            @Override
            public void onClose(TextWsConnection<String> c, int statusCode, String reason) {
                closes.add(statusCode + " " + reason);
            }
        };
        ConnectionGuard guard =
                new ConnectionGuard("test", guardConfig, GuardMetrics.register(registry), System::nanoTime);
        ws = new TextWsServer<>(
                "test",
                new TextWsConfig(4096, 1000, Duration.ofSeconds(5), Duration.ofSeconds(10)),
                guard,
                (path, query) -> path,
                echo);
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
        for (Client c : clients) {
            c.socket.abort();
        }
        if (ws != null) {
            ws.close();
        }
        if (jetty != null) {
            jetty.stop();
        }
    }

    @Test
    void attemptsOverTheLimitAre429WithRetryAfterWhileOthersAreUnaffected() throws Exception {
        start(new GuardConfig(3, 0, 1, 1, List.of(), 100));
        Client first = connect("127.0.0.1", null);
        assertEquals("hi", first.next());
        connect("127.0.0.1", null).next();
        connect("127.0.0.1", null).next();

        HttpResponse<?> refused = refusal("127.0.0.1", null);
        assertEquals(429, refused.statusCode());
        // 3/min: a token every 20 s after the first attempt (less the time the attempts took on a busy machine).
        int retryAfter =
                Integer.parseInt(refused.headers().firstValue("Retry-After").orElse("0"));
        assertTrue(retryAfter >= 15 && retryAfter <= 20, "Retry-After " + retryAfter);
        assertTrue(String.valueOf(refused.body()).contains("\"code\":\"429\""), String.valueOf(refused.body()));
        assertEquals(1.0, count("connect_rate"));

        // Another client address has its own budget, and the connected participant keeps working.
        assertEquals("hi", connect("127.0.0.2", null).next());
        first.send("still here");
        assertEquals("echo still here", first.next());
        assertEquals(4, ws.connectionCount());
    }

    @Test
    void aForeignOriginIs403AndSameOrAllowedOriginsConnect() throws Exception {
        start(new GuardConfig(0, 0, 1, 1, List.of("https://app.example"), 100));
        HttpResponse<?> refused = refusal("127.0.0.1", "https://evil.example");
        assertEquals(403, refused.statusCode());
        assertEquals("{\"error\":\"origin not allowed\",\"code\":\"403\"}", String.valueOf(refused.body()));
        assertEquals(1.0, count("origin"));

        assertEquals("hi", connect("127.0.0.1", "https://app.example").next());
        assertEquals("hi", connect("127.0.0.1", "http://127.0.0.1:" + port).next());
        assertEquals("hi", connect("127.0.0.1", null).next());
        assertEquals(1.0, count("origin"));
    }

    @Test
    void aFloodGetsRateLimitedThenClosed1008WhileAnotherConnectionIsUnaffected() throws Exception {
        start(new GuardConfig(0, 5, 5, 10, List.of(), 100));
        Client flooder = connect("127.0.0.1", null);
        Client bystander = connect("127.0.0.1", null);
        assertEquals("hi", flooder.next());
        assertEquals("hi", bystander.next());

        // 5 at once pass, the 6th is dropped and answered with one rate_limited error (timing: all sent within
        // 200 ms, the refill interval, on a loaded machine at worst one more passes).
        for (int i = 1; i <= 7; i++) {
            flooder.send("m" + i);
        }
        List<String> got = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            got.add(flooder.next());
        }
        assertEquals(List.of("echo m1", "echo m2", "echo m3", "echo m4", "echo m5"), got.subList(0, 5), got.toString());
        assertTrue(got.get(5).contains("\"code\":\"rate_limited\""), got.toString());
        assertTrue(got.get(5).startsWith("{\"type\":\"error\""), got.toString());

        for (int i = 0; i < 20 && !flooder.closed.isDone(); i++) {
            flooder.socket
                    .sendText("flood", true)
                    .orTimeout(5, TimeUnit.SECONDS)
                    .handle((r, e) -> null)
                    .join();
        }
        assertEquals(1008, flooder.closed.get(5, TimeUnit.SECONDS));
        assertEquals(TextWsServer.FLOOD_CLOSE_REASON, flooder.closeReason);
        assertEquals(1.0, count("message_flood"));
        assertTrue(count("message_rate") >= 10, "drops counted: " + count("message_rate"));

        bystander.send("fine");
        assertEquals("echo fine", bystander.next());
    }

    @Test
    void anOversizedMessageCloses1009AndIsCounted() throws Exception {
        start(new GuardConfig(0, 0, 1, 1, List.of(), 100));
        Client big = connect("127.0.0.1", null);
        Client other = connect("127.0.0.1", null);
        assertEquals("hi", big.next());
        assertEquals("hi", other.next());
        big.socket.sendText("x".repeat(5000), true);
        assertEquals(1009, big.closed.get(5, TimeUnit.SECONDS));
        String close = closes.poll(5, TimeUnit.SECONDS);
        assertTrue(close != null && close.startsWith("1009 "), close);
        assertEquals(1.0, count("message_too_large"));
        other.send("fine");
        assertEquals("echo fine", other.next());
    }

    private Client connect(String localAddress, String origin) throws Exception {
        Client c = new Client();
        WebSocket.Builder b =
                HTTP.computeIfAbsent(localAddress, TextWsGuardIT::client).newWebSocketBuilder();
        if (origin != null) {
            b.header("Origin", origin);
        }
        c.socket = b.buildAsync(URI.create("ws://127.0.0.1:" + port + "/x"), c)
                .orTimeout(5, TimeUnit.SECONDS)
                .join();
        clients.add(c);
        return c;
    }

    private static HttpClient client(String localAddress) {
        try {
            return HttpClient.newBuilder()
                    .localAddress(InetAddress.getByName(localAddress))
                    .build();
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<?> refusal(String localAddress, String origin) {
        CompletionException e = assertThrows(CompletionException.class, () -> connect(localAddress, origin));
        return assertInstanceOf(WebSocketHandshakeException.class, e.getCause()).getResponse();
    }

    private double count(String reason) {
        for (var s : registry.scrape()) {
            if (s instanceof CounterSnapshot cs
                    && cs.getMetadata().getPrometheusName().equals("rtcd_guard_refused")) {
                for (var dp : cs.getDataPoints()) {
                    if ("test".equals(dp.getLabels().get("face"))
                            && reason.equals(dp.getLabels().get("reason"))) {
                        return dp.getValue();
                    }
                }
            }
        }
        return -1;
    }

    private static final class Client implements WebSocket.Listener {
        final BlockingQueue<String> received = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();
        volatile String closeReason;
        WebSocket socket;

        void send(String text) {
            socket.sendText(text, true).orTimeout(5, TimeUnit.SECONDS).join();
        }

        String next() throws InterruptedException {
            String m = received.poll(5, TimeUnit.SECONDS);
            if (m == null) {
                throw new AssertionError("no message within 5 s");
            }
            return m;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                received.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeReason = reason;
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.completeExceptionally(error);
        }
    }
}
