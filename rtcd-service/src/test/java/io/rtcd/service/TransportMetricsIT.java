package io.rtcd.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtcd.rtc.sfu.RtcConfig;
import io.rtcd.rtc.transport.ice.StunClient;
import java.io.DataOutputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Path;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The media transport's drop counters reach {@code /metrics}: garbage and unauthenticated STUN sent to the UDP port
 * and to the ICE-TCP port move {@code rtcd_rtc_transport_dropped_packets_total{reason}}, and the TCP listener counts
 * the connection.
 */
class TransportMetricsIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dataDir;

    @Test
    void garbageOnTheMediaPortsMovesTheDropCounters() throws Exception {
        try (RtcdHarness rtcd = RtcdHarness.start(
                RtcdHarness.config(dataDir).withRtc(RtcConfig.loopback().withTcp("127.0.0.1", 0)))) {
            URI metrics = rtcd.baseUri().resolve("/metrics");
            double garbageBefore = value(
                            scrape(metrics), "rtcd_rtc_transport_dropped_packets_total{reason=\"garbage\"}")
                    .orElseThrow(() -> new AssertionError("garbage drop counter exported"));
            assertEquals(0, garbageBefore);

            InetSocketAddress udp =
                    new InetSocketAddress("127.0.0.1", rtcd.service().rtcUdpPort());
            byte[] stun = new byte[256];
            int stunLen = new StunClient("nosuchuf", "serverpassword0123456789", "cliU")
                    .writeBindingRequest(stun, 0, StunClient.newTransactionId(), 1, true);
            try (DatagramChannel ch = DatagramChannel.open()) {
                ch.send(ByteBuffer.wrap(new byte[] {0x42, 1, 2, 3, 4, 5, 6, 7}), udp);
                ch.send(ByteBuffer.wrap(stun, 0, stunLen), udp);
            }

            int tcpPort = rtcd.service().rtcTcpPort();
            assertTrue(tcpPort > 0, "ICE-TCP is on");
            try (Socket s = new Socket("127.0.0.1", tcpPort)) {
                DataOutputStream out = new DataOutputStream(s.getOutputStream());
                out.writeShort(4);
                out.write(new byte[] {0x42, 0, 0, 0});
                out.writeShort(stunLen);
                out.write(stun, 0, stunLen);
                out.flush();
                awaitAtLeast(metrics, "rtcd_rtc_transport_dropped_packets_total{reason=\"garbage\"}", 2);
                awaitAtLeast(metrics, "rtcd_rtc_transport_dropped_packets_total{reason=\"stun_unknown_ufrag\"}", 2);
                awaitAtLeast(metrics, "rtcd_rtc_ice_tcp_connections_total{event=\"accepted\"}", 1);
                awaitAtLeast(metrics, "rtcd_rtc_ice_tcp_open_connections", 1);
                InputStream in = s.getInputStream();
                assertEquals(0, in.available(), "no answer to an unauthenticated check");
            }
            String text = scrape(metrics);
            assertTrue(
                    value(text, "rtcd_rtc_transport_packets_total{direction=\"in\"}")
                                    .orElseThrow()
                            >= 2,
                    text);
            assertEquals(0, value(text, "rtcd_rtc_stun_requests_total").orElseThrow());
            assertTrue(value(text, "rtcd_rtc_transport_dropped_packets_total{reason=\"srtp_auth_fail\"}")
                    .isPresent());
            assertTrue(value(text, "rtcd_rtc_dtls_handshakes_total{result=\"failed\"}")
                    .isPresent());
        }
    }

    private static void awaitAtLeast(URI metrics, String sample, double min) throws Exception {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (true) {
            OptionalDouble v = value(scrape(metrics), sample);
            if (v.isPresent() && v.getAsDouble() >= min) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(sample + " did not reach " + min + ": " + v);
            }
            Thread.sleep(20);
        }
    }

    private static String scrape(URI metrics) throws Exception {
        HttpResponse<String> r =
                HTTP.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        return r.body();
    }

    private static OptionalDouble value(String text, String sample) {
        return text.lines()
                .filter(l -> l.startsWith(sample + " "))
                .mapToDouble(
                        l -> Double.parseDouble(l.substring(sample.length() + 1).trim()))
                .findFirst();
    }
}
