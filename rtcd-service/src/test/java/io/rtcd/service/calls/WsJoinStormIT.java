package io.rtcd.service.calls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.rtcd.rtc.sfu.SfuTestPeer;
import io.rtcd.rtc.transport.dtls.DtlsCertificate;
import io.rtcd.service.RtcdHarness;
import io.rtcd.service.config.RtcdConfig;
import io.rtcd.ws.ClientMessage;
import io.rtcd.ws.ClientMessageCodec;
import io.rtcd.ws.Close;
import io.rtcd.ws.Hello;
import io.rtcd.ws.Join;
import io.rtcd.ws.Leave;
import io.rtcd.ws.Rtc;
import io.rtcd.ws.RtcMessage;
import io.rtcd.ws.WsConfig;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /ws} join storms against the whole service (real bcrypt cost 10 and its rate limiter): 400 backend sockets
 * of one client opened within 4 s all get {@code hello} and outlive two ping intervals while an established socket
 * keeps answering pings and signalling; and one socket carrying 400 sessions gets an answer to each offer and a
 * {@code close} for each {@code leave}. Prints the dial latencies (line {@code WS_STORM}).
 */
class WsJoinStormIT {
    private static final Logger LOG = LoggerFactory.getLogger(WsJoinStormIT.class);
    private static final String KEY = "plugin-key-0123456789abcdef012345";
    private static final String AUTH =
            "Basic " + Base64.getEncoder().encodeToString(("plugin:" + KEY).getBytes(StandardCharsets.UTF_8));
    private static final int STORM = Integer.getInteger("rtcd.it.storm.sockets", 400);
    private static final Duration SPREAD = Duration.ofSeconds(4);
    private static final Duration PING = Duration.ofSeconds(1);
    private static final Duration PONG_TIMEOUT = Duration.ofSeconds(3);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    private RtcdHarness rtcd;
    private WebSocketClient client;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : toClose.reversed()) {
            c.close();
        }
        if (client != null) {
            client.stop();
        }
        if (rtcd != null) {
            rtcd.close();
        }
    }

    /** A backend socket: decoded messages, pongs of its own pings, the close. */
    public static final class Backend implements Session.Listener.AutoDemanding {
        final long dialStart = System.nanoTime();
        final BlockingQueue<ClientMessage> messages = new LinkedBlockingQueue<>();
        final BlockingQueue<Long> pongs = new LinkedBlockingQueue<>();
        final CompletableFuture<String> closed = new CompletableFuture<>();
        volatile long openNanos;
        volatile long helloNanos;
        volatile Session session;

        @Override
        public void onWebSocketOpen(Session s) {
            session = s;
            openNanos = System.nanoTime();
        }

        @Override
        public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
            byte[] frame = new byte[payload.remaining()];
            payload.get(frame);
            callback.succeed();
            ClientMessage m = ClientMessageCodec.decode(frame);
            if (m instanceof Hello && helloNanos == 0) {
                helloNanos = System.nanoTime();
            }
            messages.add(m);
        }

        @Override
        public void onWebSocketPong(ByteBuffer payload) {
            pongs.add(System.nanoTime());
        }

        @Override
        public void onWebSocketClose(int statusCode, String reason) {
            closed.complete(statusCode + " " + reason);
        }

        @Override
        public void onWebSocketError(Throwable cause) {
            closed.complete("error " + cause.getClass().getSimpleName());
        }

        void send(ClientMessage m) {
            session.sendBinary(ByteBuffer.wrap(ClientMessageCodec.encode(m)), Callback.NOOP);
        }

        ClientMessage await(Predicate<ClientMessage> what, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            List<ClientMessage> skipped = new ArrayList<>();
            try {
                while (true) {
                    ClientMessage m = messages.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    if (m == null) {
                        throw new AssertionError("timed out; skipped " + skipped);
                    }
                    if (what.test(m)) {
                        return m;
                    }
                    skipped.add(m);
                }
            } finally {
                messages.addAll(skipped);
            }
        }
    }

    private URI start() throws Exception {
        RtcdConfig config = RtcdHarness.config(dataDir).withWs(new WsConfig(PING, PONG_TIMEOUT, 1 << 20, 5000, 0));
        rtcd = RtcdHarness.start(config);
        rtcd.admin().register("plugin", KEY);
        HttpClient http = new HttpClient();
        http.setMaxConnectionsPerDestination(STORM * 2); // no queueing on the client side: dials measure the server
        client = new WebSocketClient(http);
        client.setIdleTimeout(Duration.ofSeconds(120));
        client.start();
        return URI.create("ws://127.0.0.1:" + rtcd.service().port() + "/ws");
    }

    private CompletableFuture<Session> dial(URI uri, Backend b) throws Exception {
        ClientUpgradeRequest req = new ClientUpgradeRequest(uri);
        req.setHeader("Authorization", AUTH);
        req.setTimeout(60, TimeUnit.SECONDS);
        return client.connect(b, req);
    }

    private static String sdpJson(String type, String sdp) {
        return JSON.createObjectNode().put("type", type).put("sdp", sdp).toString();
    }

    /** A subscriber's first offer (recvonly audio, no track of its own), with ICE credentials of its own. */
    private static String subscriberOffer(SfuTestPeer peer, int n) {
        String sdp = peer.offer("stream", 1, 0)
                .replace("a=sendrecv\r\n", "a=recvonly\r\n")
                .replaceAll("a=msid:[^\r]*\r\n", "")
                .replaceAll("a=ssrc:[^\r]*\r\n", "")
                .replaceAll("a=ice-ufrag:[^\r]*\r\n", String.format(Locale.ROOT, "a=ice-ufrag:st%06d\r\n", n));
        return sdp;
    }

    private static void offer(Backend b, String session, String sdp) {
        b.send(new Join("call-1", "user-" + session, session, "channel-1", false, false));
        b.send(new Rtc(new RtcMessage(
                "", "", session, "", RtcMessage.SDP, sdpJson("offer", sdp).getBytes(StandardCharsets.UTF_8))));
    }

    private static boolean isAnswer(ClientMessage m, String session) {
        if (!(m instanceof Rtc r)
                || !r.msg().sessionId().equals(session)
                || r.msg().type() != RtcMessage.SDP) {
            return false;
        }
        try {
            return JSON.readTree(r.msg().data()).path("type").asText().equals("answer");
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static long percentileMs(long[] nanos, double p) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int i = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1_000_000;
    }

    @Test
    void fourHundredSocketsOfOneClientAllGetInAndStayWhileLiveSignallingFlows() throws Exception {
        URI uri = start();
        DtlsCertificate cert = DtlsCertificate.generate();
        SfuTestPeer offers = new SfuTestPeer("offers", cert);
        toClose.add(offers);

        Backend live = new Backend();
        Session liveSession = dial(uri, live).get(30, TimeUnit.SECONDS);
        assertInstanceOf(Hello.class, live.await(m -> m instanceof Hello, Duration.ofSeconds(10)));

        List<Backend> storm = new ArrayList<>();
        List<CompletableFuture<Session>> dials = new ArrayList<>();
        CompletableFuture<Void> launched = CompletableFuture.runAsync(() -> {
            long start = System.nanoTime();
            long step = SPREAD.toNanos() / STORM;
            for (int i = 0; i < STORM; i++) {
                LockSupport.parkNanos(start + i * step - System.nanoTime());
                Backend b = new Backend();
                try {
                    CompletableFuture<Session> d = dial(uri, b);
                    synchronized (dials) {
                        storm.add(b);
                        dials.add(d);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        });

        // While the storm runs: pings of the live socket, and a join + offer -> answer round trip every ~0.5 s.
        long worstPong = 0;
        long worstAnswer = 0;
        int answers = 0;
        int missedAnswers = 0;
        long holdUntil = Long.MAX_VALUE;
        for (int round = 0; System.nanoTime() < holdUntil; round++) {
            long t0 = System.nanoTime();
            liveSession.sendPing(ByteBuffer.allocate(0), Callback.NOOP);
            Long pong = live.pongs.poll(10, TimeUnit.SECONDS);
            worstPong = Math.max(worstPong, (pong == null ? System.nanoTime() : pong) - t0);
            if (round % 5 == 0) {
                String session = "live-" + round;
                long a0 = System.nanoTime();
                offer(live, session, subscriberOffer(offers, 900_000 + round));
                try {
                    live.await(m -> isAnswer(m, session), Duration.ofSeconds(10));
                    answers++;
                } catch (AssertionError timedOut) {
                    missedAnswers++; // asserted below, after the figures are logged
                }
                worstAnswer = Math.max(worstAnswer, System.nanoTime() - a0);
            }
            if (holdUntil == Long.MAX_VALUE && launched.isDone() && allDone(dials)) {
                // all dials settled: hold on past two ping intervals (and one pong timeout) of the server
                holdUntil = System.nanoTime() + PONG_TIMEOUT.plus(PING).toNanos();
            }
            Thread.sleep(100);
        }
        launched.join();

        int failed = 0;
        TreeMap<String, Integer> failures = new TreeMap<>();
        long[] dialMs = new long[STORM];
        long[] helloMs = new long[STORM];
        for (int i = 0; i < STORM; i++) {
            Backend b = storm.get(i);
            try {
                dials.get(i).join();
                dialMs[i] = b.openNanos - b.dialStart;
                helloMs[i] = (b.helloNanos == 0 ? System.nanoTime() : b.helloNanos) - b.dialStart;
            } catch (RuntimeException e) {
                failed++;
                failures.merge(String.valueOf(e.getCause()).replaceAll("@[0-9a-f]+", ""), 1, Integer::sum);
                dialMs[i] = Long.MAX_VALUE / 2;
                helloMs[i] = Long.MAX_VALUE / 2;
            }
        }
        TreeMap<String, Integer> closes = new TreeMap<>();
        for (Backend b : storm) {
            if (b.closed.isDone()) {
                closes.merge(b.closed.join(), 1, Integer::sum);
            }
        }
        LOG.info(String.format(
                Locale.ROOT,
                "WS_STORM sockets=%d spread=%ds dial_ms p50=%d p95=%d max=%d hello_ms p50=%d p95=%d failed=%d %s"
                        + " closed_after=%s live: worst_pong_ms=%d worst_join_answer_ms=%d answers=%d missed=%d"
                        + " key_cache hit=%.0f miss=%.0f",
                STORM,
                SPREAD.toSeconds(),
                percentileMs(dialMs, 0.5),
                percentileMs(dialMs, 0.95),
                percentileMs(dialMs, 1.0),
                percentileMs(helloMs, 0.5),
                percentileMs(helloMs, 0.95),
                failed,
                failures,
                closes,
                worstPong / 1_000_000,
                worstAnswer / 1_000_000,
                answers,
                missedAnswers,
                counter("rtcd_auth_key_cache_total", "result", "hit"),
                counter("rtcd_auth_key_cache_total", "result", "miss")));

        assertEquals(0, failed, "failed dials: " + failures);
        assertEquals(0, missedAnswers, "live join -> answer round trips without an answer within 10 s");
        assertTrue(closes.isEmpty(), "storm sockets closed by the server: " + closes);
        for (Backend b : storm) {
            assertTrue(b.helloNanos != 0, "every storm socket got hello");
        }
        assertTrue(liveSession.isOpen() && !live.closed.isDone(), "the live socket stayed open");
        assertEquals(STORM + 1.0, gauge("rtcd_ws_connections_total", "clientID", "plugin"));
        assertTrue(worstPong < TimeUnit.SECONDS.toNanos(2), "worst live pong " + worstPong / 1_000_000 + " ms");
        assertTrue(
                worstAnswer < TimeUnit.SECONDS.toNanos(5),
                "worst live join->answer " + worstAnswer / 1_000_000 + " ms");
        // bcrypt once: the live socket's check; the storm's 400 are answered from the cache
        assertEquals(1.0, counter("rtcd_auth_key_cache_total", "result", "miss"));
        assertEquals(STORM, counter("rtcd_auth_key_cache_total", "result", "hit"));
    }

    @Test
    void oneSocketCarriesFourHundredSessions() throws Exception {
        URI uri = start();
        DtlsCertificate cert = DtlsCertificate.generate();
        SfuTestPeer offers = new SfuTestPeer("offers", cert);
        toClose.add(offers);
        Backend plugin = new Backend();
        dial(uri, plugin).get(30, TimeUnit.SECONDS);
        assertInstanceOf(Hello.class, plugin.await(m -> m instanceof Hello, Duration.ofSeconds(10)));

        long t0 = System.nanoTime();
        for (int i = 0; i < STORM; i++) {
            offer(plugin, "mux-" + i, subscriberOffer(offers, i));
        }
        Set<String> answered = new HashSet<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (answered.size() < STORM) {
            ClientMessage m = plugin.messages.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            assertTrue(m != null, "answers for " + answered.size() + " of " + STORM + " sessions");
            assertTrue(!(m instanceof Close), "no session closed before its answer: " + m);
            if (m instanceof Rtc r && isAnswer(m, r.msg().sessionId())) {
                answered.add(r.msg().sessionId());
            }
        }
        long allAnswered = System.nanoTime() - t0;
        for (int i = 0; i < STORM; i++) {
            plugin.send(new Leave("mux-" + i));
        }
        Set<String> closedSessions = new HashSet<>();
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (closedSessions.size() < STORM) {
            ClientMessage m = plugin.messages.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            assertTrue(m != null, "close for " + closedSessions.size() + " of " + STORM + " sessions");
            if (m instanceof Close c) {
                closedSessions.add(c.sessionId());
            }
        }
        LOG.info(String.format(
                Locale.ROOT,
                "WS_MUX sessions=%d all_answered_ms=%d all_closed_ms=%d",
                STORM,
                allAnswered / 1_000_000,
                (System.nanoTime() - t0) / 1_000_000));
        assertTrue(plugin.session.isOpen() && !plugin.closed.isDone(), "the multiplexed socket stayed open");
    }

    private static boolean allDone(List<CompletableFuture<Session>> dials) {
        synchronized (dials) {
            return dials.size() == STORM && dials.stream().allMatch(CompletableFuture::isDone);
        }
    }

    private double counter(String name, String... labels) {
        for (MetricSnapshot ms : rtcd.service().metrics().scrape()) {
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
        for (MetricSnapshot ms : rtcd.service().metrics().scrape()) {
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
}
