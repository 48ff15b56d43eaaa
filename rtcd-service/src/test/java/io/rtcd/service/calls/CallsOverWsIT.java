package io.rtcd.service.calls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rtcd.rtc.sfu.SfuTestPeer;
import io.rtcd.rtc.sfu.TestSdp;
import io.rtcd.rtc.transport.TransportConfig;
import io.rtcd.rtc.transport.dtls.DtlsCertificate;
import io.rtcd.service.RtcdHarness;
import io.rtcd.service.client.RtcdClient;
import io.rtcd.service.client.RtcdClientException;
import io.rtcd.ws.ClientMessage;
import io.rtcd.ws.Close;
import io.rtcd.ws.Join;
import io.rtcd.ws.Leave;
import io.rtcd.ws.Reconnect;
import io.rtcd.ws.Rtc;
import io.rtcd.ws.RtcMessage;
import io.rtcd.ws.Vad;
import io.rtcd.ws.WsClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole service as a Mattermost-style backend sees it: a "plugin" holds one {@code /ws} connection and relays
 * the signalling of real WebRTC peers (Java ICE + DTLS + SRTP test peers on their own UDP sockets) to rtcd, which
 * forwards their media. Covers join → offer/answer over msgpack {@code rtc} messages → media, server renegotiation,
 * {@code vad}, {@code reconnect} to a new connection, ownership checks, leave → {@code close}, and the sessions API.
 */
class CallsOverWsIT {
    private static final String KEY = "plugin-key-0123456789abcdef012345";
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    private final ExecutorService blocking = Executors.newCachedThreadPool();
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private RtcdHarness rtcd;

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : toClose.reversed()) {
            c.close();
        }
        if (rtcd != null) {
            rtcd.close();
        }
        blocking.shutdownNow();
    }

    /** A backend connection: receives in a background queue so that tests can wait for specific messages. */
    private final class Plugin implements AutoCloseable {
        final WsClient ws;
        final List<ClientMessage> received = new ArrayList<>();

        Plugin(RtcdClient client) {
            ws = client.connectWs(WAIT);
            toClose.add(this);
        }

        synchronized ClientMessage await(Predicate<ClientMessage> what, String description) {
            long deadline = System.nanoTime() + WAIT.toNanos();
            int seen = 0;
            while (true) {
                for (int i = seen; i < received.size(); i++) {
                    if (what.test(received.get(i))) {
                        return received.remove(i);
                    }
                }
                seen = received.size();
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("timed out waiting for " + description + "; got " + received);
                }
                ClientMessage m = ws.receive(
                        Duration.ofNanos(Math.min(left, Duration.ofMillis(200).toNanos())));
                if (m != null) {
                    received.add(m);
                }
            }
        }

        RtcMessage awaitRtc(String sessionId, String sdpType) {
            Rtc r = (Rtc) await(
                    m -> m instanceof Rtc rtc
                            && rtc.msg().sessionId().equals(sessionId)
                            && rtc.msg().type() == RtcMessage.SDP
                            && sdpType(rtc.msg()).equals(sdpType),
                    sdpType + " for " + sessionId);
            return r.msg();
        }

        void sendSdp(String sessionId, String type, String sdp) {
            byte[] data = JSON.createObjectNode()
                    .put("type", type)
                    .put("sdp", sdp)
                    .toString()
                    .getBytes(StandardCharsets.UTF_8);
            assertTrue(ws.send(new Rtc(new RtcMessage("", "", sessionId, "", RtcMessage.SDP, data))));
        }

        @Override
        public void close() {
            ws.close();
        }
    }

    private static String sdpType(RtcMessage m) {
        try {
            return JSON.readTree(m.data()).path("type").asText();
        } catch (java.io.IOException e) {
            return "";
        }
    }

    private static String sdp(RtcMessage m) throws Exception {
        JsonNode n = JSON.readTree(m.data());
        return n.get("sdp").asText();
    }

    /** Joins {@code session} through the plugin, does the offer/answer and connects ICE/DTLS/SRTP. */
    private SfuTestPeer join(Plugin plugin, String session, DtlsCertificate cert, long audioSsrc) throws Exception {
        SfuTestPeer peer = new SfuTestPeer(session, cert);
        toClose.add(peer);
        plugin.ws.send(new Join("call-1", "user-" + session, session, "channel-1", false, false));
        plugin.sendSdp(session, "offer", peer.offer("stream-" + session, audioSsrc, 0));
        RtcMessage answer = plugin.awaitRtc(session, "answer");
        assertEquals("call-1", answer.callId());
        assertEquals("user-" + session, answer.userId());
        peer.connect(sdp(answer), TransportConfig.loopback(), blocking);
        return peer;
    }

    /** Answers the server's next renegotiation offer for {@code session}, as the backend relays it. */
    private void answerServerOffer(Plugin plugin, SfuTestPeer peer, String session) throws Exception {
        RtcMessage offer = plugin.awaitRtc(session, "offer");
        plugin.sendSdp(session, "answer", peer.answer(sdp(offer)));
    }

    private static long ssrcOf(byte[] rtp) {
        return ((rtp[8] & 0xFFL) << 24) | ((rtp[9] & 0xFFL) << 16) | ((rtp[10] & 0xFFL) << 8) | (rtp[11] & 0xFFL);
    }

    /** Sends {@code count} stamped Opus packets from {@code sender}; returns them for comparison. */
    private static List<byte[]> talk(SfuTestPeer sender, long ssrc, int from, int count) {
        List<byte[]> sent = new ArrayList<>();
        for (int n = from; n < from + count; n++) {
            byte[] p = TestSdp.rtp(111, 100 + n, 960L * n, ssrc, 1, n % 2 == 0 ? 10 : 90, n, 80);
            sent.add(p);
            sender.sendRtp(p);
        }
        return sent;
    }

    private static void assertReceives(SfuTestPeer receiver, List<byte[]> sent) throws InterruptedException {
        List<byte[]> got = new ArrayList<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        long forwardedSsrc = -1;
        while (got.size() < sent.size()) {
            byte[] p =
                    receiver.rtp.poll(Math.max(1, (deadline - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
            if (p == null) {
                throw new AssertionError(receiver.name + " got " + got.size() + " of " + sent.size() + " packets");
            }
            if (forwardedSsrc == -1) {
                forwardedSsrc = ssrcOf(p);
            }
            if (ssrcOf(p) == forwardedSsrc) {
                got.add(p);
            }
        }
        for (int i = 0; i < sent.size(); i++) {
            byte[] s = sent.get(i);
            byte[] g = got.get(i);
            assertArrayEquals(
                    Arrays.copyOfRange(s, s.length - 80, s.length),
                    Arrays.copyOfRange(g, g.length - 80, g.length),
                    "packet " + i + " payload intact and in order");
        }
    }

    @Test
    void twoPeersInOneCallThroughOneBackendConnection() throws Exception {
        rtcd = RtcdHarness.start(dataDir);
        rtcd.admin().register("plugin", KEY);
        RtcdClient client = rtcd.client("plugin", KEY);
        Plugin plugin = new Plugin(client);
        plugin.await(m -> m.type().equals("hello"), "hello");
        DtlsCertificate cert = DtlsCertificate.generate();

        SfuTestPeer a = join(plugin, "sa", cert, 0xA1);
        SfuTestPeer b = join(plugin, "sb", cert, 0xB1);
        // each learns of the other's voice track through a server-initiated offer relayed by the plugin
        answerServerOffer(plugin, a, "sa");

        List<?> sessions =
                client.call("GET", "/calls/call-1/sessions", null, 200).findValuesAsText("SessionID");
        assertEquals(List.of("sa", "sb"), sessions);
        RtcdClientException admin = assertThrows(
                RtcdClientException.class, () -> rtcd.admin().call("GET", "/calls/call-1/sessions", null, 200));
        assertEquals(401, admin.status());

        assertReceives(a, talkUntilForwarded(b, 0xB1, a));
        Vad vad = (Vad) plugin.await(
                m -> m instanceof Vad v
                        && v.msg().sessionId().equals("sb")
                        && v.msg().type() == RtcMessage.VOICE_ON,
                "VoiceOn for sb");
        assertEquals("call-1", vad.msg().callId());

        // the SFU's packet counters are exported
        assertTrue(metricValue("rtcd_rtc_forwarded_packets_total") >= 60, "forwarded packets counted");
        assertTrue(metricValue("rtcd_rtc_dropped_packets_total{reason=\"unknown_ssrc\"}") >= 0, "drops by reason");

        // the plugin's socket drops: a new connection sends reconnect; the next renegotiation reaches it
        Plugin plugin2 = new Plugin(client);
        plugin2.await(m -> m.type().equals("hello"), "hello on the new connection");
        plugin2.ws.send(new Reconnect("sa"));
        plugin.close();
        SfuTestPeer c = join(plugin2, "sc", cert, 0xC1);
        answerServerOffer(plugin2, a, "sa");
        assertNotNull(c);

        // media kept flowing across the signalling change
        assertReceives(a, talk(b, 0xB1, 1000, 30));

        // another client cannot address these sessions: its messages are refused and counted
        rtcd.admin().register("other", KEY);
        Plugin intruder = new Plugin(rtcd.client("other", KEY));
        intruder.await(m -> m.type().equals("hello"), "hello for the intruder");
        intruder.ws.send(new Leave("sa"));
        intruder.sendSdp("sb", "offer", a.offer("x", 1, 0));
        awaitMetric("rtcd_ws_rejected_calls_messages_total{reason=\"not_owner\"} 2.0");

        // leave ends the session with a close message; the sessions API follows
        plugin2.ws.send(new Leave("sc"));
        Close close = assertInstanceOf(Close.class, plugin2.await(m -> m instanceof Close, "close for sc"));
        assertEquals("sc", close.sessionId());
        plugin2.ws.send(new Leave("sa"));
        plugin2.await(m -> m instanceof Close cl && cl.sessionId().equals("sa"), "close for sa");
        plugin2.ws.send(new Leave("sb"));
        plugin2.await(m -> m instanceof Close cl && cl.sessionId().equals("sb"), "close for sb");
        RtcdClientException gone =
                assertThrows(RtcdClientException.class, () -> client.call("GET", "/calls/call-1/sessions", null, 200));
        assertEquals(404, gone.status());
    }

    /**
     * Keeps sending until the receiver gets a first packet (the subscription is in place once the renegotiation is
     * answered and DTLS is up), then returns the next stamped window, which must arrive complete and in order.
     */
    private static List<byte[]> talkUntilForwarded(SfuTestPeer sender, long ssrc, SfuTestPeer receiver)
            throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        int n = 0;
        while (receiver.rtp.poll(20, TimeUnit.MILLISECONDS) == null) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(receiver.name + " never received " + sender.name);
            }
            talk(sender, ssrc, n++, 1);
        }
        Thread.sleep(100);
        receiver.rtp.clear();
        return talk(sender, ssrc, 500, 60);
    }

    /** The value of one exported sample, e.g. {@code rtcd_rtc_forwarded_packets_total}; fails when absent. */
    private double metricValue(String sample) throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        String text = http.send(
                        java.net.http.HttpRequest.newBuilder(rtcd.baseUri().resolve("/metrics"))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString())
                .body();
        return text.lines()
                .filter(l -> l.startsWith(sample + " "))
                .mapToDouble(
                        l -> Double.parseDouble(l.substring(sample.length() + 1).trim()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no metric sample " + sample));
    }

    private void awaitMetric(String line) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        String text = "";
        while (System.nanoTime() < deadline) {
            try {
                var http = java.net.http.HttpClient.newHttpClient();
                text = http.send(
                                java.net.http.HttpRequest.newBuilder(
                                                rtcd.baseUri().resolve("/metrics"))
                                        .build(),
                                java.net.http.HttpResponse.BodyHandlers.ofString())
                        .body();
                if (text.contains(line)) {
                    return;
                }
            } catch (java.io.IOException e) {
                text = e.toString();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("metric line '" + line + "' not found");
    }
}
