package io.rtcd.rtc.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtcd.rtc.transport.dtls.DtlsCertificate;
import io.rtcd.rtc.transport.dtls.DtlsRole;
import io.rtcd.rtc.transport.ice.IceCredentials;
import io.rtcd.rtc.transport.ice.IceLiteAgent;
import io.rtcd.rtc.transport.ice.StunClient;
import io.rtcd.rtc.transport.srtp.SrtpContextTestData;
import io.rtcd.rtc.transport.srtp.SrtpProfile;
import io.rtcd.rtc.transport.udp.UdpBuffer;
import io.rtcd.rtc.transport.udp.UdpMux;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * End to end over real UDP on 127.0.0.1: a Java client peer (StunClient + BC DTLS client + SrtpContext) connects to a
 * server {@link TransportSession} through the shared {@link UdpMux}.
 */
class TransportIT {
    private static final DtlsCertificate SERVER_CERT = DtlsCertificate.generate();

    private final ExecutorService dtlsExecutor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "it-dtls");
        t.setDaemon(true);
        return t;
    });
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "it-timer");
        t.setDaemon(true);
        return t;
    });
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
        dtlsExecutor.shutdownNow();
        scheduler.shutdownNow();
    }

    private <T extends AutoCloseable> T closeLater(T c) {
        closeables.add(c);
        return c;
    }

    /** Server side of one session: decrypts media on its own serial executor, as the SFU layer will. */
    final class ServerSession implements TransportSession.Listener {
        final TransportSession session;
        final ExecutorService serial = Executors.newSingleThreadExecutor();
        final BlockingQueue<byte[]> rtp = new LinkedBlockingQueue<>();
        final CompletableFuture<SrtpProfile> connected = new CompletableFuture<>();
        final CompletableFuture<TransportSession.DisconnectReason> disconnected = new CompletableFuture<>();
        final CompletableFuture<byte[]> appData = new CompletableFuture<>();
        ClientPeer peer;

        ServerSession(TransportConfig config, UdpMux mux, String remoteUfrag, ClientPeer peer) {
            session = new TransportSession(
                    config,
                    mux,
                    SERVER_CERT,
                    IceCredentials.random(),
                    remoteUfrag,
                    peer.certificate.fingerprint(),
                    DtlsRole.forRemoteSetup("active"),
                    dtlsExecutor,
                    scheduler,
                    this);
            closeLater(() -> {
                session.close();
                serial.shutdownNow();
            });
            session.start();
        }

        String ufrag() {
            return session.localIce().ufrag();
        }

        String password() {
            return session.localIce().password();
        }

        @Override
        public void onConnected(SrtpProfile profile) {
            connected.complete(profile);
        }

        @Override
        public void onMedia(UdpBuffer packet) {
            serial.execute(() -> {
                try {
                    if (session.unprotect(packet)) {
                        rtp.add(packet.toArray());
                    }
                } finally {
                    packet.release();
                }
            });
        }

        @Override
        public void onApplicationData(byte[] buf, int off, int len) {
            appData.complete(Arrays.copyOfRange(buf, off, off + len));
        }

        @Override
        public void onDisconnected(TransportSession.DisconnectReason reason) {
            disconnected.complete(reason);
        }
    }

    private UdpMux startMux(TransportConfig config, TransportCounters counters) {
        UdpMux mux = closeLater(new UdpMux(config, counters));
        mux.start();
        return mux;
    }

    private ServerSession connect(TransportConfig config, UdpMux mux) throws Exception {
        ClientPeer peer = closeLater(new ClientPeer(new InetSocketAddress("127.0.0.1", mux.port())));
        ServerSession server = new ServerSession(config, mux, peer.ice.ufrag(), peer);
        peer.connect(server.ufrag(), server.password(), SERVER_CERT.fingerprint(), config, dtlsExecutor);
        server.connected.get(10, TimeUnit.SECONDS);
        server.peer = peer;
        return server;
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }

    private static void assertMediaFlowsBothWays(ServerSession server, int count) throws Exception {
        ClientPeer peer = server.peer;
        int ssrcUp = 0x1000 + peer.localAddress().getPort();
        for (int seq = 1; seq <= count; seq++) {
            byte[] plain = SrtpContextTestData.rtp(seq, ssrcUp, 160 + seq);
            peer.sendRtp(plain);
            assertArrayEquals(plain, server.rtp.poll(5, TimeUnit.SECONDS), "uplink packet " + seq);
        }
        int ssrcDown = 0x2000 + peer.localAddress().getPort();
        for (int seq = 1; seq <= count; seq++) {
            byte[] plain = SrtpContextTestData.rtp(seq, ssrcDown, 1000 + seq);
            UdpBuffer buf = UdpBuffer.unpooled(32, plain.length + 64).fill(plain, 0, plain.length);
            assertTrue(server.session.sendRtp(buf));
            assertArrayEquals(plain, peer.receivedRtp.poll(5, TimeUnit.SECONDS), "downlink packet " + seq);
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void iceDtlsSrtpEndToEndWithForcedProfile(SrtpProfile profile) throws Exception {
        TransportConfig config = TransportConfig.loopback().withSrtpProfiles(List.of(profile));
        TransportCounters counters = new TransportCounters();
        UdpMux mux = startMux(config, counters);
        ServerSession server = connect(config, mux);

        assertEquals(profile, server.connected.get());
        assertEquals(server.peer.localAddress(), server.session.selectedAddress());
        assertMediaFlowsBothWays(server, 20);

        byte[] up = "dcep open".getBytes(StandardCharsets.US_ASCII);
        assertTrue(server.peer.sendApplicationData(up));
        assertArrayEquals(up, server.appData.get(5, TimeUnit.SECONDS));
        byte[] down = "dcep ack".getBytes(StandardCharsets.US_ASCII);
        assertTrue(server.session.sendApplicationData(down, 0, down.length));
        assertArrayEquals(down, server.peer.appData.get(5, TimeUnit.SECONDS));

        TransportStats stats = counters.snapshot();
        assertEquals(1, stats.dtlsHandshakes());
        for (SrtpProfile p : SrtpProfile.values()) {
            assertEquals(p == profile ? 1 : 0, stats.srtpProfile(p), p.name());
        }
        assertEquals(1, stats.iceNominations());
        assertEquals(0, stats.totalDrops(), stats.drops().toString());
        assertEquals(1, mux.bufferPool().outstanding(), "only the reader's own receive buffer may be out");
    }

    /**
     * RFC 8445 §12.2: data is accepted on any valid pair. werift checks two host pairs, nominates one and sends DTLS on
     * the other; the DTLS must be accepted there and that pair selected (our replies go where the peer listens).
     */
    @Test
    void dtlsOnAValidButNotNominatedPairIsAcceptedAndSelectsIt() throws Exception {
        TransportConfig config = TransportConfig.loopback();
        TransportCounters counters = new TransportCounters();
        UdpMux mux = startMux(config, counters);
        InetSocketAddress serverAddress = new InetSocketAddress("127.0.0.1", mux.port());
        ClientPeer peer = closeLater(new ClientPeer(serverAddress));
        ServerSession server = new ServerSession(config, mux, peer.ice.ufrag(), peer);
        server.peer = peer;
        // The peer's other host candidate nominates its pair first...
        DatagramChannel other = closeLater(DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0)));
        byte[] out = new byte[256];
        int n = new StunClient(server.ufrag(), server.password(), peer.ice.ufrag())
                .writeBindingRequest(out, 0, StunClient.newTransactionId(), 1, true);
        other.send(ByteBuffer.wrap(out, 0, n), serverAddress);
        await(() -> other.socket().getLocalSocketAddress().equals(server.session.selectedAddress()), "nomination");
        // ...then the data pair is only checked (valid, not nominated) and carries DTLS and media.
        peer.connect(server.ufrag(), server.password(), SERVER_CERT.fingerprint(), config, dtlsExecutor, false);
        server.connected.get(10, TimeUnit.SECONDS);
        assertEquals(peer.localAddress(), server.session.selectedAddress());
        assertMediaFlowsBothWays(server, 5);
        assertEquals(0, counters.drops(DropReason.DTLS_UNKNOWN_ADDRESS));
    }

    @Test
    void badInputIsCountedAndDroppedAndTheOtherSessionIsUndisturbed() throws Exception {
        TransportConfig config = TransportConfig.loopback();
        TransportCounters counters = new TransportCounters();
        UdpMux mux = startMux(config, counters);
        ServerSession a = connect(config, mux);
        ServerSession b = connect(config, mux);
        InetSocketAddress serverAddress = new InetSocketAddress("127.0.0.1", mux.port());
        DatagramChannel stranger = closeLater(DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0)));

        // garbage: first byte outside every RFC 7983 range
        stranger.send(ByteBuffer.wrap(new byte[] {(byte) 0xFF, 1, 2, 3}), serverAddress);
        await(() -> counters.drops(DropReason.GARBAGE) == 1, "garbage drop");

        // STUN with a wrong MESSAGE-INTEGRITY for session A's ufrag
        byte[] out = new byte[256];
        int n = new StunClient(a.ufrag(), "wrongwrongwrongwrongwrong", a.peer.ice.ufrag())
                .writeBindingRequest(out, 0, StunClient.newTransactionId(), 1, true);
        stranger.send(ByteBuffer.wrap(out, 0, n), serverAddress);
        await(() -> counters.drops(DropReason.STUN_BAD_INTEGRITY) == 1, "bad integrity drop");

        // STUN for a ufrag no session has
        n = new StunClient("nobodyHere", a.password(), a.peer.ice.ufrag())
                .writeBindingRequest(out, 0, StunClient.newTransactionId(), 1, true);
        stranger.send(ByteBuffer.wrap(out, 0, n), serverAddress);
        await(() -> counters.drops(DropReason.STUN_UNKNOWN_UFRAG) == 1, "unknown ufrag drop");

        // DTLS and RTP from an address no session selected
        byte[] dtlsRecord = new byte[40];
        dtlsRecord[0] = 22;
        dtlsRecord[1] = (byte) 0xFE;
        dtlsRecord[2] = (byte) 0xFD;
        stranger.send(ByteBuffer.wrap(dtlsRecord), serverAddress);
        await(() -> counters.drops(DropReason.DTLS_UNKNOWN_ADDRESS) == 1, "dtls unknown address drop");
        byte[] rtp = SrtpContextTestData.rtp(1, 0x42, 100);
        stranger.send(ByteBuffer.wrap(rtp), serverAddress);
        await(() -> counters.drops(DropReason.RTP_UNKNOWN_ADDRESS) == 1, "rtp unknown address drop");

        // a replayed SRTP packet on session A
        byte[] plain = SrtpContextTestData.rtp(500, 0x7777, 200);
        byte[] wire = a.peer.sendRtp(plain);
        assertArrayEquals(plain, a.rtp.poll(5, TimeUnit.SECONDS));
        a.peer.send(wire, 0, wire.length);
        await(() -> counters.drops(DropReason.SRTP_REPLAY) == 1, "replay drop");
        assertEquals(0, a.rtp.size(), "the replay must not be delivered");

        // both sessions still work, and nothing else was dropped
        assertMediaFlowsBothWays(b, 10);
        assertMediaFlowsBothWays(a, 10);
        assertTrue(b.disconnected.getNow(null) == null);
        TransportStats stats = counters.snapshot();
        assertEquals(6, stats.totalDrops(), stats.drops().toString());
        assertEquals(2, stats.dtlsHandshakes());
        await(() -> mux.bufferPool().outstanding() == 1, "all buffers but the reader's released");
    }

    @Test
    void consentExpiresWhenTheClientStopsChecking() throws Exception {
        TransportConfig config = TransportConfig.loopback().withConsent(Duration.ofMillis(600), Duration.ofMillis(50));
        TransportCounters counters = new TransportCounters();
        UdpMux mux = startMux(config, counters);
        ServerSession server = connect(config, mux);
        assertTrue(server.peer.refreshConsent(server.ufrag(), server.password()));
        assertEquals(TransportSession.DisconnectReason.CONSENT_EXPIRED, server.disconnected.get(5, TimeUnit.SECONDS));
        assertEquals(1, counters.snapshot().consentExpiries());
        server.session.close();
        assertEquals(0, mux.routeCount());
    }

    @Test
    void iceTimeoutWhenTheClientNeverChecks() throws Exception {
        TransportConfig config = TransportConfig.loopback().withIceConnectTimeout(Duration.ofMillis(300));
        TransportCounters counters = new TransportCounters();
        UdpMux mux = startMux(config, counters);
        ClientPeer peer = closeLater(new ClientPeer(new InetSocketAddress("127.0.0.1", mux.port())));
        long start = System.nanoTime();
        ServerSession server = new ServerSession(config, mux, peer.ice.ufrag(), peer);
        assertEquals(TransportSession.DisconnectReason.ICE_TIMEOUT, server.disconnected.get(5, TimeUnit.SECONDS));
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(ms >= 300 && ms < 3_000, "ended after " + ms + " ms");
        assertEquals(0, server.session.iceSelectedNanos());
        assertEquals(0, counters.snapshot().consentExpiries(), "not a consent expiry");
    }

    @Test
    void dtlsTimeoutWhenTheClientChecksButNeverHandshakes() throws Exception {
        TransportConfig config = TransportConfig.loopback().withDtls(Duration.ofMillis(400), 1200);
        UdpMux mux = startMux(config, new TransportCounters());
        ClientPeer peer = closeLater(new ClientPeer(new InetSocketAddress("127.0.0.1", mux.port())));
        ServerSession server = new ServerSession(config, mux, peer.ice.ufrag(), peer);
        assertTrue(peer.refreshConsent(server.ufrag(), server.password()), "the check is answered");
        assertEquals(TransportSession.DisconnectReason.DTLS_TIMEOUT, server.disconnected.get(5, TimeUnit.SECONDS));
        assertTrue(server.session.iceSelectedNanos() != 0, "ICE selected");
        assertEquals(0, server.session.dtlsConnectedNanos());
    }

    @Test
    void muxRejectsDuplicateUfragAndClosesIdempotently() throws Exception {
        TransportConfig config = TransportConfig.loopback();
        UdpMux mux = startMux(config, new TransportCounters());
        assertTrue(mux.port() > 0);
        IceCredentials creds = IceCredentials.random();
        IceLiteAgent first = new IceLiteAgent(creds, Duration.ofSeconds(30), mux, System::nanoTime, NO_OP);
        IceLiteAgent second = new IceLiteAgent(creds, Duration.ofSeconds(30), mux, System::nanoTime, NO_OP);
        mux.registerAgent(first);
        mux.registerAgent(first);
        assertThrows(IllegalStateException.class, () -> mux.registerAgent(second));
        mux.unregisterAgent(first);
        mux.registerAgent(second);
        mux.close();
        mux.close();
        assertFalse(mux.send(new InetSocketAddress("127.0.0.1", 9), new byte[1], 0, 1));
    }

    private static final IceLiteAgent.Listener NO_OP = new IceLiteAgent.Listener() {
        @Override
        public void onSelected(InetSocketAddress remote) {}

        @Override
        public void onConsentExpired() {}
    };
}
