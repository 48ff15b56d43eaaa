package io.rtcd.service.realtime;

import static io.rtcd.service.realtime.RealtimeTestSupport.KEY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rtcd.service.RtcdHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Data-channel throughput with node-datachannel ({@code interop/ndc-bench.js}): upload to the SFU, echo both ways in
 * 64 KiB and in 16 KiB messages (docs/performance.md "Data channels"). A report, not a timed assertion; written to
 * {@code target/ndcbench.json}. Opt-in: {@code -Drtcd.it.dcbench=true} with {@code -Drtcd.it.node} and
 * {@code -Drtcd.it.interop} ({@code -Drtcd.it.dcbench.mib=8}).
 */
@EnabledIfSystemProperty(named = "rtcd.it.dcbench", matches = "true")
class NodeDataChannelBenchIT {
    private static final Logger LOG = LoggerFactory.getLogger(NodeDataChannelBenchIT.class);

    @TempDir
    Path dataDir;

    @Test
    void uploadAndEchoThroughput() throws Exception {
        NodeScript.interopDir();
        int mib = Integer.getInteger("rtcd.it.dcbench.mib", 8);
        try (RtcdHarness rtcd = RtcdHarness.start(dataDir)) {
            rtcd.admin().register("dc-bench", KEY);
            String token = DataChannelChromiumIT.mintWith(rtcd.baseUri(), "dc-bench", "ndc-bench", "bench", "publish");
            Map<String, Object> cfg = Map.of(
                    "url",
                    "ws://127.0.0.1:" + rtcd.service().port(),
                    "cospace",
                    "ndc-bench",
                    "tokens",
                    List.of(token),
                    "mib",
                    mib,
                    "timeoutMs",
                    60_000);
            JsonNode r = NodeScript.run(
                    "ndc-bench.js", "RTCD_NDC ", Duration.ofSeconds(180), new ObjectMapper().writeValueAsString(cfg));
            LOG.info("node-datachannel bench: {}", r);
            Files.writeString(Path.of("target", "ndcbench.json"), r + "\n");
            assertEquals("", r.path("error").asText(""), r.toString());
            assertTrue(r.path("ok").asBoolean(), r.toString());
        }
    }
}
