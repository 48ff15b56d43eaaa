package io.rtcd.rtc.transport.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.rtcd.rtc.transport.DropReason;
import io.rtcd.rtc.transport.TransportConfig;
import io.rtcd.rtc.transport.TransportCounters;
import io.rtcd.rtc.transport.TransportSession;
import io.rtcd.rtc.transport.dtls.DtlsCertificate;
import io.rtcd.rtc.transport.dtls.DtlsFingerprint;
import io.rtcd.rtc.transport.dtls.DtlsRole;
import io.rtcd.rtc.transport.ice.IceCredentials;
import io.rtcd.rtc.transport.srtp.SrtpProfile;
import io.rtcd.rtc.transport.udp.UdpBuffer;
import io.rtcd.rtc.transport.udp.UdpMux;
import java.io.IOException;
import java.net.InetSocketAddress;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chromium over ICE-TCP only, opt-in ({@code -Drtcd.it.chromium=/usr/bin/chromium}): the answer's only candidate is
 * our passive TCP candidate (RFC 6544), so headless Chromium must connect with an active TCP candidate and run STUN,
 * DTLS (its post-quantum ClientHello, fragmented), SRTP and SCTP over RFC 4571 frames. Passes when Opus from
 * Chromium is decrypted, SCTP INIT arrives, and the session's selected path is the TCP connection.
 */
@EnabledIfSystemProperty(named = "rtcd.it.chromium", matches = ".+")
class ChromiumTcpInteropIT {
    private static final Logger LOG = LoggerFactory.getLogger(ChromiumTcpInteropIT.class);

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

    @Test
    void chromiumConnectsOverIceTcpOnly() throws Exception {
        TransportConfig config = TransportConfig.loopback();
        TransportCounters counters = new TransportCounters();
        DtlsCertificate certificate = DtlsCertificate.generate();
        ExecutorService dtlsExecutor = Executors.newCachedThreadPool();
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        IceCredentials ice = IceCredentials.random();
        CompletableFuture<SrtpProfile> connected = new CompletableFuture<>();
        AtomicInteger decrypted = new AtomicInteger();
        CompletableFuture<byte[]> sctp = new CompletableFuture<>();
        CompletableFuture<TransportSession> sessionRef = new CompletableFuture<>();
        Path profileDir = Files.createTempDirectory("rtcd-chromium-tcp");
        Process chromium = null;

        try (UdpMux mux = new UdpMux(config, counters);
                TcpMux tcp = new TcpMux(TcpMuxConfig.defaults().withBind("127.0.0.1", 0), counters, mux.bufferPool())) {
            mux.start();
            tcp.start();
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
                        tcp,
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
                respond(ex, "application/sdp", answer(offer, ice, certificate, tcp.port()));
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
                                "--user-data-dir=" + profileDir,
                                "http://127.0.0.1:" + http.getAddress().getPort() + "/")
                        .redirectErrorStream(true)
                        .redirectOutput(profileDir.resolve("chromium.log").toFile())
                        .start();

                SrtpProfile profile = connected.get(30, TimeUnit.SECONDS);
                LOG.info("Chromium connected over ICE-TCP, SRTP profile {}", profile);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
                while (decrypted.get() < 10 && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertTrue(decrypted.get() >= 10, "decrypted SRTP packets from Chromium: " + decrypted.get());
                assertEquals(0, counters.drops(DropReason.SRTP_AUTH_FAIL));
                byte[] init = sctp.get(10, TimeUnit.SECONDS);
                assertEquals("13881388", HexFormat.of().formatHex(init, 0, 4), "SCTP common header, ports 5000");
                TransportSession session = sessionRef.join();
                assertTrue(session.selectedOverTcp(), "the selected path is the TCP connection");
                TcpStats stats = tcp.stats();
                // Chromium may open one connection per local candidate (and pair); each authenticated on its own
                assertTrue(stats.authenticated() >= 1, stats.toString());
                assertTrue(stats.rxFrames() > 10 && stats.txFrames() > 2, stats.toString());
                assertEquals(0, counters.snapshot().rxPackets(), "nothing arrived over UDP");
            } finally {
                http.stop(0);
                if (chromium != null) {
                    chromium.descendants().forEach(ProcessHandle::destroyForcibly);
                    chromium.destroyForcibly();
                    chromium.waitFor(10, TimeUnit.SECONDS);
                }
                sessionRef.thenAccept(TransportSession::close);
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

    private static String sdpValue(String sdp, String prefix) {
        for (String line : sdp.split("\r?\n")) {
            if (line.startsWith(prefix)) {
                return line.substring(prefix.length()).trim();
            }
        }
        throw new IllegalArgumentException("offer has no " + prefix);
    }

    /** A minimal ICE-lite answer whose only candidate is the passive TCP one. */
    private static String answer(String offer, IceCredentials ice, DtlsCertificate cert, int tcpPort) {
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
        sb.append("v=0\r\no=- 4611731400430051337 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n");
        sb.append("a=group:BUNDLE ").append(String.join(" ", mids)).append("\r\na=ice-lite\r\n");
        for (int i = 0; i < kinds.size(); i++) {
            if (kinds.get(i).equals("audio")) {
                sb.append("m=audio 9 UDP/TLS/RTP/SAVPF 111\r\n");
            } else {
                sb.append("m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\n");
            }
            sb.append("c=IN IP4 0.0.0.0\r\n");
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
            sb.append("a=candidate:1 1 tcp 1520435199 127.0.0.1 ")
                    .append(tcpPort)
                    .append(" typ host tcptype passive\r\n");
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
}
