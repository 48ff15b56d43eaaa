package io.rtcd.rtc.sfu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtcd.rtc.sdp.MediaDescription;
import io.rtcd.rtc.sdp.SdpParser;
import io.rtcd.rtc.transport.TransportConfig;
import io.rtcd.rtc.transport.dtls.DtlsCertificate;
import io.rtcd.rtc.transport.ice.IceCredentials;
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
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ICE restarts end to end (RFC 8445 §9, docs/protocol.md "Negotiation rules (both faces)") with real UDP on 127.0.0.1
 * and Java test peers that keep consent fresh with periodic checks (RFC 7675) as browsers do:
 *
 * <ul>
 *   <li>a client <em>answer</em> with new ICE credentials (what pion sends to an early re-offer): the server takes them
 *       as the client's, answers checks with the new ufrag, media keeps flowing, no new DTLS handshake;
 *   <li>the server's own restart: a peer stops its checks (its path "went away"), the server offers new credentials
 *       over signalling at half the consent timeout; a peer that answers (with new credentials of its own) and checks
 *       again keeps its session well past the timeout, with media, no new handshake;
 *   <li>a peer that does not answer that offer ends as {@code consent_expired} at the timeout.
 * </ul>
 */
class IceRestartIT {
    private static final Logger LOG = LoggerFactory.getLogger(IceRestartIT.class);
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration CHECK_PERIOD = Duration.ofMillis(200);
    private static final Duration CONSENT = Duration.ofSeconds(3);
    private static final String GROUP = "g";
    private static final String CALL = "call";

    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService worker = Executors.newFixedThreadPool(2);
    private final ExecutorService blocking = Executors.newCachedThreadPool();
    private final Map<String, SfuTestPeer> peers = new ConcurrentHashMap<>();
    /** Per session: how its peer answers a server offer ({@code null} from it: the test answers, or nobody). */
    private final Map<String, UnaryOperator<String>> answerers = new ConcurrentHashMap<>();

    private final List<SfuTestPeer> toClose = new ArrayList<>();
    private final SignalRecorder recorder = new SignalRecorder();
    private volatile RtcServer server;

    private final RtcSignalSink sink = s -> {
        recorder.send(s);
        SfuTestPeer p = peers.get(s.sessionId());
        if (s.type() == RtcSignal.Type.SDP_OFFER && p != null) {
            UnaryOperator<String> answerer = answerers.getOrDefault(s.sessionId(), p::answer);
            blocking.execute(() -> {
                String answer = answerer.apply(s.payload());
                if (answer != null) {
                    server.handleSignal(GROUP, s.sessionId(), RtcSignal.inbound(RtcSignal.Type.SDP_ANSWER, answer));
                }
            });
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

    private void start(TransportConfig transportOverrides) {
        server = new RtcServer(
                RtcConfig.loopback(),
                sink,
                timers,
                worker,
                blocking,
                null,
                tc -> tc.withConsent(transportOverrides.consentTimeout(), transportOverrides.consentCheckPeriod()));
        server.start();
    }

    /** A peer that joins, publishes Opus on {@code ssrc}, connects and keeps consent fresh. */
    private SfuTestPeer join(String session, DtlsCertificate cert, long ssrc) throws Exception {
        SfuTestPeer p = new SfuTestPeer(session, cert);
        toClose.add(p);
        server.initSession(new SessionSpec(GROUP, CALL, session, "user-" + session));
        peers.put(session, p);
        server.handleSignal(
                GROUP, session, RtcSignal.inbound(RtcSignal.Type.SDP_OFFER, p.offer("stream-" + session, ssrc, 0)));
        String answer =
                recorder.await(session, RtcSignal.Type.SDP_ANSWER, 0, WAIT).payload();
        p.connect(answer, TransportConfig.loopback(), blocking);
        p.startChecks(CHECK_PERIOD);
        return p;
    }

    /** Two peers in one call, each receiving the other's voice; returns them. */
    private SfuTestPeer[] twoInACall(DtlsCertificate cert) throws Exception {
        SfuTestPeer a = join("a", cert, 0xA1);
        SfuTestPeer b = join("b", cert, 0xB1);
        awaitSubscribed("a", 1);
        awaitSubscribed("b", 1);
        exchange(a, b, 0, 20);
        return new SfuTestPeer[] {a, b};
    }

    @Test
    void answerWithNewClientCredentialsMovesChecksToTheNewUfragAndKeepsMedia() throws Exception {
        start(TransportConfig.loopback());
        DtlsCertificate cert = DtlsCertificate.generate();
        SfuTestPeer a = join("a", cert, 0xA1);
        IceCredentials old = a.ice;
        IceCredentials serverIce = a.serverCredentials();
        // a answers the server's offer (b's voice) as pion does when a re-offer reaches it early: new ufrag and pwd
        answerers.put("a", offer -> {
            a.renewIce();
            return a.answer(offer);
        });
        SfuTestPeer b = join("b", cert, 0xB1);
        awaitSubscribed("a", 1);
        awaitSubscribed("b", 1);
        await(() -> server.counters().iceRestarts("client", "answer") == 1, "the answer's new credentials taken");
        IceCredentials fresh = a.ice;
        assertNotEquals(old.ufrag(), fresh.ufrag());

        // a checks with its new ufrag only: answered (the answer did not change the server's credentials)
        awaitAnsweredCheck(a, fresh.ufrag());
        assertEquals(serverIce, a.serverCredentials());
        // once the new generation is in use the old one is forgotten (RFC 8445 §9: old checks no longer answered)
        assertFalse(a.checkOnce(old), "a check with the old ufrag is answered after the switch");

        exchange(a, b, 20, 70);
        assertEquals(2, server.transportStats().dtlsHandshakes(), "no new DTLS handshake");
        assertEquals(1, server.counters().iceRestarts("client", "answer"));
        assertEquals(0, server.counters().iceRestarts("client", "offer"));
        assertEquals(0, server.counters().iceRestarts("server", "offer"));
        assertEquals(2, server.sessions(GROUP, CALL).size());
    }

    @Test
    void serverRestartsIceWhenConsentGoesStaleAndThePeerThatAnswersStays() throws Exception {
        start(TransportConfig.loopback().withConsent(CONSENT, Duration.ofMillis(100)));
        SfuTestPeer[] ab = twoInACall(DtlsCertificate.generate());
        SfuTestPeer a = ab[0];
        SfuTestPeer b = ab[1];
        IceCredentials oldServer = a.serverCredentials();
        IceCredentials oldClient = a.ice;
        answerers.put("a", offer -> null); // the test answers a's restart offer itself
        long offersBefore = recorder.count("a", RtcSignal.Type.SDP_OFFER);
        long handshakes = server.transportStats().dtlsHandshakes();

        long stopped = System.nanoTime();
        a.stopChecks();
        String offer = recorder.await("a", RtcSignal.Type.SDP_OFFER, (int) offersBefore, WAIT)
                .payload();
        long offerMs = (System.nanoTime() - stopped) / 1_000_000;
        LOG.info("server restart offer {} ms after a stopped its checks", offerMs);
        assertTrue(
                offerMs >= CONSENT.toMillis() / 2 - 2 * CHECK_PERIOD.toMillis() && offerMs < CONSENT.toMillis(),
                "the restart offer came " + offerMs + " ms after the checks stopped; expected about half of "
                        + CONSENT);
        IceCredentials newServer = a.useServerCredentials(offer);
        assertNotEquals(oldServer.ufrag(), newServer.ufrag(), "the server's offer carries a new ice-ufrag");
        assertNotEquals(oldServer.password(), newServer.password(), "the server's offer carries a new ice-pwd");
        for (MediaDescription m : SdpParser.parse(offer).media()) {
            assertEquals(newServer.ufrag(), SdpParser.parse(offer).iceUfrag(m).orElseThrow(), "every section");
        }
        assertEquals(1, server.counters().iceRestarts("server", "offer"));

        // a answers with new credentials of its own (RFC 8445 §9.2.2 lets either side change) and checks again
        a.renewIce();
        assertNotEquals(oldClient.ufrag(), a.ice.ufrag());
        server.handleSignal(GROUP, "a", RtcSignal.inbound(RtcSignal.Type.SDP_ANSWER, a.answer(offer)));
        a.startChecks(CHECK_PERIOD);
        awaitAnsweredCheck(a, a.ice.ufrag());

        // well past the consent timeout counted from the last old check: the session lives, media flows both ways
        sleepUntil(stopped + 2 * CONSENT.toNanos());
        assertTrue(a.checkOnce(a.ice), "a's checks with the new credentials are still answered");
        assertEquals(SessionState.CONNECTED, state("a"));
        assertEquals(2, server.sessions(GROUP, CALL).size());
        exchange(a, b, 20, 70);
        assertEquals(handshakes, server.transportStats().dtlsHandshakes(), "no new DTLS handshake");
        assertEquals(1, server.counters().iceRestarts("server", "offer"), "one restart, by the server, for a only");
        assertEquals(
                0, server.counters().iceRestarts("client", "answer"), "the answer to our restart is not a client's");
        assertEquals(0, server.counters().iceRestarts("client", "offer"));
        assertEquals(0, server.counters().sessionsClosed(SessionEndReason.CONSENT_EXPIRED));
    }

    @Test
    void peerThatDoesNotAnswerTheServerRestartEndsAsConsentExpired() throws Exception {
        start(TransportConfig.loopback().withConsent(CONSENT, Duration.ofMillis(100)));
        SfuTestPeer[] ab = twoInACall(DtlsCertificate.generate());
        SfuTestPeer b = ab[1];
        answerers.put("a", offer -> null); // a's signalling lives, but it never answers
        long offersBefore = recorder.count("a", RtcSignal.Type.SDP_OFFER);

        long stopped = System.nanoTime();
        ab[0].stopChecks();
        String offer = recorder.await("a", RtcSignal.Type.SDP_OFFER, (int) offersBefore, WAIT)
                .payload();
        assertNotEquals(
                ab[0].serverCredentials().ufrag(),
                SdpParser.parse(offer)
                        .iceUfrag(SdpParser.parse(offer).media().get(0))
                        .orElseThrow());
        RtcSignal closed = recorder.await("a", RtcSignal.Type.SESSION_CLOSED, 0, WAIT);
        long closedMs = (System.nanoTime() - stopped) / 1_000_000;
        LOG.info("a ended {} ms after it stopped its checks: {}", closedMs, closed.payload());
        assertEquals(SessionEndReason.CONSENT_EXPIRED.label(), closed.payload());
        assertTrue(
                closedMs >= CONSENT.toMillis() - 2 * CHECK_PERIOD.toMillis() && closedMs < CONSENT.toMillis() + 2_000,
                "a ended " + closedMs + " ms after its last checks; the consent timeout is " + CONSENT);
        assertEquals(1, server.counters().iceRestarts("server", "offer"));
        assertEquals(1, server.counters().sessionsClosed(SessionEndReason.CONSENT_EXPIRED));
        // b, which kept its checks going, is untouched
        await(() -> server.sessions(GROUP, CALL).size() == 1, "a's session gone");
        assertEquals(SessionState.CONNECTED, state("b"));
        assertTrue(b.checkOnce(b.ice), "b's checks still answered");
    }

    private SessionState state(String session) {
        return server.sessions(GROUP, CALL).stream()
                .filter(i -> i.spec().sessionId().equals(session))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no session " + session))
                .state();
    }

    private void awaitSubscribed(String session, int tracks) {
        await(
                () -> server.sessions(GROUP, CALL).stream()
                        .anyMatch(i -> i.spec().sessionId().equals(session)
                                && i.state() == SessionState.CONNECTED
                                && i.subscribedTracks() == tracks),
                session + " receives " + tracks + " tracks");
    }

    private static void awaitAnsweredCheck(SfuTestPeer p, String ufrag) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            String got = p.answeredChecks.poll(100, TimeUnit.MILLISECONDS);
            if (ufrag.equals(got)) {
                return;
            }
        }
        throw new AssertionError(p.name + ": no check with ufrag " + ufrag + " answered within " + WAIT);
    }

    private static void sleepUntil(long nanos) throws InterruptedException {
        long left = nanos - System.nanoTime();
        if (left > 0) {
            Thread.sleep(left / 1_000_000 + 1);
        }
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

    /** a and b each send stamped Opus packets {@code from..to-1}; the other gets every one, intact and in order. */
    private void exchange(SfuTestPeer a, SfuTestPeer b, int from, int to) throws InterruptedException {
        sendAndVerify(a, 0xA1, b, ssrcOf("b", "a"), from, to);
        sendAndVerify(b, 0xB1, a, ssrcOf("a", "b"), from, to);
    }

    /** The SSRC {@code receiver} was told for {@code sender}'s voice (in the newest offer or answer naming it). */
    private long ssrcOf(String receiver, String sender) {
        List<RtcSignal> sdps = recorder.all().stream()
                .filter(s -> s.sessionId().equals(receiver)
                        && (s.type() == RtcSignal.Type.SDP_OFFER || s.type() == RtcSignal.Type.SDP_ANSWER))
                .toList();
        for (int i = sdps.size() - 1; i >= 0; i--) {
            for (MediaDescription m : SdpParser.parse(sdps.get(i).payload()).media()) {
                if (!m.msids().isEmpty()
                        && m.msids().get(0).trackId().startsWith("voice_" + sender + "_")
                        && !m.ssrcIds().isEmpty()) {
                    return m.ssrcIds().get(0);
                }
            }
        }
        throw new AssertionError("no voice of " + sender + " offered to " + receiver);
    }

    private static void sendAndVerify(
            SfuTestPeer sender, long srcSsrc, SfuTestPeer receiver, long rxSsrc, int from, int to)
            throws InterruptedException {
        receiver.rtp.clear();
        for (int n = from; n < to; n++) {
            sender.sendRtp(TestSdp.rtp(111, 1000 + n, 960L * n, srcSsrc, 1, 40, n, 80));
        }
        List<byte[]> got = new ArrayList<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (got.size() < to - from) {
            byte[] p =
                    receiver.rtp.poll(Math.max(1, (deadline - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
            if (p == null) {
                throw new AssertionError(
                        receiver.name + " got " + got.size() + " of " + (to - from) + " packets of " + sender.name);
            }
            if (RtpView.ssrc(p, 0) == rxSsrc) {
                got.add(p);
            }
        }
        for (int i = 0; i < got.size(); i++) {
            int n = from + i;
            byte[] sent = TestSdp.rtp(111, 1000 + n, 960L * n, srcSsrc, 1, 40, n, 80);
            assertArrayEquals(payload(sent), payload(got.get(i)), receiver.name + " packet " + n + " intact, in order");
        }
    }

    private static byte[] payload(byte[] pkt) {
        return Arrays.copyOfRange(pkt, RtpView.payloadOffset(pkt, 0, pkt.length), pkt.length);
    }
}
