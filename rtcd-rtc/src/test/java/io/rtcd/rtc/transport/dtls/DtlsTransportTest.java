package io.rtcd.rtc.transport.dtls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtcd.rtc.transport.TransportConfig;
import io.rtcd.rtc.transport.TransportCounters;
import io.rtcd.rtc.transport.srtp.SrtpKeys;
import io.rtcd.rtc.transport.srtp.SrtpProfile;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** DTLS server and client over an in-memory datagram pipe (no sockets). */
class DtlsTransportTest {
    private static final DtlsCertificate SERVER_CERT = DtlsCertificate.generate();
    private static final DtlsCertificate CLIENT_CERT = DtlsCertificate.generate();
    private static final ExecutorService EXECUTOR = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "dtls-test");
        t.setDaemon(true);
        return t;
    });

    @AfterAll
    static void shutdown() {
        EXECUTOR.shutdownNow();
    }

    /** Records one side's callbacks. */
    static final class Recorder implements DtlsTransport.Listener {
        final CompletableFuture<SrtpKeys> keys = new CompletableFuture<>();
        final CompletableFuture<Exception> failure = new CompletableFuture<>();
        final CompletableFuture<byte[]> appData = new CompletableFuture<>();

        @Override
        public void onHandshakeComplete(SrtpKeys k) {
            keys.complete(k);
        }

        @Override
        public void onApplicationData(byte[] buf, int off, int len) {
            appData.complete(Arrays.copyOfRange(buf, off, off + len));
        }

        @Override
        public void onFailed(Exception cause) {
            failure.complete(cause);
        }

        @Override
        public void onClosed() {}
    }

    /** A connected pair; the client's outgoing datagrams are recorded. */
    static final class Pair implements AutoCloseable {
        final DtlsTransport server;
        final DtlsTransport client;
        final Recorder serverEvents = new Recorder();
        final Recorder clientEvents = new Recorder();
        final List<byte[]> clientDatagrams = new ArrayList<>();

        Pair(TransportConfig config, DtlsFingerprint serverSeesClient, SrtpDtlsClient customClient) {
            TransportCounters counters = new TransportCounters();
            AtomicReference<DtlsTransport> serverRef = new AtomicReference<>();
            AtomicReference<DtlsTransport> clientRef = new AtomicReference<>();
            server = new DtlsTransport(
                    config,
                    SERVER_CERT,
                    DtlsRole.SERVER,
                    serverSeesClient,
                    (b, o, l) -> clientRef.get().offer(b, o, l),
                    EXECUTOR,
                    counters,
                    serverEvents);
            client = new DtlsTransport(
                    config,
                    CLIENT_CERT,
                    DtlsRole.CLIENT,
                    SERVER_CERT.fingerprint(),
                    (b, o, l) -> {
                        synchronized (clientDatagrams) {
                            clientDatagrams.add(Arrays.copyOfRange(b, o, o + l));
                        }
                        serverRef.get().offer(b, o, l);
                    },
                    EXECUTOR,
                    counters,
                    clientEvents,
                    customClient);
            serverRef.set(server);
            clientRef.set(client);
            server.start();
            client.start();
        }

        @Override
        public void close() {
            client.close();
            server.close();
        }
    }

    private static TransportConfig config(List<SrtpProfile> profiles, int sendLimit) {
        return TransportConfig.loopback().withSrtpProfiles(profiles).withDtls(Duration.ofSeconds(10), sendLimit);
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void handshakeNegotiatesForcedProfileAndBothSidesExportMatchingKeys(SrtpProfile profile) throws Exception {
        try (Pair pair = new Pair(config(List.of(profile), 1200), CLIENT_CERT.fingerprint(), null)) {
            SrtpKeys serverKeys = pair.serverEvents.keys.get(10, TimeUnit.SECONDS);
            SrtpKeys clientKeys = pair.clientEvents.keys.get(10, TimeUnit.SECONDS);
            assertEquals(profile, serverKeys.profile());
            assertEquals(profile, clientKeys.profile());
            assertArrayEquals(clientKeys.localKey(), serverKeys.remoteKey());
            assertArrayEquals(clientKeys.localSalt(), serverKeys.remoteSalt());
            assertArrayEquals(serverKeys.localKey(), clientKeys.remoteKey());
            assertEquals(DtlsTransport.State.CONNECTED, pair.server.state());
            assertEquals(profile, pair.server.srtpProfile());
        }
    }

    @Test
    void prefersGcmWhenBothOffered() throws Exception {
        TransportConfig both = config(List.of(SrtpProfile.AEAD_AES_128_GCM, SrtpProfile.AES128_CM_HMAC_SHA1_80), 1200);
        try (Pair pair = new Pair(both, CLIENT_CERT.fingerprint(), null)) {
            assertEquals(
                    SrtpProfile.AEAD_AES_128_GCM,
                    pair.serverEvents.keys.get(10, TimeUnit.SECONDS).profile());
        }
    }

    @Test
    void applicationDataFlowsBothWays() throws Exception {
        try (Pair pair =
                new Pair(config(List.of(SrtpProfile.AEAD_AES_128_GCM), 1200), CLIENT_CERT.fingerprint(), null)) {
            pair.serverEvents.keys.get(10, TimeUnit.SECONDS);
            pair.clientEvents.keys.get(10, TimeUnit.SECONDS);
            byte[] up = "sctp from client".getBytes(StandardCharsets.US_ASCII);
            assertTrue(pair.client.sendApplicationData(up, 0, up.length));
            assertArrayEquals(up, pair.serverEvents.appData.get(10, TimeUnit.SECONDS));
            byte[] down = "sctp from server".getBytes(StandardCharsets.US_ASCII);
            assertTrue(pair.server.sendApplicationData(down, 0, down.length));
            assertArrayEquals(down, pair.clientEvents.appData.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void wrongClientFingerprintFailsTheHandshake() throws Exception {
        DtlsFingerprint wrong = DtlsCertificate.generate().fingerprint();
        try (Pair pair = new Pair(config(List.of(SrtpProfile.AEAD_AES_128_GCM), 1200), wrong, null)) {
            assertNotNull(pair.serverEvents.failure.get(10, TimeUnit.SECONDS));
            assertNotNull(pair.clientEvents.failure.get(10, TimeUnit.SECONDS));
            assertEquals(DtlsTransport.State.FAILED, pair.server.state());
        }
    }

    @Test
    void fullInboundQueueIsACountedDrop() {
        TransportConfig small = new TransportConfig(
                "127.0.0.1",
                0,
                1 << 20,
                1500,
                64,
                Duration.ofSeconds(30),
                Duration.ofSeconds(1),
                Duration.ofSeconds(30),
                4,
                1200,
                List.of(SrtpProfile.AEAD_AES_128_GCM));
        TransportCounters counters = new TransportCounters();
        DtlsTransport server = new DtlsTransport(
                small,
                SERVER_CERT,
                DtlsRole.SERVER,
                CLIENT_CERT.fingerprint(),
                (b, o, l) -> {},
                EXECUTOR,
                counters,
                new Recorder());
        byte[] record = new byte[100];
        record[0] = 22;
        for (int i = 0; i < 4; i++) {
            assertTrue(server.offer(record, 0, record.length));
        }
        assertFalse(server.offer(record, 0, record.length));
        assertFalse(server.offer(new byte[2000], 0, 2000), "larger than the receive limit");
        assertEquals(2, counters.drops(io.rtcd.rtc.transport.DropReason.DTLS_QUEUE_FULL));
        server.close();
        assertFalse(server.offer(record, 0, record.length), "closed");
    }

    @Test
    void serverWithoutClientHelloFailsAfterHandshakeTimeout() throws Exception {
        TransportConfig cfg = TransportConfig.loopback().withDtls(Duration.ofMillis(300), 1200);
        Recorder events = new Recorder();
        TransportCounters counters = new TransportCounters();
        DtlsTransport server = new DtlsTransport(
                cfg,
                SERVER_CERT,
                DtlsRole.SERVER,
                CLIENT_CERT.fingerprint(),
                (b, o, l) -> {},
                EXECUTOR,
                counters,
                events);
        try {
            server.start();
            assertNotNull(events.failure.get(10, TimeUnit.SECONDS));
            assertEquals(DtlsTransport.State.FAILED, server.state());
            assertEquals(1, counters.snapshot().dtlsHandshakeFailures());
        } finally {
            server.close();
        }
    }

    /**
     * Chromium interop risk #1 (webrtc-test-peers.md §1.5): a ~1.4 KB ClientHello offering DTLS 1.3 + 1.2 with an
     * X25519MLKEM768 key share, fragmented over several datagrams, must be reassembled and negotiated down to 1.2.
     */
    @ParameterizedTest
    @ValueSource(ints = {1200, 700})
    void chromiumLikeFragmentedPostQuantumClientHelloCompletes(int sendLimit) throws Exception {
        TransportConfig cfg =
                config(List.of(SrtpProfile.AEAD_AES_128_GCM, SrtpProfile.AES128_CM_HMAC_SHA1_80), sendLimit);
        ChromiumLikeDtlsClient chromium =
                new ChromiumLikeDtlsClient(CLIENT_CERT, SERVER_CERT.fingerprint(), cfg.srtpProfiles());
        try (Pair pair = new Pair(cfg, CLIENT_CERT.fingerprint(), chromium)) {
            SrtpKeys serverKeys = pair.serverEvents.keys.get(10, TimeUnit.SECONDS);
            SrtpKeys clientKeys = pair.clientEvents.keys.get(10, TimeUnit.SECONDS);
            assertArrayEquals(clientKeys.localKey(), serverKeys.remoteKey());

            ClientHelloStats hello;
            synchronized (pair.clientDatagrams) {
                hello = ClientHelloStats.of(pair.clientDatagrams);
            }
            assertTrue(hello.totalLength() >= 1400, "ClientHello is " + hello.totalLength() + " bytes");
            assertTrue(hello.datagrams() >= 2, "ClientHello in " + hello.datagrams() + " datagrams");
            assertTrue(hello.maxDatagram() <= sendLimit, "datagram of " + hello.maxDatagram());
        }
    }

    /** Fragments of the first ClientHello (message_seq 0) found in a list of DTLS datagrams. */
    record ClientHelloStats(int totalLength, int datagrams, int maxDatagram) {
        static ClientHelloStats of(List<byte[]> datagrams) {
            int total = 0;
            int count = 0;
            int max = 0;
            for (byte[] d : datagrams) {
                boolean found = false;
                int pos = 0;
                while (pos + 13 <= d.length) {
                    int contentType = d[pos] & 0xFF;
                    int recordLength = ((d[pos + 11] & 0xFF) << 8) | (d[pos + 12] & 0xFF);
                    int body = pos + 13;
                    if (contentType == 22 && recordLength >= 12 && (d[body] & 0xFF) == 1) {
                        int messageSeq = ((d[body + 4] & 0xFF) << 8) | (d[body + 5] & 0xFF);
                        if (messageSeq == 0) {
                            total = ((d[body + 1] & 0xFF) << 16) | ((d[body + 2] & 0xFF) << 8) | (d[body + 3] & 0xFF);
                            found = true;
                        }
                    }
                    pos = body + recordLength;
                }
                if (found) {
                    count++;
                    max = Math.max(max, d.length);
                }
            }
            return new ClientHelloStats(total, count, max);
        }
    }
}
