package io.rtcd.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Smoke test of the load tool against a real {@code rtcd serve} process (the shaded {@code cli/target/rtcd.jar},
 * built earlier in the reactor; skipped when absent, e.g. {@code -pl rtcd-bench} alone): 1 → 2 through the browser
 * face for a 2 s window. Asserts exact delivery and sane fields, so CI keeps the tool working.
 */
class ServerLoadIT {
    @Test
    void oneToTwoDeliversEveryStampedPacket() throws Exception {
        Path jar = Path.of(System.getProperty("rtcd.bench.server.jar", "../cli/target/rtcd.jar"));
        Assumptions.assumeTrue(Files.isRegularFile(jar), "no server jar at " + jar.toAbsolutePath());
        LoadOptions o = LoadOptions.parse(new String[] {
            "subscribers=2", "steady=2", "settle=0", "warmup=1", "jar=" + jar, "out=target/it-load/1to2", "timeout=90"
        });
        ServerLoad.Result r = new ServerLoad(o).run();
        JsonNode j = RealtimeSignal.JSON.readTree(r.json());

        assertEquals(0, r.report().joinFailures(), r.json());
        assertTrue(r.report().expected() >= 2 * 50, r.json()); // two listeners, ~2 s at 50 pps
        assertEquals(0, r.report().lost(), r.json());
        assertEquals(0, j.path("malformed").asLong(), r.json());
        assertEquals(0, j.path("srtp_failures").asLong(), r.json());
        assertEquals(0, j.path("reader_errors").asLong(), r.json());
        assertTrue(r.report().forwarded() >= r.report().expected() * 9 / 10, r.json());
        assertTrue(r.report().serverCpuSeconds() > 0, r.json());
        assertTrue(j.path("latency_ms").path("p50").asDouble() > 0, r.json());
        assertTrue(r.report().joinP50Micros() > 0, r.json());
        assertTrue(j.path("server").path("rss_end_mib").asDouble() > 10, r.json());
        assertTrue(j.path("server").path("heap_live_end_mib").asLong() > 0, r.json());
        assertTrue(j.path("server").path("gc").has("max_ms"), r.json());
        assertTrue(j.path("udp").has("RcvbufErrors"), r.json());
        assertTrue(j.path("rtcp_received").asLong() > 0, "the SFU's sender reports reach the listeners: " + r.json());
        assertFalse(r.summary().isEmpty());
    }

    /**
     * The peers as real receivers against a real server: with 2 % of the received video dropped, their NACKs reach
     * the server and are answered from its history (0 loss after repair), and their receiver reports and REMBs are
     * counted by the server ({@code rtcd_rtc_rtcp_received_total}).
     */
    @Test
    void receiversSendReportsAndNacksThatTheServerCountsAndAnswers() throws Exception {
        Path jar = Path.of(System.getProperty("rtcd.bench.server.jar", "../cli/target/rtcd.jar"));
        Assumptions.assumeTrue(Files.isRegularFile(jar), "no server jar at " + jar.toAbsolutePath());
        LoadOptions o = LoadOptions.parse(new String[] {
            "subscribers=2",
            "video=true",
            "steady=3",
            "settle=0",
            "warmup=1",
            "rx_loss=20",
            "rtcp_interval_ms=500",
            "jar=" + jar,
            "out=target/it-load/1to2-rtcp",
            "timeout=90"
        });
        ServerLoad.Result r = new ServerLoad(o).run();
        JsonNode j = RealtimeSignal.JSON.readTree(r.json());
        JsonNode rtcp = j.path("receiver_rtcp");
        JsonNode server = rtcp.path("server_window");

        assertEquals(0, r.report().joinFailures(), r.json());
        assertTrue(rtcp.path("simulated_lost").asLong() > 0, r.json());
        assertTrue(rtcp.path("reports").asLong() > 0, r.json());
        assertTrue(rtcp.path("nack_packets").asLong() > 0, r.json());
        assertTrue(rtcp.path("rembs").asLong() > 0, r.json());
        assertEquals(0, rtcp.path("send_failures").asLong(), r.json());
        assertTrue(server.path("rr").asLong() > 0, "the server counts the receiver reports: " + r.json());
        assertTrue(server.path("sdes").asLong() > 0, r.json());
        assertTrue(server.path("remb").asLong() > 0, r.json());
        assertTrue(server.path("nack").asLong() > 0, "the server counts the NACKs: " + r.json());
        assertTrue(server.path("nack_requested").asLong() > 0, r.json());
        assertTrue(server.path("nack_retransmitted").asLong() > 0, "answered from the history: " + r.json());
        assertEquals(0, r.report().lost(), "every dropped packet repaired by a retransmission: " + r.json());
        assertEquals(0, j.path("reader_errors").asLong(), r.json());
        assertEquals(0, j.path("malformed").asLong(), r.json());
    }

    /**
     * The {@code /ws} face as a plugin drives it (a registered client, Basic auth, {@code join}/{@code rtc}/{@code
     * leave}): one backend socket per session, and every session on one socket. 1 -> 2 for a 2 s window.
     */
    @ParameterizedTest
    @ValueSource(strings = {"ws", "ws_mux"})
    void wsFaceDeliversEveryStampedPacket(String face) throws Exception {
        Path jar = Path.of(System.getProperty("rtcd.bench.server.jar", "../cli/target/rtcd.jar"));
        Assumptions.assumeTrue(Files.isRegularFile(jar), "no server jar at " + jar.toAbsolutePath());
        LoadOptions o = LoadOptions.parse(new String[] {
            "subscribers=2",
            "face=" + face,
            "steady=2",
            "settle=0",
            "warmup=1",
            "join_rate=10",
            "jar=" + jar,
            "out=target/it-load/1to2-" + face,
            "timeout=90"
        });
        ServerLoad.Result r = new ServerLoad(o).run();
        JsonNode j = RealtimeSignal.JSON.readTree(r.json());

        assertEquals(face, j.path("face").asText());
        assertEquals(0, r.report().joinFailures(), r.json());
        assertTrue(r.report().expected() >= 2 * 50, r.json());
        assertEquals(0, r.report().lost(), r.json());
        assertEquals(0, j.path("srtp_failures").asLong(), r.json());
        assertTrue(r.report().forwarded() >= r.report().expected() * 9 / 10, r.json());
        assertTrue(r.report().joinP50Micros() > 0, r.json());
    }
}
