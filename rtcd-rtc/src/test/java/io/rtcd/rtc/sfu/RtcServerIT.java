package io.rtcd.rtc.sfu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtcd.rtc.sdp.MediaDescription;
import io.rtcd.rtc.sdp.SdpParser;
import io.rtcd.rtc.transport.TransportConfig;
import io.rtcd.rtc.transport.dtls.DtlsCertificate;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
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
 * Real UDP on 127.0.0.1: Java test peers (ICE + DTLS client + SRTP from the transport package) join one call,
 * publish stamped Opus (and VP8) RTP, and receive each other's packets through the SFU.
 */
class RtcServerIT {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String GROUP = "g";
    private static final String CALL = "call";

    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService worker = Executors.newFixedThreadPool(2);
    private final ExecutorService blocking = Executors.newCachedThreadPool();
    private final Map<String, SfuTestPeer> peers = new ConcurrentHashMap<>();
    private final List<SfuTestPeer> toClose = new ArrayList<>();
    private volatile RtcServer server;

    /** Records signals; auto-answers server offers for the peers (off the calling thread: a sink never blocks). */
    private final SignalRecorder recorder = new SignalRecorder();

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

    private SfuTestPeer join(String session, DtlsCertificate cert, long audioSsrc, long videoSsrc) throws Exception {
        SfuTestPeer p = new SfuTestPeer(session, cert);
        toClose.add(p);
        server.initSession(new SessionSpec(GROUP, CALL, session, "user-" + session));
        if (videoSsrc != 0) {
            server.handleSignal(GROUP, session, RtcSignal.inbound(RtcSignal.Type.VIDEO_ON, "stream-" + session));
        }
        peers.put(session, p);
        server.handleSignal(
                GROUP,
                session,
                RtcSignal.inbound(RtcSignal.Type.SDP_OFFER, p.offer("stream-" + session, audioSsrc, videoSsrc)));
        String answer =
                recorder.await(session, RtcSignal.Type.SDP_ANSWER, 0, WAIT).payload();
        p.connect(answer, TransportConfig.loopback(), blocking);
        return p;
    }

    private void awaitSubscribed(String session, int tracks) {
        await(
                () -> server.sessions(GROUP, CALL).stream()
                        .anyMatch(i -> i.spec().sessionId().equals(session)
                                && i.state() == SessionState.CONNECTED
                                && i.subscribedTracks() == tracks),
                session + " receives " + tracks + " tracks");
    }

    /** The SSRC and payload type {@code receiver} was told for the track of {@code type} from {@code sender}. */
    private long[] ssrcAndPt(String receiver, String type, String sender) {
        List<RtcSignal> offers = recorder.all().stream()
                .filter(s -> s.sessionId().equals(receiver) && s.type() == RtcSignal.Type.SDP_OFFER)
                .toList();
        for (int i = offers.size() - 1; i >= 0; i--) {
            for (MediaDescription m : SdpParser.parse(offers.get(i).payload()).media()) {
                if (!m.msids().isEmpty() && m.msids().get(0).trackId().startsWith(type + "_" + sender + "_")) {
                    return new long[] {
                        m.ssrcIds().get(0), Long.parseLong(m.formats().get(0))
                    };
                }
            }
        }
        throw new AssertionError("no " + type + " track of " + sender + " offered to " + receiver);
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

    /** Takes {@code count} packets of {@code ssrc} from {@code peer}, skipping other SSRCs. */
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

    /** Sends stamped packets {@code from..to-1} and checks {@code receivers} get all of them, in order, intact. */
    private void sendAndVerify(SfuTestPeer sender, long srcSsrc, int pt, int from, int to, Map<SfuTestPeer, long[]> rx)
            throws InterruptedException {
        for (int n = from; n < to; n++) {
            sender.sendRtp(TestSdp.rtp(pt, 1000 + n, 960L * n, srcSsrc, pt == 111 ? 1 : 0, 40, n, 80));
        }
        for (Map.Entry<SfuTestPeer, long[]> e : rx.entrySet()) {
            List<byte[]> got = take(e.getKey(), e.getValue()[0], to - from);
            for (int i = 0; i < got.size(); i++) {
                byte[] p = got.get(i);
                int n = from + i;
                byte[] sent = TestSdp.rtp(pt, 1000 + n, 960L * n, srcSsrc, pt == 111 ? 1 : 0, 40, n, 80);
                assertEquals(e.getValue()[1], RtpView.payloadType(p, 0));
                assertArrayEquals(payload(sent), payload(p), e.getKey().name + " packet " + n + " intact and in order");
                if (i > 0) {
                    assertEquals((RtpView.sequence(got.get(i - 1), 0) + 1) & 0xFFFF, RtpView.sequence(p, 0));
                }
            }
        }
    }

    @Test
    void peersExchangeMediaThroughTheSfu() throws Exception {
        server = new RtcServer(RtcConfig.loopback(), sink, timers, worker, blocking);
        server.start();
        DtlsCertificate cert = DtlsCertificate.generate();

        SfuTestPeer a = join("a", cert, 0xA1, 0xA2);
        SfuTestPeer b = join("b", cert, 0xB1, 0);
        awaitSubscribed("a", 1);
        awaitSubscribed("b", 2);

        long[] aVoiceAtB = ssrcAndPt("b", "voice", "a");
        long[] aVideoAtB = ssrcAndPt("b", "video", "a");
        long[] bVoiceAtA = ssrcAndPt("a", "voice", "b");
        assertEquals(111, aVoiceAtB[1]);
        assertEquals(96, aVideoAtB[1]);
        sendAndVerify(a, 0xA1, 111, 0, 50, Map.of(b, aVoiceAtB));
        sendAndVerify(b, 0xB1, 111, 0, 50, Map.of(a, bVoiceAtA));
        sendAndVerify(a, 0xA2, 96, 0, 20, Map.of(b, aVideoAtB));

        // a third peer joining mid-call: it receives both, and the video publisher gets a PLI
        int plisBefore = countPli(a, 0xA2);
        SfuTestPeer c = join("c", cert, 0xC1, 0);
        awaitSubscribed("c", 3);
        await(() -> countPli(a, 0xA2) > plisBefore, "PLI to a after c joined");
        long[] aVoiceAtC = ssrcAndPt("c", "voice", "a");
        assertTrue(aVoiceAtC[0] != aVoiceAtB[0], "each subscriber gets its own SSRC");
        awaitSubscribed("b", 3);
        sendAndVerify(a, 0xA1, 111, 50, 80, Map.of(b, aVoiceAtB, c, aVoiceAtC));

        // garbage from a's own address and from a stranger does not disturb anyone
        byte[] junk = new byte[120];
        Arrays.fill(junk, (byte) 0x5A);
        junk[0] = (byte) 0x80;
        a.send(junk, 0, junk.length);
        junk[0] = 0x42;
        a.send(junk, 0, junk.length);
        try (DatagramChannel stranger = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            InetSocketAddress sfu = new InetSocketAddress("127.0.0.1", server.udpPort());
            for (byte first : new byte[] {(byte) 0x80, 0x17, 0x00, 0x42}) {
                junk[0] = first;
                stranger.send(ByteBuffer.wrap(junk), sfu);
            }
        }
        sendAndVerify(a, 0xA1, 111, 80, 100, Map.of(b, aVoiceAtB, c, aVoiceAtC));
        assertTrue(server.counters().drops(SfuCounters.Drop.UNPROTECT_FAILED) >= 1);
        assertEquals(3, server.sessions(GROUP, CALL).size());
    }

    @Test
    void callsDataChannelPingLockAndMediaMap() throws Exception {
        server = new RtcServer(RtcConfig.loopback(), sink, timers, worker, blocking);
        server.start();
        DtlsCertificate cert = DtlsCertificate.generate();
        SfuTestPeer a = join("a", cert, 0xA1, 0);
        var dc = a.openCallsDc();
        a.sendDc(dc, new byte[] {CallsDcMessages.PING});
        assertArrayEquals(new byte[] {CallsDcMessages.PONG}, a.dcMessages.poll(10, TimeUnit.SECONDS));

        // a holds the renegotiation lock: the offer for b's track waits for Unlock
        a.sendDc(dc, new byte[] {CallsDcMessages.LOCK});
        assertArrayEquals(CallsDcMessages.lockResponse(true), a.dcMessages.poll(10, TimeUnit.SECONDS));
        join("b", cert, 0xB1, 0);
        awaitSubscribed("b", 1);
        assertEquals(
                0, recorder.count("a", RtcSignal.Type.SDP_OFFER), "no server offer while the client holds the lock");
        a.sendDc(dc, new byte[] {CallsDcMessages.UNLOCK});
        byte[] mediaMap = a.dcMessages.poll(10, TimeUnit.SECONDS);
        assertEquals(CallsDcMessages.MEDIA_MAP, CallsDcMessages.type(mediaMap));
        String text = new String(mediaMap, java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(text.contains("voice") && text.contains("sender_id") && text.contains("f0"), text);
        recorder.await("a", RtcSignal.Type.SDP_OFFER, 0, WAIT);
        awaitSubscribed("a", 1);
    }

    /** rtcd's dcSignaling: server offers and the client's answers travel over calls-dc. */
    @Test
    void dcSignalingCarriesServerOffersAndAnswersOverCallsDc() throws Exception {
        server = new RtcServer(RtcConfig.loopback(), sink, timers, worker, blocking);
        server.start();
        DtlsCertificate cert = DtlsCertificate.generate();
        SfuTestPeer a = new SfuTestPeer("a", cert);
        toClose.add(a);
        server.initSession(new SessionSpec(GROUP, CALL, "a", "user-a").withDcSignaling(true));
        peers.put("a", a);
        server.handleSignal(GROUP, "a", RtcSignal.inbound(RtcSignal.Type.SDP_OFFER, a.offer("stream-a", 0xA1, 0)));
        String firstAnswer =
                recorder.await("a", RtcSignal.Type.SDP_ANSWER, 0, WAIT).payload();
        a.connect(firstAnswer, TransportConfig.loopback(), blocking);
        var dc = a.openCallsDc();

        // a malformed description is refused with an error and breaks nothing
        a.sendDc(dc, new byte[] {CallsDcMessages.SDP, (byte) 0xC4, 3, 1, 2, 3});
        RtcSignal err = recorder.await("a", RtcSignal.Type.ERROR, 0, WAIT);
        assertTrue(err.payload().contains("zlib"), err.payload());

        join("b", cert, 0xB1, 0);
        byte[] mediaMap = a.dcMessages.poll(10, TimeUnit.SECONDS);
        assertEquals(CallsDcMessages.MEDIA_MAP, CallsDcMessages.type(mediaMap));
        byte[] offerMessage = a.dcMessages.poll(10, TimeUnit.SECONDS);
        assertEquals(CallsDcMessages.SDP, CallsDcMessages.type(offerMessage));
        DcSdpCodec.Description offer = DcSdpCodec.decode(offerMessage);
        assertEquals("offer", offer.type());
        assertTrue(offer.sdp().contains("m=audio"), offer.sdp());
        assertEquals(0, recorder.count("a", RtcSignal.Type.SDP_OFFER), "the offer went over calls-dc, not the socket");

        a.sendDc(dc, DcSdpCodec.encode("answer", a.answer(offer.sdp())));
        awaitSubscribed("a", 1);
        assertEquals(
                1,
                server.sessions(GROUP, CALL).stream()
                        .filter(i -> i.spec().sessionId().equals("a"))
                        .count());
    }

    @Test
    void offerWithoutFingerprintIsRefusedAndLeavesNoState() throws Exception {
        server = new RtcServer(RtcConfig.loopback(), sink, timers, worker, blocking);
        server.start();
        SfuTestPeer d = new SfuTestPeer("d", DtlsCertificate.generate());
        toClose.add(d);
        server.initSession(new SessionSpec(GROUP, CALL, "d", "user-d"));
        String noFp = d.offer("s", 0xD1, 0).replaceAll("a=fingerprint:[^\r]*\r\n", "");
        server.handleSignal(GROUP, "d", RtcSignal.inbound(RtcSignal.Type.SDP_OFFER, noFp));
        RtcSignal err = recorder.await("d", RtcSignal.Type.ERROR, 0, WAIT);
        assertTrue(err.payload().contains("fingerprint"), err.payload());
        assertEquals(
                SessionState.WAITING_OFFER, server.sessions(GROUP, CALL).get(0).state());
        server.closeSession(GROUP, "d");
        recorder.await("d", RtcSignal.Type.SESSION_CLOSED, 0, WAIT);
        assertEquals(0, server.sessionCount());
    }

    private static int countPli(SfuTestPeer p, long mediaSsrc) {
        int n = 0;
        for (byte[] pkt : p.rtcp.toArray(new byte[0][])) {
            int off = 0;
            while (off < pkt.length) {
                int len = RtcpPackets.packetLength(pkt, off, pkt.length);
                if (len < 0) {
                    break;
                }
                if (RtcpPackets.keyframeTarget(pkt, off, len) == mediaSsrc) {
                    n++;
                }
                off += len;
            }
        }
        return n;
    }

    private static byte[] payload(byte[] pkt) {
        return Arrays.copyOfRange(pkt, RtpView.payloadOffset(pkt, 0, pkt.length), pkt.length);
    }
}
