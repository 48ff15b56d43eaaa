package io.rtcd.bench.load;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Results of one {@link ServerLoad} run: the numbers, one JSON line ({@link #json()}) and a readable summary. Loss
 * is counted per receiver and stream over the packet numbers each publisher sent inside the window; receivers are
 * the listeners and, with several publishers, the publishers themselves (each receives the others).
 */
public final class LoadReport {
    private static final double MIB = 1024.0 * 1024.0;

    final LoadOptions options;
    final double windowSeconds;
    final int listeners;
    final int joinFailures;
    final String firstJoinError;
    final double joinSeconds;
    final long joinP50Micros;
    final long joinP95Micros;
    final long joinMaxMicros;
    final int listenersWithoutMedia;
    final long welcomeP50Micros;
    final long answerP50Micros;
    final long connectedP50Micros;
    final long publishersReceived;
    final long expected;
    final long received;
    final int receiversWithLoss;
    final double worstReceiverLossPct;
    final long malformed;
    final long duplicates;
    final long srtpFailures;
    final long readerErrors;
    final String firstReaderError;
    final long rtcpReceived;
    /** Over the run, all peers: receiver reports, NACK packets, NACKed numbers, REMBs; then send failures, lost. */
    final long[] rtcpSent = new long[4];

    final long rtcpSendFailures;
    final long simulatedLost;
    /** Server counters in the window: RTCP received by type, NACKed numbers, retransmissions. */
    final Map<String, Long> serverRtcp;

    final int sendFailures;
    final long latencySamples;
    final long latencyP50Micros;
    final long latencyP99Micros;
    final long latencyP999Micros;
    final long latencyMaxMicros;
    final long serverPid;
    final double serverCpuSeconds;
    final long forwarded;
    final Map<String, Long> drops;
    final Map<String, Double> threadCpuSeconds;
    final double mediaCpuSeconds;
    final long rssBaseBytes;
    final long rssBeforeBytes;
    final long rssAfterBytes;
    final long rssEndBytes;
    final long heapBaseMiB;
    final long heapEndMiB;
    final GcLog.Pauses gc;
    final String collector;
    final Map<String, Long> udp;
    final double loadgenCpuSeconds;
    final double loadBefore;
    final double loadAfter;
    final int loadgenThreads;
    final JoinStages stages;
    final JoinStages.Cost joinCost;

    private LoadReport(Builder b) {
        this.options = b.o;
        this.windowSeconds = (b.after.nanos() - b.before.nanos()) / 1e9;
        this.listeners = b.listeners.size();
        this.joinFailures = b.joinFailures;
        this.firstJoinError = b.firstJoinError;
        this.joinSeconds = b.joinSeconds;
        this.stages = JoinStages.of(b.listeners);
        this.joinCost = b.joinCost;
        long[] joins = b.listeners.stream()
                .filter(j -> j.peer().firstRtpNanos() != 0)
                .mapToLong(j -> (j.peer().firstRtpNanos() - j.dialNanos()) / 1000)
                .sorted()
                .toArray();
        this.joinP50Micros = percentile(joins, 0.50);
        this.joinP95Micros = percentile(joins, 0.95);
        this.joinMaxMicros = joins.length == 0 ? -1 : joins[joins.length - 1];
        this.listenersWithoutMedia = b.listeners.size() - joins.length;
        this.welcomeP50Micros = percentile(
                b.listeners.stream()
                        .mapToLong(j -> (j.welcomeNanos() - j.dialNanos()) / 1000)
                        .sorted()
                        .toArray(),
                0.5);
        this.answerP50Micros = percentile(
                b.listeners.stream()
                        .mapToLong(j -> (j.answerNanos() - j.dialNanos()) / 1000)
                        .sorted()
                        .toArray(),
                0.5);
        this.connectedP50Micros = percentile(
                b.listeners.stream()
                        .mapToLong(j -> (j.connectedNanos() - j.dialNanos()) / 1000)
                        .sorted()
                        .toArray(),
                0.5);
        this.publishersReceived =
                b.publisherPeers.stream().mapToLong(BenchPeer::receivedRtp).sum();
        int kinds = b.o.video() ? 2 : 1;
        long exp = 0;
        long rec = 0;
        int withLoss = 0;
        double worst = 0;
        long mal = 0;
        long dup = 0;
        long srtp = 0;
        long rtcp = 0;
        long readErr = 0;
        long rtcpFail = 0;
        long simLost = 0;
        String readErr1 = null;
        List<BenchPeer> receivers = new ArrayList<>();
        b.listeners.forEach(j -> receivers.add(j.peer()));
        receivers.addAll(b.publisherPeers);
        for (BenchPeer r : receivers) {
            long e = 0;
            long got = 0;
            for (int p = 0; p < b.from.length; p++) {
                if (r.index == p) {
                    continue; // a publisher does not receive itself
                }
                for (int k = 0; k < kinds; k++) {
                    e += b.to[p][k] - b.from[p][k];
                    got += r.received(p, k, b.from[p][k], b.to[p][k]);
                }
            }
            exp += e;
            rec += got;
            if (got < e) {
                withLoss++;
                worst = Math.max(worst, 100.0 * (e - got) / e);
            }
            mal += r.malformed();
            dup += r.duplicates();
            srtp += r.srtpFailures();
            rtcp += r.receivedRtcp();
            long[] sent = r.rtcpSent();
            for (int i = 0; i < rtcpSent.length; i++) {
                rtcpSent[i] += sent[i];
            }
            rtcpFail += r.rtcpSendFailures();
            simLost += r.simulatedLost();
            readErr += r.readerErrors();
            if (readErr1 == null) {
                readErr1 = r.firstReaderError();
            }
        }
        this.expected = exp;
        this.received = rec;
        this.receiversWithLoss = withLoss;
        this.worstReceiverLossPct = worst;
        this.malformed = mal;
        this.duplicates = dup;
        this.srtpFailures = srtp;
        this.rtcpReceived = rtcp;
        this.rtcpSendFailures = rtcpFail;
        this.simulatedLost = simLost;
        this.serverRtcp = ServerMetrics.rtcpDelta(b.before.metrics(), b.after.metrics());
        this.readerErrors = readErr;
        this.firstReaderError = readErr1;
        this.sendFailures =
                b.publishers.stream().mapToInt(StampedPublisher::failures).sum();
        this.latencySamples = b.latency.count();
        this.latencyP50Micros = b.latency.percentileMicros(0.50);
        this.latencyP99Micros = b.latency.percentileMicros(0.99);
        this.latencyP999Micros = b.latency.percentileMicros(0.999);
        this.latencyMaxMicros = b.latency.maxMicros();
        this.serverPid = b.serverPid;
        this.serverCpuSeconds = (b.after.cpuNanos() - b.before.cpuNanos()) / 1e9;
        this.forwarded = ServerMetrics.forwarded(b.after.metrics()) - ServerMetrics.forwarded(b.before.metrics());
        Map<String, Long> d0 = ServerMetrics.drops(b.before.metrics());
        Map<String, Long> d = new LinkedHashMap<>();
        ServerMetrics.drops(b.after.metrics()).forEach((k, v) -> {
            long delta = v - d0.getOrDefault(k, 0L);
            if (delta != 0) {
                d.put(k, delta);
            }
        });
        this.drops = d;
        Map<String, Long> threads = ProcStats.delta(b.before.threadCpu(), b.after.threadCpu());
        Map<String, Double> top = new LinkedHashMap<>();
        threads.entrySet().stream()
                .filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
                .limit(8)
                .forEach(e -> top.put(e.getKey(), round3(e.getValue() / 1e9)));
        this.threadCpuSeconds = top;
        this.mediaCpuSeconds = threads.entrySet().stream()
                        .filter(e -> isMediaThread(e.getKey()))
                        .mapToLong(Map.Entry::getValue)
                        .sum()
                / 1e9;
        this.rssBaseBytes = b.base.rssBytes();
        this.rssBeforeBytes = b.before.rssBytes();
        this.rssAfterBytes = b.after.rssBytes();
        this.rssEndBytes = b.end.rssBytes();
        this.heapBaseMiB = b.base.heapAfterGcMiB();
        this.heapEndMiB = b.end.heapAfterGcMiB();
        this.gc = b.gc;
        this.collector = b.collector;
        Map<String, Long> u = new LinkedHashMap<>();
        Map<String, Long> udpDelta = ProcStats.delta(b.before.udp(), b.after.udp());
        for (String k : List.of("InDatagrams", "OutDatagrams", "InErrors", "RcvbufErrors", "SndbufErrors")) {
            u.put(k, udpDelta.getOrDefault(k, 0L));
        }
        this.udp = u;
        this.loadgenCpuSeconds = b.loadgenCpuSeconds;
        this.loadBefore = b.loadBefore;
        this.loadAfter = b.loadAfter;
        this.loadgenThreads = b.threads;
    }

    /**
     * The SFU's packet-path threads by their (15-character) names: the UDP reader and the session workers. GC, JIT,
     * HTTP and timers are not counted here (they are in the process CPU).
     */
    static boolean isMediaThread(String group) {
        return group.startsWith("rtcd-rtc-worker") || group.startsWith("rtcd-udp") || group.startsWith("sfu-");
    }

    static long percentile(long[] sorted, double fraction) {
        if (sorted.length == 0) {
            return -1;
        }
        int i = (int) Math.ceil(fraction * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    /** Packets lost over the window, all receivers and streams. */
    public long lost() {
        return expected - received;
    }

    public long expected() {
        return expected;
    }

    public long forwarded() {
        return forwarded;
    }

    public int joinFailures() {
        return joinFailures;
    }

    public long latencyP99Micros() {
        return latencyP99Micros;
    }

    public long joinP50Micros() {
        return joinP50Micros;
    }

    public double serverCpuSeconds() {
        return serverCpuSeconds;
    }

    double forwardedPerCpuSecond() {
        return serverCpuSeconds > 0 ? forwarded / serverCpuSeconds : 0;
    }

    double forwardedPerMediaCpuSecond() {
        return mediaCpuSeconds > 0 ? forwarded / mediaCpuSeconds : 0;
    }

    double lossPct() {
        return expected == 0 ? 0 : 100.0 * lost() / expected;
    }

    /** (RSS after − RSS before the listeners joined) ÷ listeners, both after a full GC, in KiB. */
    double rssGrowthPerListenerKiB() {
        return listeners == 0 || rssBaseBytes < 0 || rssEndBytes < 0
                ? -1
                : (rssEndBytes - rssBaseBytes) / 1024.0 / listeners;
    }

    /** Live heap growth per listener (full GC before and after), in KiB; -1 if the GC log had no sizes. */
    double heapGrowthPerListenerKiB() {
        return listeners == 0 || heapBaseMiB < 0 || heapEndMiB < 0
                ? -1
                : (heapEndMiB - heapBaseMiB) * 1024.0 / listeners;
    }

    /** The face as the JSON line names it: {@code realtime} (the browser face), {@code ws} or {@code ws_mux}. */
    static String faceName(LoadOptions.Face f) {
        return switch (f) {
            case BROWSER -> "realtime";
            case WS -> "ws";
            case WS_MUX -> "ws_mux";
        };
    }

    String json() {
        ObjectNode n = RealtimeSignal.JSON.createObjectNode();
        n.put("label", options.label())
                .put("face", faceName(options.face()))
                .put("publishers", options.publishers())
                .put("listeners", options.subscribers())
                .put("video", options.video())
                .put("profile", options.profileName())
                .put("audio_pps", options.pps())
                .put("audio_payload", options.payload())
                .put("steady_s", options.steadySeconds())
                .put("settle_s", options.settleSeconds())
                .put("gc_before_window", options.gcBeforeWindow())
                .put("window_s", round3(windowSeconds));
        if (options.video()) {
            n.put("video_fps", options.videoFps())
                    .put("video_packet", options.videoPacket())
                    .put("video_ppf", options.videoPacketsPerFrame());
        }
        ObjectNode join = n.putObject("join");
        join.put("ok", listeners)
                .put("failed", joinFailures)
                .put("without_media", listenersWithoutMedia)
                .put("all_s", round3(joinSeconds))
                .put("p50_ms", ms(joinP50Micros))
                .put("p95_ms", ms(joinP95Micros))
                .put("max_ms", ms(joinMaxMicros))
                .put("welcome_p50_ms", ms(welcomeP50Micros))
                .put("answer_p50_ms", ms(answerP50Micros))
                .put("dtls_done_p50_ms", ms(connectedP50Micros));
        stages.putJson(join);
        joinCost.putJson(join);
        if (firstJoinError != null) {
            join.put("first_error", firstJoinError);
        }
        n.put("expected", expected)
                .put("received", received)
                .put("lost", lost())
                .put("loss_pct", round3(lossPct()))
                .put("receivers_with_loss", receiversWithLoss)
                .put("worst_receiver_loss_pct", round3(worstReceiverLossPct))
                .put("malformed", malformed)
                .put("duplicates", duplicates)
                .put("srtp_failures", srtpFailures)
                .put("rtcp_received", rtcpReceived)
                .put("send_failures", sendFailures)
                .put("reader_errors", readerErrors)
                .put("publishers_received", publishersReceived);
        if (firstReaderError != null) {
            n.put("first_reader_error", firstReaderError);
        }
        ObjectNode rr = n.putObject("receiver_rtcp");
        rr.put("enabled", options.rtcp().enabled())
                .put("interval_ms", options.rtcp().intervalNanos() / 1_000_000)
                .put("rx_loss_permille", options.rtcp().lossPermille())
                .put("reports", rtcpSent[0])
                .put("nack_packets", rtcpSent[1])
                .put("nacked", rtcpSent[2])
                .put("rembs", rtcpSent[3])
                .put("send_failures", rtcpSendFailures)
                .put("simulated_lost", simulatedLost);
        ObjectNode sr = rr.putObject("server_window");
        serverRtcp.forEach(sr::put);
        n.putObject("latency_ms")
                .put("samples", latencySamples)
                .put("p50", ms(latencyP50Micros))
                .put("p99", ms(latencyP99Micros))
                .put("p999", ms(latencyP999Micros))
                .put("max", ms(latencyMaxMicros));
        ObjectNode s = n.putObject("server");
        s.put("pid", serverPid)
                .put("cpu_s", round3(serverCpuSeconds))
                .put("cpu_pct", round3(windowSeconds > 0 ? 100 * serverCpuSeconds / windowSeconds : 0))
                .put("forwarded", forwarded)
                .put("forwarded_pps", Math.round(windowSeconds > 0 ? forwarded / windowSeconds : 0))
                .put("forwarded_per_cpu_s", Math.round(forwardedPerCpuSecond()))
                .put("media_cpu_s", round3(mediaCpuSeconds))
                .put("forwarded_per_media_cpu_s", Math.round(forwardedPerMediaCpuSecond()))
                .put("rss_base_mib", round3(rssBaseBytes / MIB))
                .put("rss_window_start_mib", round3(rssBeforeBytes / MIB))
                .put("rss_window_end_mib", round3(rssAfterBytes / MIB))
                .put("rss_end_mib", round3(rssEndBytes / MIB))
                .put("rss_growth_per_listener_kib", round3(rssGrowthPerListenerKiB()))
                .put("heap_live_base_mib", heapBaseMiB)
                .put("heap_live_end_mib", heapEndMiB)
                .put("heap_growth_per_listener_kib", round3(heapGrowthPerListenerKiB()));
        ObjectNode g = s.putObject("gc");
        g.put("collector", collector)
                .put("pauses", gc.count())
                .put("total_ms", round3(gc.totalMillis()))
                .put("max_ms", round3(gc.maxMillis()));
        if (!gc.longest().isEmpty()) {
            g.put("longest", gc.longest().get(0));
        }
        ObjectNode dr = s.putObject("drops");
        drops.forEach(dr::put);
        ObjectNode th = s.putObject("thread_cpu_s");
        threadCpuSeconds.forEach(th::put);
        ObjectNode ud = n.putObject("udp");
        udp.forEach(ud::put);
        n.putObject("loadgen")
                .put("cpu_s", round3(loadgenCpuSeconds))
                .put("threads", loadgenThreads)
                .put("load_avg_before", round3(loadBefore))
                .put("load_avg_after", round3(loadAfter));
        return n.toString();
    }

    List<String> summary() {
        List<String> out = new ArrayList<>();
        String title = options.publishers() + " -> " + options.subscribers() + (options.video() ? " with video" : "")
                + " via " + faceName(options.face()) + ", receiver RTCP "
                + (options.rtcp().enabled() ? "on" : "off");
        out.add("== " + options.label() + ": " + title + ", window " + f1(windowSeconds) + " s, profile "
                + options.profileName());
        out.add(String.format(
                Locale.ROOT,
                "joins      %d ok, %d failed, %d without media; dial -> first RTP p50 %s ms, p95 %s ms, max %s ms;"
                        + " all joined in %.1f s; stages p50: welcome %s, answer %s, DTLS done %s ms",
                listeners,
                joinFailures,
                listenersWithoutMedia,
                ms(joinP50Micros),
                ms(joinP95Micros),
                ms(joinMaxMicros),
                joinSeconds,
                ms(welcomeP50Micros),
                ms(answerP50Micros),
                ms(connectedP50Micros)));
        out.add(stages.summary());
        out.add(joinCost.summary());
        out.add(String.format(
                Locale.ROOT,
                "delivery   %d of %d packets (loss %.3f %%, %d receivers with loss, worst %.2f %%); malformed %d,"
                        + " duplicates %d, SRTP failures %d, send failures %d",
                received,
                expected,
                lossPct(),
                receiversWithLoss,
                worstReceiverLossPct,
                malformed,
                duplicates,
                srtpFailures,
                sendFailures));
        out.add(String.format(
                Locale.ROOT,
                "latency    one-way p50 %s ms, p99 %s ms, p99.9 %s ms, max %s ms (%d samples)",
                ms(latencyP50Micros),
                ms(latencyP99Micros),
                ms(latencyP999Micros),
                ms(latencyMaxMicros),
                latencySamples));
        out.add(String.format(
                Locale.ROOT,
                "server     %.2f CPU-s (%.0f %% of a core), %d forwarded (%.0f pps) = %.1fk forwarded per CPU-s"
                        + " (%.1fk per CPU-s of the UDP reader and session workers); drops %s",
                serverCpuSeconds,
                windowSeconds > 0 ? 100 * serverCpuSeconds / windowSeconds : 0,
                forwarded,
                windowSeconds > 0 ? forwarded / windowSeconds : 0,
                forwardedPerCpuSecond() / 1000,
                forwardedPerMediaCpuSecond() / 1000,
                drops.isEmpty() ? "none" : drops));
        out.add("threads    CPU-s by thread group: " + threadCpuSeconds);
        out.add(String.format(
                Locale.ROOT,
                "rtcp       receivers %s: %d reports, %d NACK packets (%d numbers), %d REMB, %d send failures, %d"
                        + " simulated losses over the run; server in the window %s",
                options.rtcp().enabled() ? "on" : "off",
                rtcpSent[0],
                rtcpSent[1],
                rtcpSent[2],
                rtcpSent[3],
                rtcpSendFailures,
                simulatedLost,
                serverRtcp));
        out.add(String.format(
                Locale.ROOT,
                "memory     RSS %.0f MiB before listeners, %.0f MiB after (%.1f KiB per listener); live heap %d ->"
                        + " %d MiB (%.1f KiB per listener)",
                rssBaseBytes / MIB,
                rssEndBytes / MIB,
                rssGrowthPerListenerKiB(),
                heapBaseMiB,
                heapEndMiB,
                heapGrowthPerListenerKiB()));
        out.add(String.format(
                Locale.ROOT,
                "gc         %d pauses in the window, total %.1f ms, max %.2f ms%s",
                gc.count(),
                gc.totalMillis(),
                gc.maxMillis(),
                gc.longest().isEmpty() ? "" : " (" + gc.longest().get(0) + ")"));
        out.add("udp        host /proc/net/snmp deltas " + udp);
        out.add(String.format(
                Locale.ROOT,
                "loadgen    %.2f CPU-s, %d threads; load average %.2f -> %.2f",
                loadgenCpuSeconds,
                loadgenThreads,
                loadBefore,
                loadAfter));
        return out;
    }

    private static double ms(long micros) {
        return micros < 0 ? -1 : round3(micros / 1000.0);
    }

    private static double round3(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private static String f1(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static Builder builder(LoadOptions o) {
        return new Builder(o);
    }

    /** Inputs of a report (collected by {@link ServerLoad}). */
    static final class Builder {
        final LoadOptions o;
        List<ServerLoad.Joined> listeners = List.of();
        List<BenchPeer> publisherPeers = List.of();
        List<StampedPublisher> publishers = List.of();
        int[][] from = new int[0][];
        int[][] to = new int[0][];
        SharedLatency latency = new SharedLatency();
        double joinSeconds;
        int joinFailures;
        String firstJoinError;
        long serverPid;
        Sampler.Point base;
        Sampler.Point before;
        Sampler.Point after;
        Sampler.Point end;
        GcLog.Pauses gc;
        String collector = "unknown";
        double loadgenCpuSeconds;
        double loadBefore;
        double loadAfter;
        int threads;
        JoinStages.Cost joinCost = JoinStages.Cost.none();

        Builder(LoadOptions o) {
            this.o = o;
        }

        LoadReport build() {
            return new LoadReport(this);
        }
    }
}
