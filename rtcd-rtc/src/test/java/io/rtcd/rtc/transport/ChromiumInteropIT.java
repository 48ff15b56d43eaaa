package io.rtcd.rtc.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.rtcd.rtc.transport.dtls.DtlsCertificate;
import io.rtcd.rtc.transport.dtls.DtlsFingerprint;
import io.rtcd.rtc.transport.dtls.DtlsRole;
import io.rtcd.rtc.transport.ice.IceCredentials;
import io.rtcd.rtc.transport.srtp.SrtpProfile;
import io.rtcd.rtc.transport.udp.UdpBuffer;
import io.rtcd.rtc.transport.udp.UdpMux;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real-browser interop, opt-in because it needs Debian's Chromium: {@code -Drtcd.it.chromium=/usr/bin/chromium}.
 * Headless Chromium offers audio (fake microphone); we answer ICE-lite + {@code setup:passive} pointing at a UDP relay
 * in front of the {@link UdpMux}. The test passes when ICE, DTLS (Chromium's DTLS 1.3 + 1.2 post-quantum ClientHello,
 * negotiated down to 1.2) and SRTP all work: Opus packets from Chromium are decrypted. The relay records Chromium's
 * DTLS datagrams; with {@code -Drtcd.it.capture=<file>} the ClientHello datagrams are written there as hex, one
 * datagram per line (that is how {@code transport/chromium-clienthello.hex} was made).
 */
@EnabledIfSystemProperty(named = "rtcd.it.chromium", matches = ".+")
class ChromiumInteropIT {
    private static final Logger LOG = LoggerFactory.getLogger(ChromiumInteropIT.class);

    private static final String PAGE = """
            <!doctype html><html><body><script>
            (async () => {
              const log = (m) => fetch('/log', {method: 'POST', body: String(m)});
              try {
                const pc = new RTCPeerConnection({iceServers: []});
                const stream = await navigator.mediaDevices.getUserMedia({audio: true});
                stream.getTracks().forEach(t => pc.addTrack(t, stream));
                pc.createDataChannel('rtcd');
                pc.onconnectionstatechange = () => log('connectionState ' + pc.connectionState);
                await pc.setLocalDescription(await pc.createOffer());
                const r = await fetch('/offer', {method: 'POST', body: pc.localDescription.sdp});
                await pc.setRemoteDescription({type: 'answer', sdp: await r.text()});
              } catch (e) { log('error ' + e); }
            })();
            </script></body></html>
            """;

    /**
     * Both SRTP profiles with Chromium's default post-quantum ClientHello (X25519MLKEM768 key share, ~1.4 KB in two
     * fragments), and GCM once more with {@code --disable-features=WebRtcPqcForDtls} (x25519 only, one small
     * datagram): both are what browsers send in the wild (webrtc-test-peers.md §1.5).
     */
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(SrtpProfile.AEAD_AES_128_GCM, true),
                Arguments.of(SrtpProfile.AES128_CM_HMAC_SHA1_80, true),
                Arguments.of(SrtpProfile.AEAD_AES_128_GCM, false));
    }

    @ParameterizedTest(name = "{0}, post-quantum ClientHello: {1}")
    @MethodSource("cases")
    void chromiumConnectsIceDtlsAndSrtp(SrtpProfile forced, boolean postQuantum) throws Exception {
        TransportConfig config = TransportConfig.loopback().withSrtpProfiles(List.of(forced));
        TransportCounters counters = new TransportCounters();
        DtlsCertificate certificate = DtlsCertificate.generate();
        ExecutorService dtlsExecutor = Executors.newCachedThreadPool();
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        IceCredentials ice = IceCredentials.random();
        CompletableFuture<SrtpProfile> connected = new CompletableFuture<>();
        AtomicInteger decrypted = new AtomicInteger();
        CompletableFuture<byte[]> sctp = new CompletableFuture<>();
        CompletableFuture<TransportSession> sessionRef = new CompletableFuture<>();
        List<byte[]> chromiumDtls = new ArrayList<>();
        Path profileDir = Files.createTempDirectory("rtcd-chromium");
        Process chromium = null;

        try (UdpMux mux = new UdpMux(config, counters);
                DatagramChannel relay = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
                DatagramChannel upstream = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            mux.start();
            int relayPort = ((InetSocketAddress) relay.getLocalAddress()).getPort();
            Thread relayThread = startRelay(relay, upstream, mux.localAddress(), chromiumDtls);

            HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            http.createContext("/", ex -> respond(ex, "text/html", PAGE));
            http.createContext("/log", ex -> {
                LOG.info("chromium: {}", new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                respond(ex, "text/plain", "");
            });
            http.createContext("/offer", ex -> {
                String offer = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                TransportSession session = new TransportSession(
                        config,
                        mux,
                        certificate,
                        ice,
                        sdpValue(offer, "a=ice-ufrag:"),
                        DtlsFingerprint.parse(sdpValue(offer, "a=fingerprint:")),
                        DtlsRole.forRemoteSetup(sdpValue(offer, "a=setup:")),
                        dtlsExecutor,
                        scheduler,
                        new TransportSession.Listener() {
                            @Override
                            public void onConnected(SrtpProfile profile) {
                                connected.complete(profile);
                            }

                            @Override
                            public void onMedia(UdpBuffer packet) {
                                try {
                                    if (sessionRef.join().unprotect(packet)) {
                                        decrypted.incrementAndGet();
                                    }
                                } finally {
                                    packet.release();
                                }
                            }

                            @Override
                            public void onApplicationData(byte[] buf, int off, int len) {
                                sctp.complete(java.util.Arrays.copyOfRange(buf, off, off + len));
                            }

                            @Override
                            public void onDisconnected(TransportSession.DisconnectReason reason) {
                                connected.completeExceptionally(new IllegalStateException(reason.name()));
                            }
                        });
                session.start();
                sessionRef.complete(session);
                respond(ex, "application/sdp", answer(offer, ice, certificate, relayPort));
            });
            http.start();
            try {
                chromium = new ProcessBuilder(
                                System.getProperty("rtcd.it.chromium"),
                                "--headless",
                                "--no-sandbox",
                                "--disable-gpu",
                                "--no-first-run",
                                "--disable-background-networking",
                                "--disable-component-update",
                                "--disable-sync",
                                "--use-fake-device-for-media-stream",
                                "--use-fake-ui-for-media-stream",
                                "--allow-loopback-in-peer-connection",
                                postQuantum
                                        ? "--enable-features=WebRtcPqcForDtls"
                                        : "--disable-features=WebRtcPqcForDtls",
                                "--user-data-dir=" + profileDir,
                                "http://127.0.0.1:" + http.getAddress().getPort() + "/")
                        .redirectErrorStream(true)
                        .redirectOutput(profileDir.resolve("chromium.log").toFile())
                        .start();

                SrtpProfile profile = connected.get(30, TimeUnit.SECONDS);
                LOG.info("Chromium connected, SRTP profile {}", profile);
                assertEquals(forced, profile);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
                while (decrypted.get() < 10 && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertTrue(decrypted.get() >= 10, "decrypted SRTP packets from Chromium: " + decrypted.get());
                assertEquals(0, counters.drops(DropReason.SRTP_AUTH_FAIL));
                // DTLS application data: Chromium's SCTP INIT (RFC 9260 common header, ports 5000 -> 5000)
                byte[] init = sctp.get(10, TimeUnit.SECONDS);
                assertEquals("13881388", HexFormat.of().formatHex(init, 0, 4));
                assertEquals(1, init[12], "first chunk is INIT");
                int helloLength = clientHelloLength(chromiumDtls);
                if (postQuantum) {
                    assertTrue(helloLength > 1200, "post-quantum ClientHello, fragmented: " + helloLength + " bytes");
                } else {
                    assertTrue(helloLength < 600, "classic ClientHello: " + helloLength + " bytes");
                }
                writeCapture(chromiumDtls);
            } finally {
                http.stop(0);
                if (chromium != null) {
                    chromium.descendants().forEach(ProcessHandle::destroyForcibly);
                    chromium.destroyForcibly();
                    chromium.waitFor(10, TimeUnit.SECONDS);
                }
                sessionRef.thenAccept(TransportSession::close);
                relayThread.interrupt();
            }
        } finally {
            dtlsExecutor.shutdownNow();
            scheduler.shutdownNow();
            deleteRecursively(profileDir);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (java.io.UncheckedIOException e) {
            LOG.debug("could not delete {}", dir, e);
        }
    }

    /** Relays Chromium <-> mux and records every DTLS datagram Chromium sends. */
    private static Thread startRelay(
            DatagramChannel relay, DatagramChannel upstream, InetSocketAddress mux, List<byte[]> dtls) {
        InetSocketAddress[] browser = new InetSocketAddress[1];
        Thread up = new Thread(
                () -> {
                    ByteBuffer bb = ByteBuffer.allocate(2048);
                    try {
                        while (true) {
                            bb.clear();
                            browser[0] = (InetSocketAddress) relay.receive(bb);
                            bb.flip();
                            if (bb.remaining() > 0 && PacketKind.classify(bb.get(0)) == PacketKind.DTLS) {
                                byte[] copy = new byte[bb.remaining()];
                                bb.duplicate().get(copy);
                                synchronized (dtls) {
                                    dtls.add(copy);
                                }
                            }
                            upstream.send(bb, mux);
                        }
                    } catch (IOException e) {
                        // channel closed: test over
                    }
                },
                "relay-up");
        Thread down = new Thread(
                () -> {
                    ByteBuffer bb = ByteBuffer.allocate(2048);
                    try {
                        while (true) {
                            bb.clear();
                            upstream.receive(bb);
                            bb.flip();
                            if (browser[0] != null) {
                                relay.send(bb, browser[0]);
                            }
                        }
                    } catch (IOException e) {
                        // channel closed: test over
                    }
                },
                "relay-down");
        up.setDaemon(true);
        down.setDaemon(true);
        up.start();
        down.start();
        return up;
    }

    private static void writeCapture(List<byte[]> dtls) throws IOException {
        String target = System.getProperty("rtcd.it.capture");
        if (target == null || target.isBlank()) {
            return;
        }
        StringBuilder sb = new StringBuilder();
        sb.append("# Chromium ClientHello datagrams captured by ChromiumInteropIT (one datagram per line, hex)\n");
        synchronized (dtls) {
            for (byte[] d : dtls) {
                // handshake record (22) carrying client_hello (1)
                if (d.length > 25 && d[0] == 22 && d[13] == 1) {
                    sb.append(HexFormat.of().formatHex(d)).append('\n');
                }
            }
        }
        Files.writeString(Path.of(target), sb.toString());
        LOG.info("wrote Chromium ClientHello capture to {}", target);
    }

    private static String sdpValue(String sdp, String prefix) {
        for (String line : sdp.split("\r?\n")) {
            if (line.startsWith(prefix)) {
                return line.substring(prefix.length()).trim();
            }
        }
        throw new IllegalArgumentException("offer has no " + prefix);
    }

    /**
     * A minimal ICE-lite answer: recvonly Opus for the audio m-line, a data-channel m-line, BUNDLE, our relay as the
     * only candidate.
     */
    private static String answer(String offer, IceCredentials ice, DtlsCertificate cert, int port) {
        List<String> kinds = new ArrayList<>();
        List<String> mids = new ArrayList<>();
        for (String line : offer.split("\r?\n")) {
            if (line.startsWith("m=")) {
                kinds.add(line.substring(2, line.indexOf(' ')));
            } else if (line.startsWith("a=mid:")) {
                mids.add(line.substring(6).trim());
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append("v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n");
        sb.append("a=group:BUNDLE ").append(String.join(" ", mids)).append("\r\na=ice-lite\r\n");
        for (int i = 0; i < kinds.size(); i++) {
            if (kinds.get(i).equals("audio")) {
                sb.append("m=audio ").append(port).append(" UDP/TLS/RTP/SAVPF 111\r\n");
            } else {
                sb.append("m=application ").append(port).append(" UDP/DTLS/SCTP webrtc-datachannel\r\n");
            }
            sb.append("c=IN IP4 127.0.0.1\r\n");
            sb.append("a=ice-ufrag:").append(ice.ufrag()).append("\r\n");
            sb.append("a=ice-pwd:").append(ice.password()).append("\r\n");
            sb.append("a=fingerprint:").append(cert.fingerprint()).append("\r\n");
            sb.append("a=setup:passive\r\n");
            sb.append("a=mid:").append(mids.get(i)).append("\r\n");
            if (kinds.get(i).equals("audio")) {
                sb.append("a=recvonly\r\na=rtcp-mux\r\na=rtpmap:111 opus/48000/2\r\n");
                sb.append("a=fmtp:111 minptime=10;useinbandfec=1\r\n");
            } else {
                sb.append("a=sctp-port:5000\r\na=max-message-size:262144\r\n");
            }
            sb.append("a=candidate:1 1 udp 2130706431 127.0.0.1 ").append(port).append(" typ host\r\n");
            sb.append("a=end-of-candidates\r\n");
        }
        return sb.toString();
    }

    private static void respond(HttpExchange ex, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(200, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            ex.getResponseBody().write(bytes);
        }
        ex.close();
    }

    /**
     * The total length of Chromium's ClientHello, from the first DTLS handshake record it sent (RFC 6347 §4.2.2:
     * record header 13 bytes, then msg_type 1 = client_hello and a 24-bit length).
     */
    private static int clientHelloLength(List<byte[]> datagrams) {
        synchronized (datagrams) {
            for (byte[] d : datagrams) {
                if (d.length > 25 && d[0] == 22 && d[13] == 1) {
                    return ((d[14] & 0xFF) << 16) | ((d[15] & 0xFF) << 8) | (d[16] & 0xFF);
                }
            }
        }
        throw new AssertionError("no ClientHello among Chromium's " + datagrams.size() + " DTLS datagrams");
    }
}
