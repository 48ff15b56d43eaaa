package io.rtcd.service.realtime;

import static io.rtcd.service.realtime.RealtimeTestSupport.KEY;
import static io.rtcd.service.realtime.RealtimeTestSupport.gauge;
import static io.rtcd.service.realtime.RealtimeTestSupport.mintToken;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rtcd.service.RtcdHarness;
import io.rtcd.service.config.RealtimeSocketConfig;
import io.rtcd.ws.guard.GuardConfig;
import io.rtcd.ws.realtime.TextWsConfig;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Data-channel benchmark (a report, not a timed assertion; docs/performance.md "Data channels"): headless Chromium's
 * {@code /dctest.html?mode=bench} sends {@code mib} MiB in 64 KiB messages on a reliable ordered {@code rtcd-echo}
 * channel with protocol {@code discard} (the SFU receives and drops them), then measures round trips of 64-byte text
 * messages on the echo channel and on the WebSocket (an unknown message type answered with an error). This JVM runs
 * the SFU: its process CPU time over the transfer, divided by the MiB, is the SFU's cost per MiB (UDP receive, DTLS
 * decrypt, SCTP reassembly and SACKs; the test's own threads are idle meanwhile). Opt-in:
 * {@code -Drtcd.it.chromium=/usr/bin/chromium -Drtcd.it.dcbench=true [-Drtcd.it.dcbench.mib=32]}; the figures are
 * logged at INFO and written to {@code target/dcbench.json}.
 */
@EnabledIfSystemProperty(named = "rtcd.it.chromium", matches = ".+")
@EnabledIfSystemProperty(named = "rtcd.it.dcbench", matches = "true")
class DataChannelBenchIT {
    private static final Logger LOG = LoggerFactory.getLogger(DataChannelBenchIT.class);

    @TempDir
    Path dataDir;

    @Test
    void chromiumToSfuThroughputCpuAndRoundTrips() throws Exception {
        int mib = Integer.getInteger("rtcd.it.dcbench.mib", 32);
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        // The WebSocket round trips are probes every ~10 ms, over the browser face's default 32 messages/s: unlimited.
        GuardConfig unlimitedMessages =
                new GuardConfig(128, 0, 1, 1, List.of(), GuardConfig.DEFAULT_MAX_TRACKED_ADDRESSES);
        try (RtcdHarness rtcd = RtcdHarness.start(RtcdHarness.config(dataDir)
                .withRealtimeSocket(new RealtimeSocketConfig(TextWsConfig.defaults(), unlimitedMessages)))) {
            rtcd.admin().register("dc-bench", KEY);
            String token = mintToken(rtcd.baseUri(), "dc-bench", "dc-bench", "bench");
            long cpuStart = -1;
            long cpuEnd = -1;
            JsonNode s;
            try (ChromiumPage page = ChromiumPage.launch(
                    "bench", rtcd.baseUri() + "/dctest.html?mode=bench&mib=" + mib + "&token=" + token, dataDir)) {
                long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
                while (true) {
                    s = page.stats.get();
                    String phase = s == null ? "" : s.path("phase").asText("");
                    if (cpuStart < 0 && phase.equals("tp-start")) {
                        cpuStart = os.getProcessCpuTime();
                    }
                    if (cpuStart >= 0 && cpuEnd < 0 && phase.equals("tp-end")) {
                        cpuEnd = os.getProcessCpuTime();
                    }
                    if (s != null && s.path("done").asBoolean()) {
                        break;
                    }
                    assertTrue(System.nanoTime() < deadline, "bench timed out; last " + s + "\n" + page.tail());
                    Thread.sleep(5);
                }
            }
            assertTrue(s.path("ok").asBoolean(), "bench failed: " + s);
            assertTrue(cpuStart >= 0 && cpuEnd > cpuStart, "CPU samples " + cpuStart + " " + cpuEnd);
            double cpuMsPerMib = (cpuEnd - cpuStart) / 1e6 / mib;
            JsonNode tp = s.path("throughput");
            String report = String.format(
                    java.util.Locale.ROOT,
                    "{\"mib\":%d,\"mibPerSecond\":%s,\"transferMs\":%s,\"sfuProcessCpuMsPerMib\":%.1f,"
                            + "\"sctpRetransmissions\":%.0f,\"latency\":%s}",
                    mib,
                    tp.path("mibPerSecond"),
                    tp.path("ms"),
                    cpuMsPerMib,
                    gauge(rtcd.service(), "rtcd_dc_sctp_retransmissions_total"),
                    s.path("latency"));
            LOG.info("data-channel bench: {}", report);
            java.nio.file.Files.writeString(Path.of("target", "dcbench.json"), report + "\n");
            assertEquals(mib, tp.path("mib").asInt());
        }
    }
}
