package io.rtcd.rtc.sfu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtcd.rtc.sdp.Candidate;
import io.rtcd.rtc.sdp.MediaDescription;
import io.rtcd.rtc.sdp.SdpParser;
import io.rtcd.rtc.transport.TransportConfig;
import io.rtcd.rtc.transport.dtls.DtlsCertificate;
import io.rtcd.rtc.transport.tcp.TcpStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * ICE-TCP fallback end to end on 127.0.0.1 (RFC 6544 passive candidate, RFC 4571 framing): a Java peer that uses
 * only the answer's TCP candidate and a peer on UDP join one call and exchange media through the SFU; the TCP peer's
 * calls-dc data channel (SCTP over DTLS over the framed stream) answers ping. Also: the answer carries the TCP
 * candidate, and {@code rtc.ice_host_override} rewrites both candidates.
 */
class RtcServerTcpIT {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String GROUP = "g";
    private static final String CALL = "call";

    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService worker = Executors.newFixedThreadPool(2);
    private final ExecutorService blocking = Executors.newCachedThreadPool();
    private final Map<String, SfuTestPeer> peers = new ConcurrentHashMap<>();
    private final List<SfuTestPeer> toClose = new ArrayList<>();
    private final SignalRecorder recorder = new SignalRecorder();
    private volatile RtcServer server;

    private final RtcSignalSink sink = s -> {
        recorder.send(s);
        SfuTestPeer p = peers.get(s.sessionId());
        if (s.type() == RtcSignal.Type.SDP_OFFER && p != null) {
            blocking.execute(() -> server.handleSignal(
                    GROUP, s.sessionId(), RtcSignal.inbound(RtcSignal.Type.SDP_ANSWER, p.answer(s.payload()))));
        }
        return true;
    };

    @AfterEach
    void tearDown() throws Exception {
        if (server != null) {
            server.close();
        }
        for (SfuTestPeer p : toClose) {
            p.close();
        }
        timers.shutdownNow();
        worker.shutdownNow();
        blocking.shutdownNow();
    }

    private SfuTestPeer join(SfuTestPeer p, long audioSsrc) throws Exception {
        toClose.add(p);
        String session = p.name;
        server.initSession(new SessionSpec(GROUP, CALL, session, "user-" + session));
        peers.put(session, p);
        server.handleSignal(
                GROUP,
                session,
                RtcSignal.inbound(RtcSignal.Type.SDP_OFFER, p.offer("stream-" + session, audioSsrc, 0)));
        String answer =
                recorder.await(session, RtcSignal.Type.SDP_ANSWER, 0, WAIT).payload();
        p.connect(answer, TransportConfig.loopback(), blocking);
        return p;
    }

    @Test
    void tcpOnlyPeerAndUdpPeerExchangeMediaAndData() throws Exception {
        server = new RtcServer(RtcConfig.loopback().withTcp("127.0.0.1", 0), sink, timers, worker, blocking);
        server.start();
        DtlsCertificate cert = DtlsCertificate.generate();

        SfuTestPeer a = join(SfuTestPeer.overTcp("a", cert), 0xA1);
        String answer = recorder.await("a", RtcSignal.Type.SDP_ANSWER, 0, WAIT).payload();
        List<Candidate> cands = SdpParser.parse(answer).media().get(0).candidates();
        assertTrue(
                cands.stream()
                        .anyMatch(c -> c.transport().equals("tcp")
                                && c.port() == server.tcpPort()
                                && c.description().endsWith("typ host tcptype passive")),
                cands.toString());
        assertTrue(cands.stream().anyMatch(c -> c.transport().equals("udp") && c.port() == server.udpPort()));

        SfuTestPeer b = join(new SfuTestPeer("b", cert), 0xB1);
        awaitSubscribed("a", 1);
        awaitSubscribed("b", 1);
        long bGetsA = ssrcOf("b", "a");
        long aGetsB = ssrcOf("a", "b");

        for (int n = 0; n < 40; n++) {
            a.sendRtp(TestSdp.rtp(111, 1000 + n, 960L * n, 0xA1, 1, 40, n, 80));
            b.sendRtp(TestSdp.rtp(111, 5000 + n, 960L * n, 0xB1, 1, 40, n, 80));
        }
        List<byte[]> atB = take(b, bGetsA, 40);
        List<byte[]> atA = take(a, aGetsB, 40);
        for (int n = 0; n < 40; n++) {
            assertArrayEquals(payload(TestSdp.rtp(111, 1000 + n, 960L * n, 0xA1, 1, 40, n, 80)), payload(atB.get(n)));
            assertArrayEquals(payload(TestSdp.rtp(111, 5000 + n, 960L * n, 0xB1, 1, 40, n, 80)), payload(atA.get(n)));
        }

        var dc = a.openCallsDc();
        a.sendDc(dc, new byte[] {CallsDcMessages.PING});
        assertArrayEquals(new byte[] {CallsDcMessages.PONG}, a.dcMessages.poll(10, TimeUnit.SECONDS));

        TcpStats tcp = server.tcpStats();
        assertEquals(1, tcp.authenticated(), tcp.toString());
        assertEquals(1, tcp.open(), tcp.toString());
        assertTrue(tcp.rxFrames() >= 40 && tcp.txFrames() >= 40, tcp.toString());

        // the session's end closes its TCP connection
        server.closeSession(GROUP, "a");
        await(() -> a.tcpClosedByServer, "server closes a's TCP connection");
        await(() -> server.tcpStats().open() == 0, "no TCP connection left open");
    }

    @Test
    void hostOverrideRewritesUdpAndTcpCandidates() throws Exception {
        server = new RtcServer(
                RtcConfig.loopback().withTcp("127.0.0.1", 0).withHostOverride("203.0.113.7/127.0.0.1"),
                sink,
                timers,
                worker,
                blocking);
        server.start();
        List<String> lines = server.candidates().stream().map(Candidate::value).toList();
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(
                lines.get(0).matches("1 1 udp \\d+ 203\\.0\\.113\\.7 " + server.udpPort() + " typ host"), lines.get(0));
        assertTrue(
                lines.get(1)
                        .matches("2 1 tcp \\d+ 203\\.0\\.113\\.7 " + server.tcpPort() + " typ host tcptype passive"),
                lines.get(1));
    }

    @Test
    void tcpCanBeTurnedOff() throws Exception {
        server =
                new RtcServer(RtcConfig.loopback().withTcp("", RtcConfig.TCP_DISABLED), sink, timers, worker, blocking);
        server.start();
        assertEquals(-1, server.tcpPort());
        assertEquals(null, server.tcpStats());
        assertTrue(server.candidates().stream().noneMatch(c -> c.transport().equals("tcp")));
    }

    private long ssrcOf(String receiver, String sender) {
        List<RtcSignal> offers = recorder.all().stream()
                .filter(s -> s.sessionId().equals(receiver) && s.type() == RtcSignal.Type.SDP_OFFER)
                .toList();
        for (int i = offers.size() - 1; i >= 0; i--) {
            for (MediaDescription m : SdpParser.parse(offers.get(i).payload()).media()) {
                if (!m.msids().isEmpty() && m.msids().get(0).trackId().startsWith("voice_" + sender + "_")) {
                    return m.ssrcIds().get(0);
                }
            }
        }
        throw new AssertionError("no voice track of " + sender + " offered to " + receiver);
    }

    private void awaitSubscribed(String session, int tracks) {
        await(
                () -> server.sessions(GROUP, CALL).stream()
                        .anyMatch(i -> i.spec().sessionId().equals(session)
                                && i.state() == SessionState.CONNECTED
                                && i.subscribedTracks() == tracks),
                session + " receives " + tracks + " tracks");
    }

    private static void await(BooleanSupplier c, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!c.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    private static List<byte[]> take(SfuTestPeer peer, long ssrc, int count) throws InterruptedException {
        List<byte[]> out = new ArrayList<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (out.size() < count) {
            byte[] p = peer.rtp.poll(Math.max(1, (deadline - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
            if (p == null) {
                throw new AssertionError(peer.name + " got " + out.size() + " of " + count + " packets of " + ssrc);
            }
            if (RtpView.ssrc(p, 0) == ssrc) {
                out.add(p);
            }
        }
        return out;
    }

    private static byte[] payload(byte[] pkt) {
        return Arrays.copyOfRange(pkt, RtpView.payloadOffset(pkt, 0, pkt.length), pkt.length);
    }
}
