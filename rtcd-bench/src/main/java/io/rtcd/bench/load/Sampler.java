package io.rtcd.bench.load;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Samples the server process from outside: CPU and per-thread-group CPU ({@code /proc}), RSS, the GC log offset, its
 * {@code /metrics} and the host's UDP counters. {@link #fullGcPoint()} first forces a full collection with
 * {@code jcmd <pid> GC.run} and reads the live heap from the GC log (used only outside the measured window).
 */
final class Sampler {
    private static final String FULL_GC_MARK = "Pause Full";

    /** One sample. {@code heapAfterGcMiB} is -1 unless taken by {@link #fullGcPoint()}. */
    record Point(
            long nanos,
            long cpuNanos,
            Map<String, Long> threadCpu,
            long rssBytes,
            long gcOffset,
            Map<String, Double> metrics,
            Map<String, Long> udp,
            long heapAfterGcMiB) {}

    /** Rates since the previous {@link #rate()} call. */
    record Rate(double cpuPercent, long rssBytes, double forwardedPerSecond) {}

    private final ServerProcess server;
    private final HttpClient http;
    private long lastNanos;
    private long lastCpu = -1;
    private long lastForwarded;

    Sampler(ServerProcess server, HttpClient http) {
        this.server = server;
        this.http = http;
    }

    Point point() throws IOException, InterruptedException {
        long now = System.nanoTime();
        long cpu = ProcStats.cpuNanos(server.pid());
        Map<String, Long> threads = ProcStats.threadCpuNanos(server.pid());
        long gcOffset = GcLog.offset(server.gcLog());
        Map<String, Long> udp = ProcStats.udp();
        Map<String, Double> metrics = ServerMetrics.scrape(http, server.base());
        return new Point(now, cpu, threads, ProcStats.rssBytes(server.pid()), gcOffset, metrics, udp, -1);
    }

    /** A full GC in the server ({@code jcmd GC.run}), then a sample with the live heap after it. */
    Point fullGcPoint() throws IOException, InterruptedException {
        long from = GcLog.offset(server.gcLog());
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(server.pid()), "GC.run")
                .redirectErrorStream(true)
                .start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException(
                    "jcmd " + server.pid() + " GC.run failed: " + new String(out, StandardCharsets.UTF_8).trim());
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        long heap = -1;
        while (heap < 0 && System.nanoTime() < deadline) {
            GcLog.Pauses g = GcLog.read(server.gcLog(), from, GcLog.offset(server.gcLog()));
            if (!g.longest().isEmpty() && g.longest().get(0).contains(FULL_GC_MARK)) {
                heap = g.lastHeapAfterMiB();
            } else {
                Thread.sleep(50);
            }
        }
        Point pt = point();
        return new Point(
                pt.nanos(), pt.cpuNanos(), pt.threadCpu(), pt.rssBytes(), pt.gcOffset(), pt.metrics(), pt.udp(), heap);
    }

    GcLog.Pauses gcWindow(Point from, Point to) {
        return GcLog.read(server.gcLog(), from.gcOffset(), to.gcOffset());
    }

    synchronized Rate rate() {
        long now = System.nanoTime();
        long cpu = ProcStats.cpuNanos(server.pid());
        long fwd = lastForwarded;
        try {
            fwd = ServerMetrics.forwarded(ServerMetrics.scrape(http, server.base()));
        } catch (IOException e) {
            // keep the previous value
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Rate r;
        if (lastCpu < 0 || now == lastNanos) {
            r = new Rate(0, ProcStats.rssBytes(server.pid()), 0);
        } else {
            double dt = (now - lastNanos) / 1e9;
            r = new Rate(
                    100.0 * (cpu - lastCpu) / (now - lastNanos),
                    ProcStats.rssBytes(server.pid()),
                    (fwd - lastForwarded) / dt);
        }
        lastNanos = now;
        lastCpu = cpu;
        lastForwarded = fwd;
        return r;
    }
}
