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
import io.rtcd.rtc.sdp.SessionDescription;
import io.rtcd.rtc.transport.srtp.SrtpProfile;
import io.rtcd.rtc.transport.udp.UdpBuffer;
import io.rtcd.rtc.transport.udp.UdpBufferPool;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The SFU's media features without sockets (fake transports, real executors, real SDP): NACK answers from the
 * history, upstream NACKs, publish permissions and the single screen sharer.
 */
class MediaFeaturesTest {
    static final Duration WAIT = Duration.ofSeconds(5);
    static final String PWD = "clientPasswordClientPwd1";

    final SignalRecorder sink = new SignalRecorder();
    final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    final ExecutorService worker = Executors.newFixedThreadPool(2);
    final Map<String, RtcServerTest.FakeTransport> transports = new ConcurrentHashMap<>();
    final UdpBufferPool pool = new UdpBufferPool(16, 1500);
    final ExecutorService answers = Executors.newSingleThreadExecutor();
    /** Session id to its ICE ufrag: server offers to these sessions are answered like a browser would. */
    final Map<String, String> ufrags = new ConcurrentHashMap<>();

    volatile RtcServer server;

    final Map<String, java.util.concurrent.atomic.AtomicInteger> answered = new ConcurrentHashMap<>();

    final RtcSignalSink autoAnswer = sig -> {
        sink.send(sig);
        String ufrag = ufrags.get(sig.sessionId());
        if (sig.type() == RtcSignal.Type.SDP_OFFER && ufrag != null) {
            answers.execute(() -> signal(sig.sessionId(), RtcSignal.Type.SDP_ANSWER, answer(sig.payload(), ufrag)));
            answers.execute(() -> answered.computeIfAbsent(
                            sig.sessionId(), k -> new java.util.concurrent.atomic.AtomicInteger())
                    .incrementAndGet());
        }
        return true;
    };

    /** TestSdp's browser answer, accepting every codec the SFU passes through (TestSdp's accepts Opus/VP8/AV1). */
    static String answer(String serverOffer, String ufrag) {
        SessionDescription offer = SdpParser.parse(serverOffer);
        String fp = TestSdp.FINGERPRINT;
        int space = fp.indexOf(' ');
        SessionDescription a = new SdpAnswerBuilder(
                        offer, ufrag, PWD, new Fingerprint(fp.substring(0, space), fp.substring(space + 1)))
                .direction(Direction.SENDRECV)
                .codecs(SessionNegotiator.CODECS)
                .extensions(Set.of(
                        "urn:ietf:params:rtp-hdrext:ssrc-audio-level",
                        "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time",
                        "urn:ietf:params:rtp-hdrext:sdes:mid"))
                .build();
        return SdpWriter.write(a).replace("a=setup:passive", "a=setup:active");
    }

    void offer(String session, String ufrag, String stream, long audioSsrc, long videoSsrc) {
        ufrags.put(session, ufrag);
        signal(
                session,
                RtcSignal.Type.SDP_OFFER,
                TestSdp.offer(ufrag, PWD, TestSdp.FINGERPRINT, stream, audioSsrc, videoSsrc));
    }

    /** Waits until {@code n} server offers to {@code session} were answered (answers queue before later signals). */
    void answeredOffers(String session, int n) {
        await(
                () -> answered.getOrDefault(session, new java.util.concurrent.atomic.AtomicInteger())
                                .get()
                        >= n,
                n + " offers to " + session + " answered");
    }

    /** Every signal sent to {@code session} before this has been handled: MUTE then UNMUTE, observed in its info. */
    void barrier(String session) {
        signal(session, RtcSignal.Type.MUTE, "");
        await(() -> info(session).muted(), session + " muted");
        signal(session, RtcSignal.Type.UNMUTE, "");
        await(() -> !info(session).muted(), session + " unmuted");
    }

    SessionInfo info(String session) {
        return server.sessions("g", "call").stream()
                .filter(x -> x.spec().sessionId().equals(session))
                .findFirst()
                .orElseThrow();
    }

    void start() {
        server =
                new RtcServer(RtcConfig.loopback(), autoAnswer, timers, worker, worker, (local, ufrag, fp, role, l) -> {
                    RtcServerTest.FakeTransport t = new RtcServerTest.FakeTransport(l);
                    transports.put(ufrag, t);
                    return t;
                });
        server.start();
    }

    @AfterEach
    void tearDown() {
        if (server != null) {
            server.close();
        }
        timers.shutdownNow();
        worker.shutdownNow();
        answers.shutdownNow();
    }

    void signal(String session, RtcSignal.Type type, String payload) {
        server.handleSignal("g", session, RtcSignal.inbound(type, payload));
    }

    void inject(RtcServerTest.FakeTransport t, byte[] packet) {
        UdpBuffer b = pool.acquire().fill(packet, 0, packet.length);
        t.listener.onMedia(b);
    }

    static void await(BooleanSupplier c, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!c.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    /** a publishes audio 1111 + video 2222 (stream "sa"), b publishes audio 3333; both connected and answered. */
    String[] twoPeers(String tag) {
        server.initSession(new SessionSpec("g", "call", "a", "user-a"));
        server.initSession(new SessionSpec("g", "call", "b", "user-b"));
        signal("a", RtcSignal.Type.VIDEO_ON, "sa");
        offer("a", "ufA" + tag, "sa", 1111, 2222);
        sink.await("a", RtcSignal.Type.SDP_ANSWER, 0, WAIT);
        offer("b", "ufB" + tag, "sb", 3333, 0);
        sink.await("b", RtcSignal.Type.SDP_ANSWER, 0, WAIT);
        // server offers wait until the transport is connected
        transports.get("ufA" + tag).listener.onConnected(SrtpProfile.AEAD_AES_128_GCM);
        transports.get("ufB" + tag).listener.onConnected(SrtpProfile.AEAD_AES_128_GCM);
        String offerB = sink.await("b", RtcSignal.Type.SDP_OFFER, 0, WAIT).payload();
        await(
                () -> server.sessions("g", "call").stream()
                        .anyMatch(s -> s.spec().sessionId().equals("b")
                                && s.state() == SessionState.CONNECTED
                                && s.subscribedTracks() == 2),
                "b subscribed to a's voice and video");
        return new String[] {offerB};
    }

    static byte[] nack(long sender, long media, int pid, int blp) {
        byte[] p = new byte[16];
        p[0] = (byte) 0x81;
        p[1] = (byte) 205;
        p[3] = 3;
        TestSdp.put32(p, 4, sender);
        TestSdp.put32(p, 8, media);
        p[12] = (byte) (pid >>> 8);
        p[13] = (byte) pid;
        p[14] = (byte) (blp >>> 8);
        p[15] = (byte) blp;
        return p;
    }

    static byte[] payload(byte[] pkt) {
        return Arrays.copyOfRange(pkt, RtpView.payloadOffset(pkt, 0, pkt.length), pkt.length);
    }

    /** The generic NACKs (RTPFB fmt 1) in a compound packet: {pid, blp, mediaSsrc} of the first FCI entry. */
    static long[] firstNack(byte[] rtcp) {
        int p = 0;
        while (p + 4 <= rtcp.length) {
            int n = RtcpPackets.packetLength(rtcp, p, rtcp.length);
            if (n < 0) {
                return null;
            }
            if (RtcpPackets.packetType(rtcp, p) == 205 && RtcpPackets.countOrFmt(rtcp, p) == 1) {
                return new long[] {RtpView.u16(rtcp, p + 12), RtpView.u16(rtcp, p + 14), RtpView.u32(rtcp, p + 8)};
            }
            p += n;
        }
        return null;
    }

    @Test
    void answersSubscriberNackFromHistoryAndAsksPublisherForGaps() {
        start();
        String offerB = twoPeers("n")[0];
        RtcServerTest.FakeTransport ta = transports.get("ufAn");
        RtcServerTest.FakeTransport tb = transports.get("ufBn");
        MediaDescription videoForB = SdpParser.parse(offerB).media().stream()
                .filter(m -> !m.msids().isEmpty() && m.msids().get(0).trackId().startsWith("video_a_"))
                .findFirst()
                .orElseThrow();
        assertTrue(videoForB.rtcpFbs(Integer.parseInt(videoForB.formats().get(0))).stream()
                .anyMatch(f -> f.feedback().equals("nack")));
        long videoAtB = videoForB.ssrcIds().get(0);
        // 20 video packets, sequence 500..519, except 510 which the SFU never receives
        for (int i = 0; i < 20; i++) {
            if (i != 10) {
                inject(ta, TestSdp.rtp(96, 500 + i, 3000L * i, 2222, 0, 0, i, 300));
            }
        }
        await(() -> tb.port.rtp.size() == 19, "b receives 19 video packets");
        byte[] fifth = tb.port.rtp.get(5);
        int outSeq5 = RtpView.sequence(fifth, 0);
        // b lost its packets 5 and 7 (pid 5, blp bit 1), and the one of source sequence 510 (= out 5 + 5)
        inject(tb, nack(3333, videoAtB, outSeq5, 0b10));
        await(() -> tb.port.rtp.size() == 21, "two retransmissions to b");
        byte[] again5 = tb.port.rtp.get(19);
        byte[] again7 = tb.port.rtp.get(20);
        // byte for byte (SRTP then protects the same bytes under the same index: no keystream reuse on other data)
        assertArrayEquals(fifth, again5, "retransmission is the forwarded packet again");
        assertArrayEquals(tb.port.rtp.get(7), again7);
        assertEquals(videoAtB, RtpView.ssrc(again7, 0));
        assertEquals((outSeq5 + 2) & 0xFFFF, RtpView.sequence(again7, 0));
        assertArrayEquals(payload(tb.port.rtp.get(7)), payload(again7));
        assertEquals(RtpView.timestamp(tb.port.rtp.get(7), 0), RtpView.timestamp(again7, 0));

        inject(tb, nack(3333, videoAtB, (outSeq5 + 5) & 0xFFFF, 0));
        await(() -> ta.port.rtcp.stream().anyMatch(p -> firstNack(p) != null), "upstream NACK to a");
        long[] up = ta.port.rtcp.stream()
                .map(MediaFeaturesTest::firstNack)
                .filter(x -> x != null)
                .findFirst()
                .orElseThrow();
        assertEquals(510, up[0], "in the publisher's sequence space");
        assertEquals(0, up[1]);
        assertEquals(2222, up[2], "for the publisher's SSRC");
        MediaCounters m = server.counters().media();
        assertEquals(3, m.nackRequested());
        assertEquals(2, m.retransmitted());
        assertEquals(1, m.nackMissed());
        assertEquals(1, m.upstreamNacks());
        assertEquals(2, m.rtcpReceived(MediaCounters.RtcpType.NACK), "each NACK packet counted once");
        // asked again at once (the retransmissions are under way): answered once, not twice
        inject(tb, nack(3333, videoAtB, outSeq5, 0b10));
        await(() -> m.nackSuppressed() == 2, "repeat NACK suppressed");
        assertEquals(21, tb.port.rtp.size());
        assertEquals(2, m.retransmitted());

        // the publisher's retransmission of 510 is forwarded with the number b asked for
        inject(ta, TestSdp.rtp(96, 510, 30000L, 2222, 0, 0, 10, 300));
        await(() -> tb.port.rtp.size() == 22, "repaired packet forwarded");
        assertEquals((outSeq5 + 5) & 0xFFFF, RtpView.sequence(tb.port.rtp.get(21), 0));
        // a NACK for a packet far outside the history is only counted
        inject(tb, nack(3333, videoAtB, (outSeq5 + 30000) & 0xFFFF, 0));
        await(() -> m.nackMissed() == 2, "miss counted");
        assertEquals(22, tb.port.rtp.size());
    }

    @Test
    void receivedRtcpIsClassifiedByTypeAndFormat() {
        byte[] remb = new byte[24];
        remb[0] = (byte) 0x8F;
        remb[1] = (byte) 206;
        remb[3] = 5;
        remb[12] = 'R';
        remb[13] = 'E';
        remb[14] = 'M';
        remb[15] = 'B';
        assertEquals(MediaCounters.RtcpType.REMB, MediaCounters.RtcpType.of(remb, 0, 24));
        remb[15] = 'X';
        assertEquals(MediaCounters.RtcpType.OTHER, MediaCounters.RtcpType.of(remb, 0, 24), "another AFB");
        byte[] p = new byte[20];
        p[0] = (byte) 0x80;
        int[][] cases = {{200, 0}, {201, 0}, {202, 1}, {203, 1}, {205, 1}, {205, 15}, {206, 1}, {206, 4}, {204, 0}};
        MediaCounters.RtcpType[] want = {
            MediaCounters.RtcpType.SR,
            MediaCounters.RtcpType.RR,
            MediaCounters.RtcpType.SDES,
            MediaCounters.RtcpType.BYE,
            MediaCounters.RtcpType.NACK,
            MediaCounters.RtcpType.TRANSPORT_CC,
            MediaCounters.RtcpType.PLI,
            MediaCounters.RtcpType.FIR,
            MediaCounters.RtcpType.OTHER
        };
        for (int i = 0; i < cases.length; i++) {
            p[0] = (byte) (0x80 | cases[i][1]);
            p[1] = (byte) cases[i][0];
            assertEquals(want[i], MediaCounters.RtcpType.of(p, 0, 20), "PT " + cases[i][0] + " FMT " + cases[i][1]);
        }
    }

    static io.rtcd.rtc.sdp.Direction direction(String sdp, String mid) {
        return SdpParser.parse(sdp).mediaByMid(mid).orElseThrow().direction();
    }

    @Test
    void tokenWithoutAudioPermissionPublishesNothingAudible() {
        start();
        server.initSession(
                new SessionSpec("g", "call", "a", "user-a", true, java.util.EnumSet.of(PublishPermission.VIDEO)));
        server.initSession(new SessionSpec("g", "call", "b", "user-b"));
        signal("a", RtcSignal.Type.VIDEO_ON, "sa");
        offer("a", "ufAp", "sa", 1111, 2222);
        String answerA = sink.await("a", RtcSignal.Type.SDP_ANSWER, 0, WAIT).payload();
        assertEquals(io.rtcd.rtc.sdp.Direction.INACTIVE, direction(answerA, "0"), "audio answered inactive");
        assertEquals(io.rtcd.rtc.sdp.Direction.RECVONLY, direction(answerA, "1"), "video still accepted");
        RtcSignal err = sink.await("a", RtcSignal.Type.ERROR, 0, WAIT);
        assertTrue(err.payload().startsWith("forbidden:") && err.payload().contains("audio"), err.payload());
        assertEquals(1, server.counters().media().publishRefused(PublishPermission.AUDIO));

        offer("b", "ufBp", "sb", 3333, 0);
        sink.await("b", RtcSignal.Type.SDP_ANSWER, 0, WAIT);
        RtcServerTest.FakeTransport ta = transports.get("ufAp");
        RtcServerTest.FakeTransport tb = transports.get("ufBp");
        ta.listener.onConnected(SrtpProfile.AEAD_AES_128_GCM);
        tb.listener.onConnected(SrtpProfile.AEAD_AES_128_GCM);
        String offerB = sink.await("b", RtcSignal.Type.SDP_OFFER, 0, WAIT).payload();
        assertTrue(offerB.contains("video_a_") && !offerB.contains("voice_a_"), "b is offered a's video only");
        await(
                () -> server.sessions("g", "call").stream().allMatch(x -> x.state() == SessionState.CONNECTED),
                "connected");
        await(() -> info("b").subscribedTracks() == 1, "b subscribed to a's video");
        for (int i = 0; i < 10; i++) {
            inject(ta, TestSdp.rtp(111, 10 + i, 960L * i, 1111, 1, 40, i, 40));
        }
        inject(ta, TestSdp.rtp(96, 7, 0, 2222, 0, 0, 99, 100));
        await(() -> tb.port.rtp.size() == 1, "b receives a's video");
        await(() -> server.counters().drops(SfuCounters.Drop.UNKNOWN_SSRC) >= 10, "audio dropped at ingress");
        assertEquals(96, RtpView.payloadType(tb.port.rtp.get(0), 0));
        assertEquals(1, tb.port.rtp.size(), "no audio reached b");
        // a renegotiation with the same refused section does not repeat the error
        answeredOffers("a", 1);
        offer("a", "ufAp", "sa", 1111, 2222);
        sink.await("a", RtcSignal.Type.SDP_ANSWER, 1, WAIT);
        assertEquals(1, sink.count("a", RtcSignal.Type.ERROR));
    }

    @Test
    void oneScreenSharerPerCall() {
        start();
        twoPeers("s");
        signal("a", RtcSignal.Type.SCREEN_ON, "screen-a");
        barrier("a");
        signal("b", RtcSignal.Type.SCREEN_ON, "sb");
        RtcSignal busy = sink.await("b", RtcSignal.Type.ERROR, 0, WAIT);
        assertTrue(busy.payload().startsWith("screen_busy:"), busy.payload());
        assertEquals(1, server.counters().media().screenShareRefused());
        // b offers its "screen" anyway: its sections are answered inactive, nothing is published
        answeredOffers("b", 1);
        offer("b", "ufBs", "sb", 3333, 4444);
        String answer = sink.await("b", RtcSignal.Type.SDP_ANSWER, 1, WAIT).payload();
        assertEquals(io.rtcd.rtc.sdp.Direction.INACTIVE, direction(answer, "1"));
        // TestSdp's re-offer leaves out the SFU's sections, so the server offers a's tracks again: let b answer it
        // before b offers again (an offer while it is pending would be glare)
        answeredOffers("b", 2);
        // one ERROR per refused section (audio and video of the refused screen stream)
        assertTrue(sink.await("b", RtcSignal.Type.ERROR, 2, WAIT).payload().startsWith("screen_busy:"));
        long errorsB = sink.count("b", RtcSignal.Type.ERROR);
        // a stops sharing: b may share now
        signal("a", RtcSignal.Type.SCREEN_OFF, "");
        barrier("a");
        signal("b", RtcSignal.Type.SCREEN_ON, "sb");
        offer("b", "ufBs", "sb", 3333, 4444);
        String answer2 = sink.await("b", RtcSignal.Type.SDP_ANSWER, 2, WAIT).payload();
        assertEquals(io.rtcd.rtc.sdp.Direction.RECVONLY, direction(answer2, "1"));
        assertEquals(errorsB, sink.count("b", RtcSignal.Type.ERROR), "b's second ScreenOn was accepted");
        await(
                () -> server.sessions("g", "call").stream()
                        .anyMatch(x -> x.spec().sessionId().equals("b")
                                && x.publishedTracks().stream().anyMatch(id -> id.startsWith("screen_b_"))),
                "b publishes its screen");
        // and when the sharer leaves, the slot is free as well
        signal("a", RtcSignal.Type.SCREEN_ON, "screen-a2");
        RtcSignal busyA = sink.await("a", RtcSignal.Type.ERROR, 0, WAIT);
        assertTrue(busyA.payload().startsWith("screen_busy:"), busyA.payload());
        server.closeSession("g", "b");
        sink.await("b", RtcSignal.Type.SESSION_CLOSED, 0, WAIT);
        signal("a", RtcSignal.Type.SCREEN_ON, "screen-a");
        barrier("a");
        assertEquals(1, sink.count("a", RtcSignal.Type.ERROR), "a's ScreenOn after b left was accepted");
    }

    /** An RTP packet with a one-byte-header {@code sdes:mid} extension (RFC 8285 §4.2, RFC 8843 §15). */
    static byte[] rtpWithMid(int pt, int seq, long ts, long ssrc, int midId, String mid, int n) {
        byte[] m = mid.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        int ext = (1 + m.length + 3) / 4 * 4;
        byte[] p = new byte[12 + 4 + ext + 20];
        p[0] = (byte) 0x90;
        p[1] = (byte) pt;
        p[2] = (byte) (seq >>> 8);
        p[3] = (byte) seq;
        TestSdp.put32(p, 4, ts);
        TestSdp.put32(p, 8, ssrc);
        p[12] = (byte) 0xBE;
        p[13] = (byte) 0xDE;
        p[15] = (byte) (ext / 4);
        p[16] = (byte) ((midId << 4) | (m.length - 1));
        System.arraycopy(m, 0, p, 17, m.length);
        TestSdp.put32(p, 16 + ext, n);
        return p;
    }

    static String resource(String name) {
        try (java.io.InputStream in = MediaFeaturesTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void chromiumSimulcastOfferIsAnsweredWithOneStreamWhoseSsrcIsLearnt() {
        start();
        String chrome = resource("/sdp/chrome-offer.sdp");
        server.initSession(new SessionSpec("g", "call", "a", "user-a"));
        server.initSession(new SessionSpec("g", "call", "b", "user-b"));
        signal("a", RtcSignal.Type.VIDEO_ON, "3f6b2f1d-8d5c-4c1e-9a52-6c0f0b1e7a11");
        ufrags.put("a", "Xq3n");
        signal("a", RtcSignal.Type.SDP_OFFER, chrome);
        String answer = sink.await("a", RtcSignal.Type.SDP_ANSWER, 0, WAIT).payload();
        MediaDescription sim = SdpParser.parse(answer).mediaByMid("2").orElseThrow();
        assertEquals(io.rtcd.rtc.sdp.Direction.RECVONLY, sim.direction());
        assertTrue(sim.simulcast().isEmpty() && sim.rids().isEmpty(), "simulcast declined: " + answer);
        assertTrue(sim.extMaps().stream().anyMatch(e -> e.uri().endsWith("sdes:mid") && e.id() == 4));
        assertTrue(sim.rtpMaps().stream().noneMatch(r -> r.encoding().equalsIgnoreCase("rtx")), "no RTX");

        offer("b", "ufBsim", "sb", 3333, 0);
        sink.await("b", RtcSignal.Type.SDP_ANSWER, 0, WAIT);
        transports.get("Xq3n").listener.onConnected(SrtpProfile.AEAD_AES_128_GCM);
        transports.get("ufBsim").listener.onConnected(SrtpProfile.AEAD_AES_128_GCM);
        await(() -> info("b").subscribedTracks() == 3, "b receives a's voice, camera and the simulcast section");
        RtcServerTest.FakeTransport ta = transports.get("Xq3n");
        RtcServerTest.FakeTransport tb = transports.get("ufBsim");
        inject(ta, TestSdp.rtp(96, 1, 0, 0x5555, 0, 0, 1, 40));
        await(() -> server.counters().drops(SfuCounters.Drop.UNKNOWN_SSRC) == 1, "no mid: unknown");
        for (int i = 0; i < 5; i++) {
            inject(ta, rtpWithMid(96, 100 + i, 3000L * i, 0x5555, 4, "2", i));
        }
        await(() -> tb.port.rtp.size() == 5, "b receives the learnt stream");
        assertEquals(1, server.counters().media().ssrcsLearnt());
        // the layer's packets keep coming without the extension once learnt
        inject(ta, TestSdp.rtp(96, 105, 15000, 0x5555, 0, 0, 5, 40));
        await(() -> tb.port.rtp.size() == 6, "forwarded by SSRC");
        assertEquals(1, server.counters().drops(SfuCounters.Drop.UNKNOWN_SSRC));
    }

    /** TestSdp's VP8 video section re-written to {@code codec} (rtpmap value) at {@code pt} with {@code fmtp}. */
    static String withVideoCodec(String sdp, int pt, String codec, String fmtp) {
        String out = sdp.replace("m=video 9 UDP/TLS/RTP/SAVPF 96\r\n", "m=video 9 UDP/TLS/RTP/SAVPF " + pt + "\r\n")
                .replace("a=rtpmap:96 VP8/90000\r\n", "a=rtpmap:96 " + codec + "\r\n")
                .replace(":96 ", ":" + pt + " ");
        return fmtp == null ? out : out.replace("a=ssrc:", "a=fmtp:" + pt + " " + fmtp + "\r\na=ssrc:");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(
            delimiter = '|',
            value = {
                "102|H264/90000|level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f",
                "98|VP9/90000|profile-id=0",
                "45|AV1/90000|level-idx=5;profile=0;tier=0"
            })
    void videoCodecsPassThroughWithTheirFmtp(int pt, String codec, String fmtp) {
        start();
        server.initSession(new SessionSpec("g", "call", "a", "user-a"));
        server.initSession(new SessionSpec("g", "call", "b", "user-b"));
        signal("a", RtcSignal.Type.VIDEO_ON, "sa");
        ufrags.put("a", "ufAc");
        ufrags.put("b", "ufBc");
        signal(
                "a",
                RtcSignal.Type.SDP_OFFER,
                withVideoCodec(TestSdp.offer("ufAc", PWD, TestSdp.FINGERPRINT, "sa", 1111, 2222), pt, codec, fmtp));
        MediaDescription answered = SdpParser.parse(
                        sink.await("a", RtcSignal.Type.SDP_ANSWER, 0, WAIT).payload())
                .mediaByMid("1")
                .orElseThrow();
        assertEquals(List.of(Integer.toString(pt)), answered.formats(), codec + " accepted from the publisher");
        assertEquals(fmtp, answered.fmtp(pt).orElseThrow().parameters());
        // b's own (VP8) video section takes the publisher's payload type number: the forward needs another one
        signal(
                "b",
                RtcSignal.Type.SDP_OFFER,
                TestSdp.offer("ufBc", PWD, TestSdp.FINGERPRINT, "sb", 3333, 4444)
                        .replace(":96 ", ":" + pt + " ")
                        .replace("SAVPF 96\r\n", "SAVPF " + pt + "\r\n"));
        sink.await("b", RtcSignal.Type.SDP_ANSWER, 0, WAIT);
        transports.get("ufAc").listener.onConnected(SrtpProfile.AEAD_AES_128_GCM);
        transports.get("ufBc").listener.onConnected(SrtpProfile.AEAD_AES_128_GCM);
        String offerB = sink.await("b", RtcSignal.Type.SDP_OFFER, 0, WAIT).payload();
        MediaDescription fwd = SdpParser.parse(offerB).media().stream()
                .filter(m -> !m.msids().isEmpty() && m.msids().get(0).trackId().startsWith("video_a_"))
                .findFirst()
                .orElseThrow();
        int outPt = Integer.parseInt(fwd.formats().get(0));
        assertTrue(outPt != pt, "payload type rewritten: " + outPt);
        io.rtcd.rtc.sdp.RtpMap map = fwd.rtpMap(outPt).orElseThrow();
        assertEquals(codec, map.encoding() + "/" + map.clockRate());
        assertEquals(fmtp, fwd.fmtp(outPt).orElseThrow().parameters(), "publisher's fmtp offered as is");
        await(() -> info("b").subscribedTracks() == 2, "b subscribed");
        RtcServerTest.FakeTransport ta = transports.get("ufAc");
        RtcServerTest.FakeTransport tb = transports.get("ufBc");
        for (int i = 0; i < 10; i++) {
            inject(ta, TestSdp.rtp(pt, 40 + i, 3000L * i, 2222, 0, 0, i, 200));
        }
        await(() -> tb.port.rtp.size() == 10, "b receives 10 " + codec + " packets");
        for (int i = 0; i < 10; i++) {
            byte[] got = tb.port.rtp.get(i);
            assertEquals(outPt, RtpView.payloadType(got, 0));
            assertArrayEquals(payload(TestSdp.rtp(pt, 40 + i, 3000L * i, 2222, 0, 0, i, 200)), payload(got));
        }
    }

    @Test
    void transportWideSequenceNumbersGetFeedback() {
        start();
        server.initSession(new SessionSpec("g", "call", "a", "user-a"));
        offer("a", "ufAt", "sa", 1111, 0);
        sink.await("a", RtcSignal.Type.SDP_ANSWER, 0, WAIT);
        RtcServerTest.FakeTransport ta = transports.get("ufAt");
        ta.listener.onConnected(SrtpProfile.AEAD_AES_128_GCM);
        await(() -> info("a").state() == SessionState.CONNECTED, "connected");
        // transport-cc is extension id 4 in TestSdp's audio section; sequence 65534, 65535, (0 lost), 1
        int[] seqs = {65534, 65535, 1};
        for (int i = 0; i < seqs.length; i++) {
            String tcc = new String(new char[] {(char) (seqs[i] >>> 8), (char) (seqs[i] & 0xFF)});
            byte[] pkt = rtpWithMid(111, 10 + i, 960L * i, 1111, 4, tcc, i);
            pkt[17] = (byte) (seqs[i] >>> 8);
            pkt[18] = (byte) seqs[i];
            inject(ta, pkt);
        }
        await(() -> ta.port.rtcp.stream().anyMatch(MediaFeaturesTest::isTransportCc), "feedback to a");
        byte[] first = ta.port.rtcp.stream()
                .filter(MediaFeaturesTest::isTransportCc)
                .findFirst()
                .orElseThrow();
        int at = RtcpPackets.packetLength(first, 0, first.length);
        assertEquals(1111, RtpView.u32(first, at + 8), "about the publisher's media SSRC");
        assertEquals(65534, RtpView.u16(first, at + 12), "base sequence of the first feedback");
        assertTrue(server.counters().media().transportCcFeedback() >= 1);
    }

    static boolean isTransportCc(byte[] rtcp) {
        int n = RtcpPackets.packetLength(rtcp, 0, rtcp.length);
        return n > 0
                && n + 16 <= rtcp.length
                && RtcpPackets.packetType(rtcp, n) == 205
                && RtcpPackets.countOrFmt(rtcp, n) == 15;
    }
}
