package io.rtcd.rtc.sfu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtcd.rtc.sdp.Direction;
import io.rtcd.rtc.sdp.Fingerprint;
import io.rtcd.rtc.sdp.MediaDescription;
import io.rtcd.rtc.sdp.SdpAnswerBuilder;
import io.rtcd.rtc.sdp.SdpParser;
import io.rtcd.rtc.sdp.SdpWriter;
import io.rtcd.rtc.transport.DropReason;
import io.rtcd.rtc.transport.TransportConfig;
import io.rtcd.rtc.transport.dtls.DtlsCertificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Real UDP, ICE, DTLS and SRTP/SRTCP with Java test peers: an H.264 publisher, a subscriber that NACKs; the SFU
 * re-sends from its history (protected again under the same SRTP index) and asks the publisher for a packet it never
 * received, whose retransmission reaches the subscriber with the number it asked for.
 */
class MediaFeaturesIT {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String H264_FMTP = "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f";

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
                    "g", s.sessionId(), RtcSignal.inbound(RtcSignal.Type.SDP_ANSWER, answer(p, s.payload()))));
        }
        return true;
    };

    /** A browser-like answer accepting every codec the SFU passes through. */
    private static String answer(SfuTestPeer p, String serverOffer) {
        String fp = p.fingerprint();
        int space = fp.indexOf(' ');
        return SdpWriter.write(new SdpAnswerBuilder(
                                SdpParser.parse(serverOffer),
                                p.ice.ufrag(),
                                p.ice.password(),
                                new Fingerprint(fp.substring(0, space), fp.substring(space + 1)))
                        .direction(Direction.SENDRECV)
                        .codecs(SessionNegotiator.CODECS)
                        .extensions(Set.of("urn:ietf:params:rtp-hdrext:sdes:mid"))
                        .build())
                .replace("a=setup:passive", "a=setup:active");
    }

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

    private SfuTestPeer join(
            String session, DtlsCertificate cert, java.util.function.Function<SfuTestPeer, String> offer)
            throws Exception {
        SfuTestPeer p = new SfuTestPeer(session, cert);
        toClose.add(p);
        peers.put(session, p);
        server.handleSignal("g", session, RtcSignal.inbound(RtcSignal.Type.SDP_OFFER, offer.apply(p)));
        String answer =
                recorder.await(session, RtcSignal.Type.SDP_ANSWER, 0, WAIT).payload();
        p.connect(answer, TransportConfig.loopback(), blocking);
        return p;
    }

    private static byte[] poll(SfuTestPeer p, long ssrc) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            byte[] x = p.rtp.poll(100, TimeUnit.MILLISECONDS);
            if (x != null && RtpView.ssrc(x, 0) == ssrc) {
                return x;
            }
        }
        throw new AssertionError(p.name + ": no packet of " + ssrc);
    }

    @Test
    void h264PassesThroughAndNacksAreRepaired() throws Exception {
        server = new RtcServer(RtcConfig.loopback(), sink, timers, worker, blocking);
        server.start();
        DtlsCertificate cert = DtlsCertificate.generate();
        server.initSession(new SessionSpec("g", "call", "a", "user-a"));
        server.initSession(new SessionSpec("g", "call", "b", "user-b"));
        server.handleSignal("g", "a", RtcSignal.inbound(RtcSignal.Type.VIDEO_ON, "sa"));
        SfuTestPeer pa = join(
                "a",
                cert,
                p -> MediaFeaturesTest.withVideoCodec(p.offer("sa", 0xA1, 0xA2), 102, "H264/90000", H264_FMTP));
        SfuTestPeer pb = join("b", cert, p -> p.offer("sb", 0xB1, 0));
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (server.sessions("g", "call").stream()
                .noneMatch(i -> i.spec().sessionId().equals("b") && i.subscribedTracks() == 2)) {
            assertTrue(System.nanoTime() < deadline, "b subscribed to a's voice and video");
            Thread.sleep(5);
        }
        MediaDescription fwd = recorder.all().stream()
                .filter(s -> s.sessionId().equals("b") && s.type() == RtcSignal.Type.SDP_OFFER)
                .flatMap(s -> SdpParser.parse(s.payload()).media().stream())
                .filter(m -> !m.msids().isEmpty() && m.msids().get(0).trackId().startsWith("video_a_"))
                .reduce((x, y) -> y)
                .orElseThrow();
        long videoAtB = fwd.ssrcIds().get(0);
        int outPt = Integer.parseInt(fwd.formats().get(0));
        assertEquals("H264", fwd.rtpMap(outPt).orElseThrow().encoding());
        assertEquals(H264_FMTP, fwd.fmtp(outPt).orElseThrow().parameters());

        List<byte[]> got = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            if (i != 10) {
                pa.sendRtp(TestSdp.rtp(102, 1000 + i, 3000L * i, 0xA2, 0, 0, i, 500));
                got.add(poll(pb, videoAtB));
            }
        }
        for (int i = 0; i < got.size(); i++) {
            int n = i < 10 ? i : i + 1;
            assertEquals(outPt, RtpView.payloadType(got.get(i), 0));
            byte[] sent = TestSdp.rtp(102, 1000 + n, 3000L * n, 0xA2, 0, 0, n, 500);
            assertArrayEquals(
                    Arrays.copyOfRange(sent, 12, sent.length),
                    Arrays.copyOfRange(
                            got.get(i), RtpView.payloadOffset(got.get(i), 0, got.get(i).length), got.get(i).length),
                    "H.264 payload byte-identical");
        }
        int out5 = RtpView.sequence(got.get(5), 0);

        // b NACKs packet 5 (which it has: the re-sent copy authenticates and is dropped as a replay by b) and the
        // number of source 1010 (never received by the SFU: asked of a, which re-sends it)
        long replaysBefore = pb.counters.drops(DropReason.SRTP_REPLAY);
        byte[] rr = new byte[8];
        rr[0] = (byte) 0x80;
        rr[1] = (byte) 201;
        rr[3] = 1;
        TestSdp.put32(rr, 4, 0xB1);
        byte[] nack = MediaFeaturesTest.nack(0xB1, videoAtB, out5, 1 << 4);
        byte[] compound = new byte[rr.length + nack.length];
        System.arraycopy(rr, 0, compound, 0, rr.length);
        System.arraycopy(nack, 0, compound, rr.length, nack.length);
        pb.sendRtcp(compound);

        long[] upstream = null;
        deadline = System.nanoTime() + WAIT.toNanos();
        while (upstream == null && System.nanoTime() < deadline) {
            byte[] r = pa.rtcp.poll(100, TimeUnit.MILLISECONDS);
            if (r != null) {
                upstream = MediaFeaturesTest.firstNack(r);
            }
        }
        assertTrue(upstream != null, "a receives the SFU's NACK");
        assertEquals(1010, upstream[0]);
        assertEquals(0xA2, upstream[2]);
        pa.sendRtp(TestSdp.rtp(102, 1010, 30000L, 0xA2, 0, 0, 10, 500));
        byte[] repaired = poll(pb, videoAtB);
        assertEquals((out5 + 5) & 0xFFFF, RtpView.sequence(repaired, 0), "lands on the number b asked for");
        deadline = System.nanoTime() + WAIT.toNanos();
        while (pb.counters.drops(DropReason.SRTP_REPLAY) == replaysBefore) {
            assertTrue(System.nanoTime() < deadline, "the re-sent packet 5 reached b and authenticated");
            Thread.sleep(5);
        }
        MediaCounters m = server.counters().media();
        assertEquals(2, m.nackRequested());
        assertEquals(1, m.retransmitted());
        assertEquals(1, m.upstreamNacks());
    }
}
