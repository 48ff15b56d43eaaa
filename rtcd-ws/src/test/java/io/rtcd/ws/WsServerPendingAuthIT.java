package io.rtcd.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.exceptions.UpgradeException;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Upgrades waiting for authentication hold no server thread: on a server pool of 16 threads, 100 upgrades whose
 * authentication is held open leave an established connection's pings, pongs and messages undisturbed, and all 100
 * are upgraded once authentication completes.
 */
class WsServerPendingAuthIT {
    private static final String ESTABLISHED = "Basic established";
    private static final String HELD = "Basic held";
    private static final int PENDING = 100;

    private final WsServerIT.Events events = new WsServerIT.Events();
    private final BlockingQueue<CompletableFuture<WsPrincipal>> held = new LinkedBlockingQueue<>();
    private WsServer ws;
    private Server jetty;
    private WebSocketClient client;

    @AfterEach
    void stop() throws Exception {
        CompletableFuture<WsPrincipal> f;
        while ((f = held.poll()) != null) {
            f.complete(new WsPrincipal("late"));
        }
        if (client != null) {
            client.stop();
        }
        if (ws != null) {
            ws.close();
        }
        if (jetty != null) {
            jetty.stop();
        }
    }

    private URI start() throws Exception {
        WsAuthenticator auth = header -> {
            if (ESTABLISHED.equals(header)) {
                return CompletableFuture.completedFuture(new WsPrincipal("live"));
            }
            CompletableFuture<WsPrincipal> f = new CompletableFuture<>();
            held.add(f);
            return f;
        };
        // ping every 100 ms, close after 800 ms without pong: a reader held up for 1 s would close the live socket
        WsConfig config = new WsConfig(Duration.ofMillis(100), Duration.ofMillis(800), 1 << 20, 100, 0);
        ws = new WsServer(config, auth, events, new PrometheusRegistry());
        QueuedThreadPool pool = new QueuedThreadPool(16, 4);
        pool.setName("pending-auth-it");
        jetty = new Server(pool);
        ServerConnector connector = new ServerConnector(jetty, 1, 1);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        jetty.setHandler(ws.createHandler(jetty));
        jetty.start();
        ws.start();
        HttpClient http = new HttpClient();
        http.setMaxConnectionsPerDestination(PENDING * 2);
        client = new WebSocketClient(http);
        client.start();
        return URI.create("ws://127.0.0.1:" + connector.getLocalPort() + "/ws");
    }

    private CompletableFuture<Session> connect(URI uri, String authorization, Object listener) throws Exception {
        ClientUpgradeRequest req = new ClientUpgradeRequest(uri);
        req.setHeader("Authorization", authorization);
        req.setTimeout(60, TimeUnit.SECONDS);
        return client.connect(listener, req);
    }

    /** Records pong round trips of its own pings. */
    public static final class Pinger extends WsServerIT.Peer {
        final BlockingQueue<Long> pongs = new LinkedBlockingQueue<>();

        @Override
        public void onWebSocketPong(ByteBuffer payload) {
            pongs.add(System.nanoTime());
        }
    }

    @Test
    void pendingUpgradesLeaveEstablishedConnectionsAlone() throws Exception {
        URI uri = start();
        Pinger live = new Pinger();
        Session liveSession = connect(uri, ESTABLISHED, live).get(10, TimeUnit.SECONDS);
        assertInstanceOf(Hello.class, ClientMessageCodec.decode(live.binary.poll(5, TimeUnit.SECONDS)));

        List<WsServerIT.Peer> peers = new ArrayList<>();
        List<CompletableFuture<Session>> dials = new ArrayList<>();
        for (int i = 0; i < PENDING; i++) {
            WsServerIT.Peer p = new WsServerIT.Peer();
            peers.add(p);
            dials.add(connect(uri, HELD, p));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (held.size() < PENDING) {
            assertTrue(System.nanoTime() < deadline, "only " + held.size() + " upgrades reached authentication");
            Thread.sleep(10);
        }

        // 100 upgrades wait for authentication on a 16-thread server: the live socket still round-trips fast,
        // and outlives many pong timeouts of the server's own pings.
        long worst = 0;
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2500);
        int rounds = 0;
        while (System.nanoTime() < until) {
            long t0 = System.nanoTime();
            liveSession.sendPing(ByteBuffer.allocate(0), Callback.NOOP);
            Long pong = live.pongs.poll(5, TimeUnit.SECONDS);
            assertTrue(pong != null, "pong within 5 s");
            liveSession.sendBinary(ByteBuffer.wrap(ClientMessageCodec.encode(new Leave("s" + rounds))), Callback.NOOP);
            assertEquals(new Leave("s" + rounds), events.messages.poll(5, TimeUnit.SECONDS));
            worst = Math.max(worst, System.nanoTime() - t0);
            rounds++;
            Thread.sleep(50);
        }
        assertTrue(liveSession.isOpen());
        assertFalse(live.closeCode.isDone(), "the live socket was not closed");
        assertTrue(worst < TimeUnit.MILLISECONDS.toNanos(1000), "worst ping + message round trip " + worst / 1e6);
        assertTrue(dials.stream().noneMatch(CompletableFuture::isDone), "no upgrade completed before its auth");

        // One is refused as saturated, the others complete on this thread: all upgrade on server threads.
        held.take().completeExceptionally(new WsAuthException(429, "too many authentication requests"));
        CompletableFuture<WsPrincipal> f;
        while ((f = held.poll()) != null) {
            f.complete(new WsPrincipal("storm"));
        }
        int refused = 0;
        for (int i = 0; i < PENDING; i++) {
            try {
                dials.get(i).get(30, TimeUnit.SECONDS);
                assertInstanceOf(
                        Hello.class,
                        ClientMessageCodec.decode(peers.get(i).binary.poll(10, TimeUnit.SECONDS)));
            } catch (ExecutionException e) {
                UpgradeException ue = assertInstanceOf(UpgradeException.class, e.getCause());
                assertEquals(429, ue.getResponseStatusCode());
                refused++;
            }
        }
        assertEquals(1, refused);
        assertEquals(PENDING, ws.connections().size()); // 99 + the live one
        assertTrue(liveSession.isOpen());
    }
}
