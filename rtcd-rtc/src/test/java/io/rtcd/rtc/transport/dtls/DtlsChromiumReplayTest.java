package io.rtcd.rtc.transport.dtls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtcd.rtc.transport.TransportConfig;
import io.rtcd.rtc.transport.TransportCounters;
import io.rtcd.rtc.transport.srtp.SrtpKeys;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Replays the real Chromium 156 ClientHello captured in {@code transport/chromium-clienthello.hex} (two datagrams,
 * 1413-byte post-quantum hello offering DTLS 1.3 + 1.2) against our DTLS server, without sockets: the server must
 * reassemble it and answer with a DTLS 1.2 ServerHello selecting ECDHE-ECDSA-AES128-GCM, use_srtp AEAD_AES_128_GCM and
 * extended master secret.
 */
class DtlsChromiumReplayTest {
    private static final int HANDSHAKE = 22;
    private static final int CLIENT_HELLO = 1;
    private static final int SERVER_HELLO = 2;

    private final ExecutorService executor = Executors.newCachedThreadPool();

    @AfterEach
    void shutdown() {
        executor.shutdownNow();
    }

    static List<byte[]> capture() throws IOException {
        List<byte[]> datagrams = new ArrayList<>();
        try (InputStream in = DtlsChromiumReplayTest.class.getResourceAsStream("/transport/chromium-clienthello.hex")) {
            assertNotNull(in, "capture resource missing");
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    datagrams.add(HexFormat.of().parseHex(line.trim()));
                }
            }
        }
        return datagrams;
    }

    @Test
    void captureIsTheFragmentedPostQuantumHello() throws IOException {
        List<byte[]> datagrams = capture();
        assertEquals(2, datagrams.size());
        int total = 0;
        for (byte[] d : datagrams) {
            assertEquals(HANDSHAKE, d[0] & 0xFF);
            assertEquals(CLIENT_HELLO, d[13] & 0xFF);
            total += u24(d, 13 + 9); // fragment_length
            assertEquals(1413, u24(d, 13 + 1)); // message length
        }
        assertEquals(1413, total);
        String hex = HexFormat.of().formatHex(datagrams.get(0)) + HexFormat.of().formatHex(datagrams.get(1));
        assertTrue(hex.contains("002b000504fefcfefd"), "supported_versions DTLS 1.3, 1.2");
        assertTrue(hex.contains("11ec04c0"), "X25519MLKEM768 key share of 1216 bytes");
    }

    @Test
    void serverReassemblesRealChromiumHelloAndAnswersDtls12() throws Exception {
        List<byte[]> sent = new ArrayList<>();
        DtlsTransport server = new DtlsTransport(
                TransportConfig.loopback(),
                DtlsCertificate.generate(),
                DtlsRole.SERVER,
                DtlsCertificate.generate().fingerprint(),
                (b, o, l) -> {
                    synchronized (sent) {
                        sent.add(java.util.Arrays.copyOfRange(b, o, o + l));
                    }
                },
                executor,
                new TransportCounters(),
                new DtlsTransport.Listener() {
                    @Override
                    public void onHandshakeComplete(SrtpKeys keys) {}

                    @Override
                    public void onApplicationData(byte[] buf, int off, int len) {}

                    @Override
                    public void onFailed(Exception cause) {}

                    @Override
                    public void onClosed() {}
                });
        try {
            server.start();
            for (byte[] d : capture()) {
                assertTrue(server.offer(d, 0, d.length));
            }
            byte[] serverHello = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (serverHello == null && System.nanoTime() < deadline) {
                synchronized (sent) {
                    serverHello = findHandshake(sent, SERVER_HELLO);
                }
                if (serverHello == null) {
                    Thread.sleep(5);
                }
            }
            assertNotNull(serverHello, "no ServerHello: ClientHello not reassembled or rejected");
            assertEquals(0xFEFD, u16(serverHello, 0), "server_version DTLS 1.2");
            int p = 2 + 32;
            p += 1 + (serverHello[p] & 0xFF); // session id
            assertEquals(0xC02B, u16(serverHello, p), "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
            p += 2 + 1; // cipher suite, compression
            int end = p + 2 + u16(serverHello, p);
            p += 2;
            boolean useSrtpGcm = false;
            boolean ems = false;
            while (p + 4 <= end) {
                int type = u16(serverHello, p);
                int len = u16(serverHello, p + 2);
                if (type == 14) {
                    useSrtpGcm = len >= 5 && u16(serverHello, p + 4) == 2 && u16(serverHello, p + 6) == 0x0007;
                }
                ems |= type == 23;
                assertTrue(type != 43, "no supported_versions in a DTLS 1.2 ServerHello");
                p += 4 + len;
            }
            assertTrue(useSrtpGcm, "use_srtp selects SRTP_AEAD_AES_128_GCM");
            assertTrue(ems, "extended_master_secret negotiated");
        } finally {
            server.close();
        }
    }

    /** Body of the first handshake message of {@code type} found in the records of {@code datagrams}. */
    private static byte[] findHandshake(List<byte[]> datagrams, int type) {
        for (byte[] d : datagrams) {
            int pos = 0;
            while (pos + 13 <= d.length) {
                int recordLength = u16(d, pos + 11);
                int body = pos + 13;
                if ((d[pos] & 0xFF) == HANDSHAKE && recordLength >= 12 && (d[body] & 0xFF) == type) {
                    int fragmentLength = u24(d, body + 9);
                    return java.util.Arrays.copyOfRange(d, body + 12, body + 12 + fragmentLength);
                }
                pos = body + recordLength;
            }
        }
        return null;
    }

    private static int u16(byte[] b, int off) {
        return ((b[off] & 0xFF) << 8) | (b[off + 1] & 0xFF);
    }

    private static int u24(byte[] b, int off) {
        return ((b[off] & 0xFF) << 16) | ((b[off + 1] & 0xFF) << 8) | (b[off + 2] & 0xFF);
    }
}
