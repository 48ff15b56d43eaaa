package io.rtcd.rtc.sfu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtcd.rtc.sdp.Direction;
import io.rtcd.rtc.sdp.MediaDescription;
import io.rtcd.rtc.sdp.SdpParser;
import io.rtcd.rtc.sdp.SessionDescription;
import io.rtcd.rtc.transport.TransportSession;
import io.rtcd.rtc.transport.srtp.SrtpProfile;
import io.rtcd.rtc.transport.udp.UdpBuffer;
import io.rtcd.rtc.transport.udp.UdpBufferPool;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The whole session layer without sockets: fake transports, real executors, real SDP. */
class RtcServerTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String PWD = "clientPasswordClientPwd1";

    private final SignalRecorder sink = new SignalRecorder();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService worker = Executors.newFixedThreadPool(2);
    private final Map<String, FakeTransport> transports = new ConcurrentHashMap<>();
    private final UdpBufferPool pool = new UdpBufferPool(16, 1500);
    private RtcServer server;

    /** In-memory transport: unprotect is the identity, sends are captured. */
    static final class FakeTransport implements SessionTransport {
        final TransportSession.Listener listener;
        final CapturingPort port = new CapturingPort();
        volatile boolean closed;

        FakeTransport(TransportSession.Listener listener) {
            this.listener = listener;
        }

        @Override
        public void start() {}

        @Override
        public boolean unprotect(UdpBuffer packet) {
            return packet.getBuffer()[packet.getOffset()] != (byte) 0xFF;
        }

        @Override
        public boolean sendRtp(UdpBuffer packet) {
            return port.sendRtp(packet);
        }

        @Override
        public boolean sendRtcp(UdpBuffer packet) {
            return port.sendRtcp(packet);
        }

        @Override
        public boolean sendApplicationData(byte[] buf, int off, int len) {
            return true;
        }

        /** The credentials of the last {@link #restartIce} ({@code null} local = only the remote side changed). */
        volatile String lastRestart;

        @Override
        public void restartIce(io.rtcd.rtc.transport.ice.IceCredentials newLocal, String remoteUfrag) {
            lastRestart = (newLocal == null ? "-" : newLocal.ufrag()) + ":" + remoteUfrag;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private void start(RtcConfig config) {
        server = new RtcServer(config, sink, timers, worker, worker, (local, ufrag, fp, role, listener) -> {
            FakeTransport t = new FakeTransport(listener);
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
    }

    private static SessionSpec spec(String session) {
        return new SessionSpec("g", "call", session, "user-" + session);
    }

    private void signal(String session, RtcSignal.Type type, String payload) {
        server.handleSignal("g", session, RtcSignal.inbound(type, payload));
    }

    private void inject(FakeTransport t, byte[] packet) {
        UdpBuffer b = pool.acquire().fill(packet, 0, packet.length);
        t.listener.onMedia(b);
    }

    private static void await(BooleanSupplier c, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!c.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    @Test
    void forwardsBetweenParticipantsAndRenegotiates() {
        start(RtcConfig.loopback());
        server.initSession(spec("a"));
        server.initSession(spec("b"));
        assertThrows(SfuException.class, () -> server.initSession(spec("a")));
        signal("a", RtcSignal.Type.VIDEO_ON, "streamA");
        signal("a", RtcSignal.Type.SDP_OFFER, TestSdp.offer("ufA1", PWD, TestSdp.FINGERPRINT, "streamA", 1111, 2222));
        sink.await("a", RtcSignal.Type.SDP_ANSWER, 0, WAIT);
        signal("b", RtcSignal.Type.SDP_OFFER, TestSdp.offer("ufB1", PWD, TestSdp.FINGERPRINT, "streamB", 3333, 0));
        sink.await("b", RtcSignal.Type.SDP_ANSWER, 0, WAIT);
        // server offers wait until the transport is connected (ICE + DTLS)
        FakeTransport ta = transports.get("ufA1");
        FakeTransport tb = transports.get("ufB1");
        assertTrue(sink.all().stream().noneMatch(x -> x.type() == RtcSignal.Type.SDP_OFFER));
        ta.listener.onConnected(SrtpProfile.AEAD_AES_128_GCM);
        tb.listener.onConnected(SrtpProfile.AEAD_AES_128_GCM);

        // b is offered a's voice and video; a is offered b's voice
        String offerB = sink.await("b", RtcSignal.Type.SDP_OFFER, 0, WAIT).payload();
        String offerA = sink.await("a", RtcSignal.Type.SDP_OFFER, 0, WAIT).payload();
        SessionDescription ob = SdpParser.parse(offerB);
        assertEquals(3, ob.media().size(), offerB);
        MediaDescription voiceForB = ob.media().get(1);
        MediaDescription videoForB = ob.media().get(2);
        assertEquals(Direction.SENDONLY, voiceForB.direction());
        assertTrue(voiceForB.msids().get(0).trackId().startsWith("voice_a_"));
        assertTrue(videoForB.msids().get(0).trackId().startsWith("video_a_"));
        signal("b", RtcSignal.Type.SDP_ANSWER, TestSdp.answer(offerB, "ufB1", PWD, TestSdp.FINGERPRINT));
        signal("a", RtcSignal.Type.SDP_ANSWER, TestSdp.answer(offerA, "ufA1", PWD, TestSdp.FINGERPRINT));

        await(
                () -> server.sessions("g", "call").stream()
                        .allMatch(s -> s.state() == SessionState.CONNECTED && s.subscribedTracks() > 0),
                "both connected");
        // a new video subscriber makes the SFU ask the publisher for a keyframe
        await(() -> ta.port.rtcp.stream().anyMatch(p -> isPliFor(p, 2222)), "PLI to a for its video");

        long voiceSsrcForB = voiceForB.ssrcIds().get(0);
        for (int i = 0; i < 20; i++) {
            inject(ta, TestSdp.rtp(111, 100 + i, 960L * i, 1111, 1, 50, i, 60));
        }
        await(() -> tb.port.rtp.size() == 20, "b receives 20 packets");
        for (int i = 0; i < 20; i++) {
            byte[] got = tb.port.rtp.get(i);
            assertEquals(voiceSsrcForB, RtpView.ssrc(got, 0));
            assertEquals(111, RtpView.payloadType(got, 0));
            byte[] sent = TestSdp.rtp(111, 100 + i, 960L * i, 1111, 1, 50, i, 60);
            assertArrayEquals(payload(sent), payload(got));
            if (i > 0) {
                assertEquals((RtpView.sequence(tb.port.rtp.get(i - 1), 0) + 1) & 0xFFFF, RtpView.sequence(got, 0));
            }
        }
        assertTrue(ta.port.rtp.isEmpty(), "nothing echoed to the publisher");

        // PLI from b for a's video reaches a (rate-limited: at most one within 500 ms of the forced one)
        long videoSsrcForB = videoForB.ssrcIds().get(0);
        byte[] pli = new byte[12];
        pli[0] = (byte) 0x81;
        pli[1] = (byte) 206;
        pli[3] = 2;
        TestSdp.put32(pli, 4, 3333);
        TestSdp.put32(pli, 8, videoSsrcForB);
        int before = ta.port.rtcp.size();
        inject(tb, pli);
        await(
                () -> server.counters().drops(SfuCounters.Drop.KEYFRAME_RATE_LIMITED)
                                + server.counters().keyframeRequests()
                        >= 2,
                "PLI handled");
        assertTrue(ta.port.rtcp.size() <= before + 1);

        // mute stops forwarding without renegotiation; unmute resumes with continuous numbering
        signal("a", RtcSignal.Type.MUTE, "");
        inject(ta, TestSdp.rtp(111, 120, 960L * 20, 1111, 1, 50, 20, 60));
        await(() -> server.counters().drops(SfuCounters.Drop.MUTED) == 1, "muted drop");
        signal("a", RtcSignal.Type.UNMUTE, "");
        inject(ta, TestSdp.rtp(111, 121, 960L * 21, 1111, 1, 50, 21, 60));
        await(() -> tb.port.rtp.size() == 21, "forwarding resumed");
        assertEquals((RtpView.sequence(tb.port.rtp.get(19), 0) + 1) & 0xFFFF, RtpView.sequence(tb.port.rtp.get(20), 0));
        assertEquals(1, sink.count("b", RtcSignal.Type.SDP_OFFER), "mute did not renegotiate");

        // garbage and failed unprotect are counted drops, the session survives
        inject(ta, new byte[] {(byte) 0x80, 1, 2});
        inject(ta, new byte[] {(byte) 0xFF, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        inject(ta, TestSdp.rtp(111, 122, 960L * 22, 1111, 1, 50, 22, 60));
        await(() -> tb.port.rtp.size() == 22, "still forwarding after garbage");

        // b leaves: a's section for b's voice goes inactive in a new offer; b's transport is closed
        server.closeSession("g", "b");
        sink.await("b", RtcSignal.Type.SESSION_CLOSED, 0, WAIT);
        String offerA2 = sink.await("a", RtcSignal.Type.SDP_OFFER, 1, WAIT).payload();
        assertEquals(
                Direction.INACTIVE,
                SdpParser.parse(offerA2).mediaByMid("f0").orElseThrow().direction());
        assertTrue(tb.closed);
        assertEquals(1, server.sessions("g", "call").size());
        await(() -> pool.outstanding() == 0, "inbound buffers released");
    }

    @Test
    void sendsSenderReportsToSubscribersAndReceiverReportsToPublishers() {
        RtcConfig d = RtcConfig.loopback();
        start(new RtcConfig(
                d.iceAddressUdp(),
                d.icePortUdp(),
                d.iceHostOverride(),
                d.allowLoopback(),
                d.signalingTimeout(),
                d.offerAnswerTimeout(),
                d.keyframeMinInterval(),
                Duration.ofMillis(20),
                d.sessionQueueCapacity()));
        server.initSession(spec("a"));
        server.initSession(spec("b"));
        signal("a", RtcSignal.Type.SDP_OFFER, TestSdp.offer("ufA4", PWD, TestSdp.FINGERPRINT, "sa", 1111, 0));
        signal("b", RtcSignal.Type.SDP_OFFER, TestSdp.offer("ufB4", PWD, TestSdp.FINGERPRINT, "sb", 3333, 0));
        sink.await("a", RtcSignal.Type.SDP_ANSWER, 0, WAIT); // both transports exist (each session's own thread)
        sink.await("b", RtcSignal.Type.SDP_ANSWER, 0, WAIT);
        FakeTransport ta = transports.get("ufA4");
        FakeTransport tb = transports.get("ufB4");
        ta.listener.onConnected(SrtpProfile.AEAD_AES_128_GCM);
        tb.listener.onConnected(SrtpProfile.AEAD_AES_128_GCM);
        String offerB = sink.await("b", RtcSignal.Type.SDP_OFFER, 0, WAIT).payload();
        // an answer with new ICE credentials (pion's answer to an early re-offer) moves the transport to them
        signal("b", RtcSignal.Type.SDP_ANSWER, TestSdp.answer(offerB, "ufB4new", PWD + "x", TestSdp.FINGERPRINT));
        await(() -> "-:ufB4new".equals(tb.lastRestart), "b's transport takes the answer's credentials");
        assertEquals(1, server.counters().iceRestarts("client", "answer"));
        // consent went stale while signalling lives: the server offers a restart with new credentials of its own
        tb.listener.onConsentStale();
        String restartOffer = sink.await("b", RtcSignal.Type.SDP_OFFER, 1, WAIT).payload();
        String newUfrag =
                SdpParser.parse(restartOffer).media().get(0).iceUfrag().orElseThrow();
        await(() -> (newUfrag + ":null").equals(tb.lastRestart), "b's transport moved to the new credentials first");
        assertEquals(1, server.counters().iceRestarts("server", "offer"));
        signal("b", RtcSignal.Type.SDP_ANSWER, TestSdp.answer(restartOffer, "ufB4re", PWD + "y", TestSdp.FINGERPRINT));
        await(() -> "-:ufB4re".equals(tb.lastRestart), "the client's new credentials from its answer");
        assertEquals(
                1, server.counters().iceRestarts("client", "answer"), "the answer to our restart is not a client's");
        await(
                () -> server.sessions("g", "call").stream()
                        .anyMatch(s -> s.spec().sessionId().equals("b") && s.subscribedTracks() == 1),
                "b subscribed");
        long ssrcAtB = SdpParser.parse(offerB).media().get(1).ssrcIds().get(0);
        for (int i = 0; i < 10; i++) {
            inject(ta, TestSdp.rtp(111, 7 + i, 960L * i, 1111, 1, 50, i, 30));
        }
        await(
                () -> tb.port.rtcp.stream()
                        .anyMatch(p -> RtcpPackets.packetType(p, 0) == RtcpPackets.SR
                                && RtpView.u32(p, 4) == ssrcAtB
                                && RtpView.u32(p, 20) == 10),
                "SR with 10 packets for b");
        await(
                () -> ta.port.rtcp.stream()
                        .anyMatch(p -> RtcpPackets.packetType(p, 0) == RtcpPackets.RR
                                && RtpView.u32(p, 8) == 1111
                                && RtpView.u32(p, 16) == 16),
                "RR about 1111 with highest sequence 16");
    }

    @Test
    void voiceActivityFromAudioLevel() {
        start(RtcConfig.loopback());
        server.initSession(spec("a"));
        signal("a", RtcSignal.Type.SDP_OFFER, TestSdp.offer("ufA2", PWD, TestSdp.FINGERPRINT, "s", 1111, 0));
        sink.await("a", RtcSignal.Type.SDP_ANSWER, 0, WAIT);
        FakeTransport ta = transports.get("ufA2");
        ta.listener.onConnected(SrtpProfile.AEAD_AES_128_GCM);
        await(() -> server.sessions("g", "call").get(0).state() == SessionState.CONNECTED, "connected");
        for (int i = 0; i < 60; i++) {
            inject(ta, TestSdp.rtp(111, i, 960L * i, 1111, 1, i % 2 == 0 ? 10 : 90, i, 20));
        }
        sink.await("a", RtcSignal.Type.VOICE_ON, 0, WAIT);
        signal("a", RtcSignal.Type.MUTE, "");
        sink.await("a", RtcSignal.Type.VOICE_OFF, 0, WAIT);
    }

    @Test
    void noOfferWithinSignalingTimeoutClosesSession() {
        start(RtcConfig.loopback().withTimeouts(Duration.ofMillis(100), Duration.ofSeconds(10)));
        server.initSession(spec("late"));
        RtcSignal closed = sink.await("late", RtcSignal.Type.SESSION_CLOSED, 0, WAIT);
        assertEquals("signaling_timeout", closed.payload());
        assertEquals(0, server.sessionCount());
        assertEquals(1, server.counters().sessionsClosed(SessionEndReason.SIGNALING_TIMEOUT));
    }

    @Test
    void badSdpAndUnknownSessionGetErrors() {
        start(RtcConfig.loopback());
        server.initSession(spec("a"));
        String noFp =
                TestSdp.offer("ufA3", PWD, TestSdp.FINGERPRINT, "s", 1, 0).replaceAll("a=fingerprint:[^\r]*\r\n", "");
        signal("a", RtcSignal.Type.SDP_OFFER, noFp);
        RtcSignal err = sink.await("a", RtcSignal.Type.ERROR, 0, WAIT);
        assertTrue(err.payload().contains("fingerprint"), err.payload());
        signal("a", RtcSignal.Type.SDP_OFFER, "not sdp");
        sink.await("a", RtcSignal.Type.ERROR, 1, WAIT);
        assertTrue(transports.isEmpty(), "no transport leaked for refused offers");
        assertEquals(
                SessionState.WAITING_OFFER, server.sessions("g", "call").get(0).state());
        server.handleSignal("g", "nobody", RtcSignal.inbound(RtcSignal.Type.SDP_OFFER, "x"));
        sink.await("nobody", RtcSignal.Type.ERROR, 0, WAIT);
        // a good offer still works afterwards
        signal("a", RtcSignal.Type.SDP_OFFER, TestSdp.offer("ufA3", PWD, TestSdp.FINGERPRINT, "s", 1, 0));
        sink.await("a", RtcSignal.Type.SDP_ANSWER, 0, WAIT);
    }

    @Test
    void closeIsIdempotentAndDrainsSessions() {
        start(RtcConfig.loopback());
        server.initSession(spec("a"));
        server.initSession(spec("b"));
        server.close();
        server.close();
        assertEquals(0, server.sessionCount());
        assertEquals(
                2,
                sink.all().stream()
                        .filter(s -> s.type() == RtcSignal.Type.SESSION_CLOSED
                                && s.payload().equals("shutdown"))
                        .count());
        assertEquals(2, server.counters().sessionsClosed(SessionEndReason.SHUTDOWN));
        assertThrows(SfuException.class, () -> server.initSession(spec("c")));
    }

    private static boolean isPliFor(byte[] rtcp, long mediaSsrc) {
        int p = 0;
        while (p + 4 <= rtcp.length) {
            int n = RtcpPackets.packetLength(rtcp, p, rtcp.length);
            if (n < 0) {
                return false;
            }
            if (RtcpPackets.keyframeTarget(rtcp, p, n) == mediaSsrc) {
                return true;
            }
            p += n;
        }
        return false;
    }

    private static byte[] payload(byte[] pkt) {
        return Arrays.copyOfRange(pkt, RtpView.payloadOffset(pkt, 0, pkt.length), pkt.length);
    }
}
