package io.rtcd.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Results of one {@link FanoutLoad} run: the JSON line and the readable summary. */
final class FanoutReport {
    /** What the load run measured over the steady window (CPU in ns, allocations in bytes, heap in bytes). */
    record Window(
            FanoutOptions options,
            double joinSeconds,
            double windowSeconds,
            Map<ThreadCpu.Group, Long> cpu,
            Map<ThreadCpu.Group, Long> allocated,
            long processCpu,
            long forwarded,
            long gcCount,
            long gcMillis,
            long heapEnd,
            long heapPeak,
            double loadBefore,
            double loadAfter,
            int sendFailures,
            int signalErrors,
            int threads,
            Map<String, Long> sfuDrops) {}

    private final Window w;
    private final int subscribers;
    private final long expectedPerSubscriber;
    private final long receivedTotal;
    private final double lossMinPct;
    private final double lossMaxPct;
    private final int subscribersWithLoss;
    private final long malformed;
    private final long p50;
    private final long p99;
    private final long max;
    private final long latencySamples;

    private FanoutReport(
            Window w,
            int subscribers,
            long expectedPerSubscriber,
            long receivedTotal,
            double lossMinPct,
            double lossMaxPct,
            int subscribersWithLoss,
            long malformed,
            LatencyHistogram latency) {
        this.w = w;
        this.subscribers = subscribers;
        this.expectedPerSubscriber = expectedPerSubscriber;
        this.receivedTotal = receivedTotal;
        this.lossMinPct = lossMinPct;
        this.lossMaxPct = lossMaxPct;
        this.subscribersWithLoss = subscribersWithLoss;
        this.malformed = malformed;
        this.p50 = latency.percentileMicros(0.50);
        this.p99 = latency.percentileMicros(0.99);
        this.max = latency.maxMicros();
        this.latencySamples = latency.count();
    }

    /** Reads the collector (after its thread ended). */
    static FanoutReport of(Window w, FanoutCollector c, int subscribers, int steadyPackets) {
        long received = 0;
        double minLoss = Double.MAX_VALUE;
        double maxLoss = 0;
        int withLoss = 0;
        long malformed = 0;
        for (int i = 0; i < subscribers; i++) {
            int got = c.steadyReceived(i);
            received += got;
            double loss = 100.0 * (steadyPackets - got) / steadyPackets;
            minLoss = Math.min(minLoss, loss);
            maxLoss = Math.max(maxLoss, loss);
            if (got < steadyPackets) {
                withLoss++;
            }
            malformed += c.malformed(i);
        }
        return new FanoutReport(
                w, subscribers, steadyPackets, received, minLoss, maxLoss, withLoss, malformed, c.latency());
    }

    private double seconds(ThreadCpu.Group g) {
        return w.cpu().get(g) / 1e9;
    }

    private double sfuCpu() {
        return seconds(ThreadCpu.Group.SFU);
    }

    private double perCpuSecond(double cpuSeconds) {
        return cpuSeconds > 0 ? w.forwarded() / cpuSeconds : 0;
    }

    private double lossPct() {
        long expected = expectedPerSubscriber * subscribers;
        return expected == 0 ? 0 : 100.0 * (expected - receivedTotal) / expected;
    }

    String json() {
        FanoutOptions o = w.options();
        StringBuilder sb = new StringBuilder("{");
        field(sb, "subscribers", o.subscribers());
        field(sb, "pps", o.pps());
        field(sb, "payload_bytes", o.payload());
        sb.append("\"profile\":\"").append(o.profileName()).append("\",");
        field(sb, "sfu_workers", o.workers());
        field(sb, "join_s", w.joinSeconds());
        field(sb, "window_s", w.windowSeconds());
        field(sb, "forwarded", w.forwarded());
        field(sb, "forwarded_pps", w.forwarded() / w.windowSeconds());
        field(sb, "sfu_cpu_s", sfuCpu());
        field(sb, "sfu_aux_cpu_s", seconds(ThreadCpu.Group.SFU_AUX));
        field(sb, "loadgen_cpu_s", seconds(ThreadCpu.Group.LOADGEN));
        field(sb, "other_thread_cpu_s", seconds(ThreadCpu.Group.OTHER));
        field(sb, "process_cpu_s", w.processCpu() / 1e9);
        field(sb, "fwd_per_sfu_cpu_s", perCpuSecond(sfuCpu()));
        field(sb, "fwd_per_sfu_incl_aux_cpu_s", perCpuSecond(sfuCpu() + seconds(ThreadCpu.Group.SFU_AUX)));
        field(sb, "sfu_alloc_bytes_per_fwd", allocPerForward());
        field(sb, "expected_per_subscriber", expectedPerSubscriber);
        field(sb, "received", receivedTotal);
        field(sb, "loss_pct", lossPct());
        field(sb, "loss_min_pct", lossMinPct);
        field(sb, "loss_max_pct", lossMaxPct);
        field(sb, "subscribers_with_loss", subscribersWithLoss);
        field(sb, "malformed", malformed);
        field(sb, "latency_samples", latencySamples);
        field(sb, "latency_p50_us", p50);
        field(sb, "latency_p99_us", p99);
        field(sb, "latency_max_us", max);
        field(sb, "heap_used_end_mb", w.heapEnd() / 1048576.0);
        field(sb, "heap_used_peak_mb", w.heapPeak() / 1048576.0);
        field(sb, "gc_count", w.gcCount());
        field(sb, "gc_ms", w.gcMillis());
        field(sb, "threads", w.threads());
        field(sb, "loadavg_before", w.loadBefore());
        field(sb, "loadavg_after", w.loadAfter());
        field(sb, "send_failures", w.sendFailures());
        field(sb, "signal_errors", w.signalErrors());
        sb.append("\"sfu_drops\":{");
        String sep = "";
        for (Map.Entry<String, Long> e : w.sfuDrops().entrySet()) {
            sb.append(sep).append('"').append(e.getKey()).append("\":").append(e.getValue());
            sep = ",";
        }
        sb.append("}}");
        return sb.toString();
    }

    private double allocPerForward() {
        return w.forwarded() == 0 ? 0 : (double) w.allocated().get(ThreadCpu.Group.SFU) / w.forwarded();
    }

    List<String> summary() {
        FanoutOptions o = w.options();
        List<String> out = new ArrayList<>();
        out.add(String.format(
                Locale.ROOT,
                "fan-out 1 -> %d, %d pps x %d B, %s, %d SFU workers: %.1f s window, join %.1f s",
                o.subscribers(),
                o.pps(),
                o.payload(),
                o.profileName(),
                o.workers(),
                w.windowSeconds(),
                w.joinSeconds()));
        out.add(String.format(
                Locale.ROOT,
                "  forwarded %d pkts (%.0f pps); SFU threads %.3f CPU-s -> %.0f fwd pkts per SFU CPU-s"
                        + " (%.0f incl. timers/DTLS threads)",
                w.forwarded(),
                w.forwarded() / w.windowSeconds(),
                sfuCpu(),
                perCpuSecond(sfuCpu()),
                perCpuSecond(sfuCpu() + seconds(ThreadCpu.Group.SFU_AUX))));
        out.add(String.format(
                Locale.ROOT,
                "  CPU-s: SFU %.3f, SFU aux %.3f, load generator %.3f, other threads %.3f, whole process %.3f"
                        + " (incl. GC/JIT)",
                sfuCpu(),
                seconds(ThreadCpu.Group.SFU_AUX),
                seconds(ThreadCpu.Group.LOADGEN),
                seconds(ThreadCpu.Group.OTHER),
                w.processCpu() / 1e9));
        out.add(String.format(
                Locale.ROOT,
                "  loss %.3f %% overall (per subscriber min %.3f %%, max %.3f %%, %d of %d with loss), malformed %d",
                lossPct(),
                lossMinPct,
                lossMaxPct,
                subscribersWithLoss,
                subscribers,
                malformed));
        out.add(String.format(
                Locale.ROOT,
                "  one-way latency p50 %d us, p99 %d us, max %d us (%d samples)",
                p50,
                p99,
                max,
                latencySamples));
        out.add(String.format(
                Locale.ROOT,
                "  SFU allocation %.1f B per forwarded packet; heap used %.1f MB at end (peak %.1f MB); GC %d"
                        + " collections, %d ms; %d threads; load average %.2f -> %.2f",
                allocPerForward(),
                w.heapEnd() / 1048576.0,
                w.heapPeak() / 1048576.0,
                w.gcCount(),
                w.gcMillis(),
                w.threads(),
                w.loadBefore(),
                w.loadAfter()));
        out.add("  SFU drops in the window: " + (w.sfuDrops().isEmpty() ? "none" : w.sfuDrops()));
        return out;
    }

    private static void field(StringBuilder sb, String key, long v) {
        sb.append('"').append(key).append("\":").append(v).append(',');
    }

    private static void field(StringBuilder sb, String key, double v) {
        sb.append('"')
                .append(key)
                .append("\":")
                .append(String.format(Locale.ROOT, "%.3f", v))
                .append(',');
    }
}
