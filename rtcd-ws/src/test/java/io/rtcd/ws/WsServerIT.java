package io.rtcd.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WsServerIT {

    private static final String GOOD = basic("client1", "k".repeat(32));
    private static final Duration T = Duration.ofSeconds(5);

    private final Events events = new Events();
    private PrometheusRegistry registry;
    private WsServer ws;
    private Server jetty;
    private WebSocketClient raw;

    /** What the listener saw, in order. */
    static final class Events implements WsListener {
        final BlockingQueue<WsConnection> opened = new LinkedBlockingQueue<>();
        final BlockingQueue<ClientMessage> messages = new LinkedBlockingQueue<>();
        final BlockingQueue<Integer> closed = new LinkedBlockingQueue<>();

        @Override
        public void onOpen(WsConnection c) {
            opened.add(c);
        }

        @Override
        public void onMessage(WsConnection c, ClientMessage m) {
            messages.add(m);
        }

        @Override
        public void onClose(WsConnection c, int statusCode, String reason) {
            closed.add(statusCode);
        }
    }

    private static String basic(String user, String pass) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + pass).getBytes(StandardCharsets.UTF_8));
    }

    private void start(WsConfig config) throws Exception {
        registry = new PrometheusRegistry();
        WsAuthenticator auth = header -> GOOD.equals(header)
                ? CompletableFuture.completedFuture(new WsPrincipal("client1"))
                : CompletableFuture.failedFuture(new WsAuthException("unauthorized"));
        ws = new WsServer(config, auth, events, registry);
        jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        jetty.setHandler(ws.createHandler(jetty));
        jetty.start();
        ws.start();
    }

    private void start() throws Exception {
        start(WsConfig.defaults());
    }

    private URI uri() {
        return URI.create("ws://127.0.0.1:" + ((ServerConnector) jetty.getConnectors()[0]).getLocalPort() + "/ws");
    }

    @AfterEach
    void stop() throws Exception {
        if (raw != null) {
            raw.stop();
        }
        if (ws != null) {
            ws.close();
        }
        if (jetty != null) {
            jetty.stop();
        }
    }

    @Test
    void basicAuthGetsHelloWithFreshConnId() throws Exception {
        start();
        try (WsClient a = WsClient.connect(uri(), GOOD, T);
                WsClient b = WsClient.connect(uri(), GOOD, T)) {
            Hello ha = assertInstanceOf(Hello.class, a.receive(T));
            Hello hb = assertInstanceOf(Hello.class, b.receive(T));
            assertEquals("client1", ha.clientId());
            assertEquals(26, ha.connId().length());
            assertNotEquals(ha.connId(), hb.connId());
            WsConnection ca = ws.connection(ha.connId()).orElseThrow();
            assertEquals("client1", ca.clientId());
            assertEquals("127.0.0.1", ca.remoteAddress());
            assertEquals(2, ws.connections().size());
            WsConnection first = events.opened.poll(5, TimeUnit.SECONDS);
            assertNotNull(first);
            assertEquals(2.0, gauge("rtcd_ws_connections_total", "clientID", "client1"));
        }
        await(() -> ws.connections().isEmpty());
        assertEquals(0.0, gauge("rtcd_ws_connections_total", "clientID", "client1"));
    }

    @Test
    void missingOrWrongAuthIs401WithoutUpgrade() throws Exception {
        start();
        WsClientException missing = assertThrows(WsClientException.class, () -> WsClient.connect(uri(), null, T));
        assertEquals(401, missing.httpStatus());
        WsClientException wrong =
                assertThrows(WsClientException.class, () -> WsClient.connect(uri(), basic("client1", "bad"), T));
        assertEquals(401, wrong.httpStatus());
        assertTrue(events.opened.isEmpty());
        assertTrue(ws.connections().isEmpty());

        // The refusal is a real HTTP response with rtcd's JSON error body.
        try (Socket s = new Socket("127.0.0.1", uri().getPort())) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                            + "Authorization: Basic Zm9vOmJhcg==\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String response = readHttpResponse(s.getInputStream());
            assertTrue(response.startsWith("HTTP/1.1 401"), response);
            assertTrue(response.endsWith("{\"error\":\"unauthorized\",\"code\":\"401\"}"), response);
        }
    }

    @Test
    void attemptsOverThePerAddressLimitAre429BeforeAuthentication() throws Exception {
        start(new WsConfig(Duration.ofSeconds(10), Duration.ofSeconds(20), 1 << 20, 100, 2));
        try (WsClient a = WsClient.connect(uri(), GOOD, T)) {
            assertInstanceOf(Hello.class, a.receive(T));
            WsClientException wrong =
                    assertThrows(WsClientException.class, () -> WsClient.connect(uri(), basic("client1", "bad"), T));
            assertEquals(401, wrong.httpStatus()); // the second attempt, refused by auth, still counts
            WsClientException limited = assertThrows(WsClientException.class, () -> WsClient.connect(uri(), GOOD, T));
            assertEquals(429, limited.httpStatus());
            assertEquals(1, ws.connections().size());
            assertTrue(a.isOpen());
        }
    }

    private static String readHttpResponse(InputStream in) throws Exception {
        StringBuilder sb = new StringBuilder();
        int contentLength = -1;
        while (true) {
            int c = in.read();
            if (c < 0) {
                return sb.toString();
            }
            sb.append((char) c);
            if (sb.toString().endsWith("\r\n\r\n")) {
                for (String line : sb.toString().split("\r\n")) {
                    if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                        contentLength = Integer.parseInt(line.substring(15).trim());
                    }
                }
                break;
            }
        }
        byte[] body = in.readNBytes(Math.max(contentLength, 0));
        return sb + new String(body, StandardCharsets.UTF_8);
    }

    @Test
    void messagesRoutedBothWaysAndCounted() throws Exception {
        start();
        try (WsClient c = WsClient.connect(uri(), GOOD, T)) {
            Hello hello = assertInstanceOf(Hello.class, c.receive(T));
            Join join = new Join("call", "user", "sess", "chan", true, true);
            Rtc offer = new Rtc(new RtcMessage("", "", "sess", "", RtcMessage.SDP, "{\"type\":\"offer\"}".getBytes()));
            assertTrue(c.send(join));
            assertTrue(c.send(offer));
            assertEquals(join, events.messages.poll(5, TimeUnit.SECONDS));
            assertEquals(offer, events.messages.poll(5, TimeUnit.SECONDS));

            Rtc answer = new Rtc(new RtcMessage("client1", "user", "sess", "call", RtcMessage.SDP, "{}".getBytes()));
            assertTrue(ws.send(hello.connId(), answer));
            assertTrue(ws.send(hello.connId(), new Close("sess")));
            assertEquals(answer, c.receive(T));
            assertEquals(new Close("sess"), c.receive(T));
            assertFalse(ws.send("no-such-conn", answer));

            assertEquals(
                    1.0, counter("rtcd_ws_messages_total", "clientID", "client1", "type", "join", "direction", "in"));
            assertEquals(
                    1.0, counter("rtcd_ws_messages_total", "clientID", "client1", "type", "rtc", "direction", "in"));
            assertEquals(
                    1.0, counter("rtcd_ws_messages_total", "clientID", "client1", "type", "rtc", "direction", "out"));
            assertEquals(
                    0.0, counter("rtcd_ws_messages_total", "clientID", "client1", "type", "close", "direction", "out"));
            assertEquals(
                    0.0, counter("rtcd_ws_messages_total", "clientID", "client1", "type", "hello", "direction", "out"));
        }
    }

    @Test
    void garbageAndTextFramesAreIgnoredAndConnectionSurvives() throws Exception {
        start();
        Peer peer = new Peer();
        Session s = rawConnect(peer);
        assertInstanceOf(Hello.class, ClientMessageCodec.decode(peer.binary.poll(5, TimeUnit.SECONDS)));
        s.sendBinary(ByteBuffer.wrap(new byte[] {(byte) 0xc1}), Callback.NOOP);
        s.sendBinary(ByteBuffer.wrap(new byte[] {(byte) 0xa3, 'f', 'o', 'o', (byte) 0x80}), Callback.NOOP);
        s.sendBinary(ByteBuffer.wrap(new byte[] {(byte) 0xa3, 'f', 'o', 'o', (byte) 0x80}), Callback.NOOP);
        s.sendText("hello?", Callback.NOOP);
        s.sendBinary(ByteBuffer.wrap(ClientMessageCodec.encode(new Leave("s1"))), Callback.NOOP);
        assertEquals(new Leave("s1"), events.messages.poll(5, TimeUnit.SECONDS));
        assertTrue(s.isOpen());
        assertEquals(1.0, counter("rtcd_ws_rejected_messages_total", "reason", "malformed"));
        assertEquals(2.0, counter("rtcd_ws_rejected_messages_total", "reason", "unknown_type"));
        assertTrue(events.messages.isEmpty());
    }

    @Test
    void oversizeMessageClosesWith1009() throws Exception {
        start(new WsConfig(Duration.ofSeconds(10), Duration.ofSeconds(20), 1024, 100));
        try (WsClient c = WsClient.connect(uri(), GOOD, T)) {
            assertInstanceOf(Hello.class, c.receive(T));
            assertTrue(c.send(new Rtc(new RtcMessage("", "", "s", "", RtcMessage.SDP, new byte[2000]))));
            assertThrows(WsClientException.class, () -> {
                for (int i = 0; i < 100; i++) {
                    c.receive(T);
                }
            });
            // The server answers 1009 as soon as it parses the frame header and then closes; the unread rest of the
            // frame may make the kernel reset the socket before the client reads the close frame (then 1006).
            assertTrue(
                    c.closeStatus() == StatusCode.MESSAGE_TOO_LARGE || c.closeStatus() == StatusCode.ABNORMAL,
                    "client saw " + c.closeStatus());
        }
        assertEquals(Integer.valueOf(StatusCode.MESSAGE_TOO_LARGE), events.closed.poll(5, TimeUnit.SECONDS));
        assertTrue(events.messages.isEmpty());
    }

    @Test
    void slowReaderIsClosedWithoutBlockingTheSender() throws Exception {
        start(new WsConfig(Duration.ofMillis(200), Duration.ofSeconds(1), 1 << 20, 4));
        StalledPeer peer = new StalledPeer();
        rawConnect(peer);
        WsConnection c = events.opened.poll(5, TimeUnit.SECONDS);
        assertNotNull(c);
        Rtc big = new Rtc(new RtcMessage("client1", "u", "s", "c", RtcMessage.SDP, new byte[256 * 1024]));
        long startNanos = System.nanoTime();
        boolean refused = false;
        for (int i = 0; i < 400 && !refused; i++) {
            refused = !ws.send(c.connId(), big);
        }
        assertTrue(refused, "send queue never filled");
        assertTrue(System.nanoTime() - startNanos < TimeUnit.SECONDS.toNanos(5), "sender was blocked");
        assertFalse(c.isOpen());
        assertFalse(c.send(big));
        await(() -> ws.connections().isEmpty());
        assertNotNull(events.closed.poll(5, TimeUnit.SECONDS));
    }

    @Test
    void pongTimeoutClosesSilentPeersOnly() throws Exception {
        start(new WsConfig(Duration.ofMillis(100), Duration.ofMillis(800), 1 << 20, 100));
        try (WsClient answering = WsClient.connect(uri(), GOOD, T)) {
            assertInstanceOf(Hello.class, answering.receive(T));
            SilentPeer silent = new SilentPeer();
            rawConnect(silent);
            assertEquals(Integer.valueOf(StatusCode.SHUTDOWN), silent.closeCode.get(5, TimeUnit.SECONDS));
            assertEquals(WsServer.PONG_TIMEOUT, silent.closeReason);
            assertTrue(silent.pings > 0);
            // The ponging client outlived several pong timeouts.
            assertNull(answering.receive(Duration.ofMillis(500)));
            assertTrue(answering.isOpen());
            await(() -> ws.connections().size() == 1);
        }
    }

    @Test
    void closeSends1001ToEveryClient() throws Exception {
        start();
        try (WsClient a = WsClient.connect(uri(), GOOD, T);
                WsClient b = WsClient.connect(uri(), GOOD, T)) {
            assertInstanceOf(Hello.class, a.receive(T));
            assertInstanceOf(Hello.class, b.receive(T));
            ws.close();
            ws.close();
            for (WsClient c : new WsClient[] {a, b}) {
                assertThrows(WsClientException.class, () -> c.receive(T));
                assertEquals(StatusCode.SHUTDOWN, c.closeStatus());
                assertEquals(WsServer.SHUTTING_DOWN, c.closeReason());
            }
            await(() -> ws.connections().isEmpty());
        }
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    private Session rawConnect(Object listener) throws Exception {
        if (raw == null) {
            raw = new WebSocketClient();
            raw.start();
        }
        ClientUpgradeRequest req = new ClientUpgradeRequest(uri());
        req.setHeader("Authorization", GOOD);
        return raw.connect(listener, req).get(5, TimeUnit.SECONDS);
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "condition not met within 5 s");
            Thread.sleep(10);
        }
    }

    private double counter(String name, String... labels) {
        for (MetricSnapshot ms : registry.scrape()) {
            if (ms instanceof CounterSnapshot cs && (cs.getMetadata().getPrometheusName() + "_total").equals(name)) {
                for (CounterSnapshot.CounterDataPointSnapshot dp : cs.getDataPoints()) {
                    if (dp.getLabels().equals(Labels.of(labels))) {
                        return dp.getValue();
                    }
                }
            }
        }
        return 0.0;
    }

    private double gauge(String name, String... labels) {
        for (MetricSnapshot ms : registry.scrape()) {
            if (ms instanceof GaugeSnapshot gs
                    && gs.getMetadata().getPrometheusName().equals(name)) {
                for (GaugeSnapshot.GaugeDataPointSnapshot dp : gs.getDataPoints()) {
                    if (dp.getLabels().equals(Labels.of(labels))) {
                        return dp.getValue();
                    }
                }
            }
        }
        return Double.NaN;
    }

    /** Raw peer: reads everything, answers pings (Jetty's default since onWebSocketPing is not overridden). */
    public static class Peer implements Session.Listener.AutoDemanding {
        final BlockingQueue<byte[]> binary = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
        volatile String closeReason;

        @Override
        public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
            byte[] b = new byte[payload.remaining()];
            payload.get(b);
            binary.add(b);
            callback.succeed();
        }

        @Override
        public void onWebSocketClose(int statusCode, String reason) {
            closeReason = reason;
            closeCode.complete(statusCode);
        }
    }

    /** Overrides onWebSocketPing, which turns off Jetty's automatic pong: never answers pings. */
    public static class SilentPeer extends Peer {
        volatile int pings;

        @Override
        public void onWebSocketPing(ByteBuffer payload) {
            pings++;
        }
    }

    /** Never demands: reads nothing after the upgrade, so the server's writes back up. */
    public static class StalledPeer implements Session.Listener {
        @Override
        public void onWebSocketOpen(Session session) {
            // deliberately no session.demand()
        }
    }
}
