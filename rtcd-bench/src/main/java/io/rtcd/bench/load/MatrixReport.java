package io.rtcd.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the JSON lines of a matrix run ({@code scripts/bench.sh matrix}) into a Markdown section — machine, results
 * table, targets — and writes it into a document between {@link #BEGIN} and {@link #END} (replacing the previous
 * section, or appended when the markers are absent).
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.rtcd.bench.load.MatrixReport results.jsonl docs/performance.md
 * key=value...} where the keys describe the run ({@code machine}, {@code kernel}, {@code jdk}, {@code gc},
 * {@code commit}, {@code date}, {@code load}, {@code command}).
 */
public final class MatrixReport {
    private static final Logger LOG = LoggerFactory.getLogger(MatrixReport.class);
    static final String BEGIN = "<!-- bench-matrix:begin (written by scripts/bench.sh matrix; edits are replaced) -->";
    static final String END = "<!-- bench-matrix:end -->";

    private MatrixReport() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            LOG.error("usage: MatrixReport <results.jsonl> <doc.md> [key=value...]");
            System.exit(2);
            return;
        }
        List<JsonNode> rows = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8)) {
            if (line.startsWith("{")) {
                rows.add(RealtimeSignal.JSON.readTree(line));
            }
        }
        Map<String, String> info = new LinkedHashMap<>();
        for (int i = 2; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            if (eq > 0) {
                info.put(args[i].substring(0, eq), args[i].substring(eq + 1));
            }
        }
        Path doc = Path.of(args[1]);
        String old = Files.isRegularFile(doc) ? Files.readString(doc, StandardCharsets.UTF_8) : "";
        Files.writeString(doc, replaceSection(old, section(rows, info)), StandardCharsets.UTF_8);
        LOG.info("{}: matrix section with {} cells", doc, rows.size());
    }

    static String replaceSection(String doc, String section) {
        int b = doc.indexOf(BEGIN);
        int e = doc.indexOf(END);
        String block = BEGIN + "\n" + section + END;
        if (b >= 0 && e > b) {
            return doc.substring(0, b) + block + doc.substring(e + END.length());
        }
        return doc + (doc.isEmpty() || doc.endsWith("\n\n") ? "" : doc.endsWith("\n") ? "\n" : "\n\n") + block + "\n";
    }

    static String section(List<JsonNode> rows, Map<String, String> info) {
        StringBuilder sb = new StringBuilder();
        sb.append("### Latest matrix run\n\n");
        sb.append("| | |\n|---|---|\n");
        row(sb, "Machine", info.getOrDefault("machine", "?"));
        row(sb, "Kernel", info.getOrDefault("kernel", "?"));
        row(sb, "JDK", info.getOrDefault("jdk", "?"));
        row(sb, "Server GC", info.getOrDefault("gc", "?"));
        row(sb, "Commit", info.getOrDefault("commit", "?"));
        row(sb, "Date", info.getOrDefault("date", "?"));
        row(sb, "Load average", info.getOrDefault("load", "?"));
        sb.append("\nReproduce (builds `cli/target/rtcd.jar` and `rtcd-bench/target/benchmarks.jar`, then one fresh"
                + " server per cell):\n\n```sh\n");
        sb.append(info.getOrDefault("command", "scripts/bench.sh matrix")).append("\n```\n\n");
        sb.append("| Cell | P → N | window s | fwd pps | server CPU | **fwd / server CPU-s** | fwd / media-thread CPU-s"
                + " | loss | latency p50 / p99 / max ms | join p50 / p95 / max ms | RSS / listener | live heap /"
                + " listener | GC pauses, max | UDP errors | load-gen CPU-s |\n");
        sb.append("|---|---|---:|---:|---:|---:|---:|---:|---|---|---:|---:|---|---:|---:|\n");
        for (JsonNode r : rows) {
            JsonNode s = r.path("server");
            JsonNode l = r.path("latency_ms");
            JsonNode j = r.path("join");
            JsonNode u = r.path("udp");
            long udpErrors = u.path("InErrors").asLong()
                    + u.path("RcvbufErrors").asLong()
                    + u.path("SndbufErrors").asLong();
            sb.append(String.format(
                    Locale.ROOT,
                    "| %s | %d → %d%s | %.1f | %,d | %.0f %% | **%.1fk** | %.1fk | %s | %s / %s / %s | %s / %s / %s |"
                            + " %s KiB |"
                            + " %s KiB | %d, %.1f ms | %d | %.1f |\n",
                    r.path("label").asText(),
                    r.path("publishers").asInt(),
                    r.path("listeners").asInt(),
                    r.path("video").asBoolean() ? " + video" : "",
                    r.path("window_s").asDouble(),
                    s.path("forwarded_pps").asLong(),
                    s.path("cpu_pct").asDouble(),
                    s.path("forwarded_per_cpu_s").asDouble() / 1000,
                    s.path("forwarded_per_media_cpu_s").asDouble() / 1000,
                    loss(r),
                    num(l.path("p50")),
                    num(l.path("p99")),
                    num(l.path("max")),
                    num(j.path("p50_ms")),
                    num(j.path("p95_ms")),
                    num(j.path("max_ms")),
                    num(s.path("rss_growth_per_listener_kib")),
                    num(s.path("heap_growth_per_listener_kib")),
                    s.path("gc").path("pauses").asInt(),
                    s.path("gc").path("max_ms").asDouble(),
                    udpErrors,
                    r.path("loadgen").path("cpu_s").asDouble()));
        }
        sb.append("\nTargets (issue 8):\n\n| Target | Measured | Met |\n|---|---|---|\n");
        JsonNode c400 = find(rows, 1, 400, false);
        JsonNode c800 = find(rows, 1, 800, false);
        JsonNode c1000 = find(rows, 1, 1000, false);
        target(
                sb,
                "≥ 150k forwarded pkts per server CPU-s at 1 → 400",
                c400,
                "server.forwarded_per_cpu_s",
                150_000,
                true);
        target(
                sb,
                "≥ 150k forwarded pkts per server CPU-s at 1 → 800",
                c800,
                "server.forwarded_per_cpu_s",
                150_000,
                true);
        target(sb, "1 → 1000 with 0 loss", c1000, "lost", 0, false);
        target(sb, "one-way latency p99 < 2 ms at 1 → 400", c400, "latency_ms.p99", 2, false);
        target(sb, "join (WS dial → first RTP) p50 < 30 ms at 1 → 400", c400, "join.p50_ms", 30, false);
        target(sb, "join p95 < 250 ms at 1 → 400", c400, "join.p95_ms", 250, false);
        target(
                sb,
                "RSS growth < 0.1 MiB per audio listener (1 → 1000)",
                c1000,
                "server.rss_growth_per_listener_kib",
                102.4,
                false);
        target(
                sb,
                "live heap growth < 0.1 MiB per audio listener (1 → 1000)",
                c1000,
                "server.heap_growth_per_listener_kib",
                102.4,
                false);
        double maxPause = -1;
        String where = "";
        for (JsonNode r : rows) {
            double p = r.path("server").path("gc").path("max_ms").asDouble();
            if (p > maxPause) {
                maxPause = p;
                where = r.path("label").asText();
            }
        }
        sb.append(String.format(
                Locale.ROOT,
                "| no GC pause > 5 ms in any window | %s | %s |\n",
                rows.isEmpty() ? "no cells" : String.format(Locale.ROOT, "max %.2f ms (%s)", maxPause, where),
                rows.isEmpty() ? "?" : maxPause <= 5 ? "yes" : "**no**"));
        sb.append("\nColumns: *fwd pps* = `rtcd_rtc_forwarded_packets_total` delta ÷ window; *server CPU* = user +"
                + " system time of the whole server process (`/proc/<pid>/stat`: media threads, GC, JIT, HTTP) ÷"
                + " window; *media-thread CPU* = the same for the UDP reader and session-worker threads only"
                + " (`/proc/<pid>/task/*/stat`); *loss* = stamped packets sent in the window that some receiver never got, over all"
                + " receivers and streams; *latency* = stamped send → receive on the load generator's clock"
                + " (publisher SRTP, SFU, loopback, receiver SRTP); *join* = WebSocket dial → first RTP per listener;"
                + " *RSS / live heap per listener* = growth from before the listeners joined to after the window, each"
                + " after a full GC (`jcmd GC.run`), ÷ listeners; *GC pauses* = stop-the-world pauses in the server's"
                + " `-Xlog:gc` during the window; *UDP errors* = host `/proc/net/snmp` Udp InErrors + RcvbufErrors +"
                + " SndbufErrors during the window. The JSON lines behind the table are in"
                + " `rtcd-bench/target/bench/matrix.jsonl`.\n\n");
        return sb.toString();
    }

    private static void row(StringBuilder sb, String k, String v) {
        sb.append("| ").append(k).append(" | ").append(v.replace("|", "\\|")).append(" |\n");
    }

    private static String loss(JsonNode r) {
        long lost = r.path("lost").asLong();
        return lost == 0
                ? "0"
                : String.format(
                        Locale.ROOT, "%d (%.3f %%)", lost, r.path("loss_pct").asDouble());
    }

    private static String num(JsonNode n) {
        if (n.isMissingNode() || n.asDouble() < 0) {
            return "–";
        }
        double v = n.asDouble();
        return v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2f", v);
    }

    static JsonNode find(List<JsonNode> rows, int publishers, int listeners, boolean video) {
        for (JsonNode r : rows) {
            if (r.path("publishers").asInt() == publishers
                    && r.path("listeners").asInt() == listeners
                    && r.path("video").asBoolean() == video) {
                return r;
            }
        }
        return null;
    }

    private static void target(
            StringBuilder sb, String what, JsonNode row, String path, double bound, boolean atLeast) {
        if (row == null) {
            sb.append("| ").append(what).append(" | cell not run | ? |\n");
            return;
        }
        JsonNode n = row;
        for (String p : path.split("\\.")) {
            n = n.path(p);
        }
        if (n.isMissingNode() || n.asDouble() < 0 && !atLeast) {
            sb.append("| ").append(what).append(" | not measured | ? |\n");
            return;
        }
        double v = n.asDouble();
        boolean met = atLeast ? v >= bound : v < bound || (bound == 0 && v == 0);
        sb.append("| ")
                .append(what)
                .append(" | ")
                .append(
                        v >= 1000 || v == Math.rint(v)
                                ? String.format(Locale.ROOT, "%,.0f", v)
                                : String.format(Locale.ROOT, "%.2f", v))
                .append(" | ")
                .append(met ? "yes" : "**no**")
                .append(" |\n");
    }
}
