package io.rtcd.ws.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The generic text WebSocket server on a real Jetty: acceptor before the upgrade, echo, limits, close. */
class TextWsServerIT {
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    private Server jetty;
    private TextWsServer<String> ws;
    private int port;

    @BeforeEach
    void start() throws Exception {
        TextWsAcceptor<String> acceptor = (path, query) -> {
            if (!"good".equals(query.get("key"))) {
                throw new TextWsRefusedException(403, "bad \"key\"");
            }
            return path;
        };
        TextWsListener<String> listener = new TextWsListener<>() {
            @Override
            public void onOpen(TextWsConnection<String> c) {
                events.add("open " + c.attachment());
                c.send("hi");
            }

            @Override
            public void onText(TextWsConnection<String> c, String text) {
                if (text.startsWith("burst ")) {
                    // Deferred and immediate sends interleaved: one queue, one order on the wire.
                    int n = Integer.parseInt(text.substring(6));
                    for (int i = 0; i < n; i++) {
                        boolean ok = i % 4 == 3 ? c.send("m" + i) : c.sendDeferred("m" + i);
                        if (!ok) {
                            events.add("refused m" + i);
                        }
                    }
                } else if (text.equals("bye")) {
                    c.send("last");
                    c.close(1000, "bye");
                } else {
                    c.send("echo " + text);
                }
            }

            @Override
            public void onClose(TextWsConnection<String> c, int statusCode, String reason) {
                events.add("close " + statusCode);
            }
        };
        ws = new TextWsServer<>(
                "test", new TextWsConfig(4096, 16, Duration.ofMillis(200), Duration.ofSeconds(1)), acceptor, listener);
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
    void refusedBeforeTheUpgradeWithJsonBody() {
        CompletionException e = assertThrows(CompletionException.class, () -> Client.connect(uri("/x?key=bad")));
        WebSocketHandshakeException h = assertInstanceOf(WebSocketHandshakeException.class, e.getCause());
        assertEquals(403, h.getResponse().statusCode());
        assertEquals(
                "{\"error\":\"bad \\\"key\\\"\",\"code\":\"403\"}",
                String.valueOf(h.getResponse().body()));
        assertEquals(0, ws.connectionCount());
    }

    @Test
    void acceptedConnectionsExchangeTextAndQueuedFramesPrecedeTheClose() throws Exception {
        Client c = Client.connect(uri("/room/1?key=good"));
        assertEquals("open /room/1", events.poll(5, TimeUnit.SECONDS));
        assertEquals("hi", c.next());
        c.socket.sendText("ping", true).join();
        assertEquals("echo ping", c.next());
        assertEquals(1, ws.connectionCount());
        c.socket.sendText("bye", true).join();
        assertEquals("last", c.next());
        assertEquals(1000, c.closed.get(5, TimeUnit.SECONDS));
        assertEquals("close 1000", events.poll(5, TimeUnit.SECONDS));
        assertEquals(0, ws.connectionCount());
    }

    @Test
    void oversizedMessagesClose1009() throws Exception {
        Client c = Client.connect(uri("/big?key=good"));
        assertEquals("hi", c.next());
        c.socket.sendText("x".repeat(5000), true);
        assertEquals(1009, c.closed.get(5, TimeUnit.SECONDS));
        assertTrue(events.contains("open /big"));
    }

    @Test
    void pingsKeepAQuietConnectionPastTheIdleTimeout() throws Exception {
        Client c = Client.connect(uri("/quiet?key=good"));
        assertEquals("hi", c.next());
        // The client sends nothing for 2.5 idle timeouts; only its automatic pongs reach the server.
        assertThrows(java.util.concurrent.TimeoutException.class, () -> c.closed.get(2500, TimeUnit.MILLISECONDS));
        c.socket.sendText("still here", true).join();
        assertEquals("echo still here", c.next());
    }

    @Test
    void deferredAndImmediateFramesArriveInTheOrderTheyWereSent() throws Exception {
        Client c = Client.connect(uri("/room/2?key=good"));
        assertEquals("hi", c.next());
        for (int round = 0; round < 20; round++) {
            c.socket.sendText("burst 12", true).join();
            for (int i = 0; i < 12; i++) {
                assertEquals("m" + i, c.next(), "round " + round);
            }
        }
        assertEquals("open /room/2", events.poll(5, TimeUnit.SECONDS));
        assertEquals(null, events.poll(), "no frame refused");
        c.socket.sendText("ping", true).join();
        assertEquals("echo ping", c.next());
    }

    private URI uri(String pathAndQuery) {
        return URI.create("ws://127.0.0.1:" + port + pathAndQuery);
    }

    private static final class Client implements WebSocket.Listener {
        final BlockingQueue<String> received = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();
        WebSocket socket;

        static Client connect(URI uri) {
            Client c = new Client();
            c.socket = HttpClient.newHttpClient()
                    .newWebSocketBuilder()
                    .buildAsync(uri, c)
                    .orTimeout(5, TimeUnit.SECONDS)
                    .join();
            return c;
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
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.completeExceptionally(error);
        }
    }
}
