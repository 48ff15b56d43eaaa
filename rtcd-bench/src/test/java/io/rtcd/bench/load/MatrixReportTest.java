package io.rtcd.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MatrixReportTest {
    private static JsonNode row(String label, int listeners, double fwdPerCpu, long lost, double p99, double gcMax)
            throws Exception {
        return RealtimeSignal.JSON.readTree("{\"label\":\"" + label + "\",\"publishers\":1,\"listeners\":" + listeners
                + ",\"video\":false,\"window_s\":20.0,\"lost\":" + lost + ",\"loss_pct\":0.5,"
                + "\"latency_ms\":{\"p50\":0.5,\"p99\":" + p99 + ",\"max\":3.0},"
                + "\"join\":{\"p50_ms\":12.0,\"p95_ms\":80.0,\"max_ms\":120.0},"
                + "\"server\":{\"forwarded_pps\":20000,\"cpu_pct\":10.0,\"forwarded_per_cpu_s\":" + fwdPerCpu
                + ",\"rss_growth_per_listener_kib\":50.0,\"heap_growth_per_listener_kib\":20.0,"
                + "\"gc\":{\"pauses\":2,\"max_ms\":" + gcMax + "}},"
                + "\"udp\":{\"InErrors\":0,\"RcvbufErrors\":1,\"SndbufErrors\":0},\"loadgen\":{\"cpu_s\":3.0}}");
    }

    @Test
    void tableRowsAndTargetsFromTheJsonLines() throws Exception {
        String md = MatrixReport.section(
                List.of(row("1to400", 400, 160_000, 0, 1.5, 3.0), row("1to1000", 1000, 120_000, 7, 4.0, 6.5)),
                Map.of("machine", "nproc=2", "commit", "abc1234"));
        assertTrue(md.contains("| 1to400 | 1 → 400 | 20.0 | 20,000 | 10 % | **160.0k** | 0.0k | 0 |"), md);
        assertTrue(md.contains("| 1to1000 | 1 → 1000 |"), md);
        assertTrue(md.contains("7 (0.500 %)"), md);
        assertTrue(md.contains("| ≥ 150k forwarded pkts per server CPU-s at 1 → 400 | 160,000 | yes |"), md);
        assertTrue(md.contains("| ≥ 150k forwarded pkts per server CPU-s at 1 → 800 | cell not run | ? |"), md);
        assertTrue(md.contains("| 1 → 1000 with 0 loss | 7 | **no** |"), md);
        assertTrue(md.contains("| one-way latency p99 < 2 ms at 1 → 400 | 1.50 | yes |"), md);
        assertTrue(md.contains("max 6.50 ms (1to1000) | **no** |"), md);
        assertTrue(md.contains("| Commit | abc1234 |"), md);
    }

    @Test
    void replacesTheMarkedSectionOrAppendsIt() {
        String doc = "# T\n\nintro\n\n" + MatrixReport.BEGIN + "\nold\n" + MatrixReport.END + "\n\n## After\n";
        String out = MatrixReport.replaceSection(doc, "new\n");
        assertEquals("# T\n\nintro\n\n" + MatrixReport.BEGIN + "\nnew\n" + MatrixReport.END + "\n\n## After\n", out);
        String appended = MatrixReport.replaceSection("# T\n", "x\n");
        assertEquals("# T\n\n" + MatrixReport.BEGIN + "\nx\n" + MatrixReport.END + "\n", appended);
    }
}
