package io.rtcd.bench.load;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where each listener's join time went, stage by stage, and what the ramp cost in CPU per join on both sides.
 *
 * <p>Stages (each from the end of the previous one, {@code System.nanoTime()} on the load generator): {@code upgrade}
 * = WebSocket dial → 101 received; {@code welcome} = upgrade → {@code welcome} received; {@code answer} = offer sent
 * → SFU answer received; {@code ice} = answer → ICE Binding success; {@code dtls} = ICE → DTLS handshake done (SRTP
 * keys); {@code media} = DTLS done → first RTP packet decrypted. {@code token} (the {@code POST /realtime/tokens}
 * before the dial) is not part of the join latency and shown apart. The offer is sent right after the upgrade, so
 * {@code welcome} and {@code answer} overlap; the other stages follow each other.
 *
 * <p>CPU per join = CPU time of the server process (by thread group) and of the load generator between the start of
 * the listener ramp and the last listener's first packet, ÷ listeners joined. It includes the forwarding to the
 * listeners already joined during the ramp (the {@code rtcd-rtc-worker} / {@code rtcd-udp-rx} groups) and the JIT
 * compilers of a fresh server.
 */
final class JoinStages {
    static final List<String> STAGES = List.of("upgrade", "welcome", "answer", "ice", "dtls", "media");

    /** One join's {@code System.nanoTime()} stamps; 0 = did not happen. */
    record Times(
            long token,
            long dial,
            long upgraded,
            long welcome,
            long offer,
            long answer,
            long ice,
            long connected,
            long firstRtp) {
        static Times of(ServerLoad.Joined j) {
            return new Times(
                    j.tokenNanos(),
                    j.dialNanos(),
                    j.signal().upgradedNanos(),
                    j.welcomeNanos(),
                    j.offerNanos(),
                    j.answerNanos(),
                    j.peer().iceNanos(),
                    j.connectedNanos(),
                    j.peer().firstRtpNanos());
        }
    }

    /** Per-join durations in microseconds, one row per listener, columns {@link #STAGES} then total; -1 = missing. */
    private final List<long[]> rows = new ArrayList<>();

    private final List<Long> tokens = new ArrayList<>();
    private final List<Long> dials = new ArrayList<>();
    private final long firstDial;

    static JoinStages of(List<ServerLoad.Joined> joins) {
        return new JoinStages(joins.stream().map(Times::of).toList());
    }

    JoinStages(List<Times> joins) {
        List<Times> sorted = new ArrayList<>(joins);
        sorted.sort(Comparator.comparingLong(Times::dial));
        this.firstDial = sorted.isEmpty() ? 0 : sorted.get(0).dial();
        for (Times j : sorted) {
            rows.add(new long[] {
                span(j.dial(), j.upgraded()),
                span(j.upgraded(), j.welcome()),
                span(j.offer(), j.answer()),
                span(j.answer(), j.ice()),
                span(j.ice(), j.connected()),
                span(j.connected(), j.firstRtp()),
                span(j.dial(), j.firstRtp())
            });
            tokens.add(span(j.token(), j.dial()));
            dials.add(j.dial());
        }
    }

    private static long span(long from, long to) {
        return from == 0 || to == 0 || to < from ? -1 : (to - from) / 1000;
    }

    /** {@code p}-quantile (0..1) of column {@code col} in microseconds over the joins that have it, or -1. */
    long percentile(int col, double p) {
        long[] v = rows.stream()
                .mapToLong(r -> r[col])
                .filter(x -> x >= 0)
                .sorted()
                .toArray();
        return quantile(v, p);
    }

    long tokenPercentile(double p) {
        return quantile(
                tokens.stream()
                        .mapToLong(Long::longValue)
                        .filter(x -> x >= 0)
                        .sorted()
                        .toArray(),
                p);
    }

    static long quantile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return -1;
        }
        int i = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.clamp(i, 0, sorted.length - 1)];
    }

    /** {@code "stages_ms": {"upgrade": {"p50":..,"p95":..}, ...}} into {@code join}. */
    void putJson(ObjectNode join) {
        ObjectNode st = join.putObject("stages_ms");
        for (int i = 0; i < STAGES.size(); i++) {
            st.putObject(STAGES.get(i)).put("p50", ms(percentile(i, 0.5))).put("p95", ms(percentile(i, 0.95)));
        }
        st.putObject("token").put("p50", ms(tokenPercentile(0.5))).put("p95", ms(tokenPercentile(0.95)));
    }

    /** One readable line: p50 / p95 of each stage. */
    String summary() {
        StringBuilder sb = new StringBuilder("stages     p50 / p95 ms:");
        for (int i = 0; i < STAGES.size(); i++) {
            sb.append(' ')
                    .append(STAGES.get(i))
                    .append(' ')
                    .append(ms(percentile(i, 0.5)))
                    .append(" / ")
                    .append(ms(percentile(i, 0.95)))
                    .append(i + 1 < STAGES.size() ? "," : "");
        }
        sb.append(" (token request before the dial ")
                .append(ms(tokenPercentile(0.5)))
                .append(" / ")
                .append(ms(tokenPercentile(0.95)))
                .append(')');
        return sb.toString();
    }

    /**
     * Writes {@code joins.csv}: one line per listener in dial order with its dial time since the first dial and its
     * stage durations (ms), so the growth with the number already joined can be plotted.
     */
    void writeCsv(Path file) throws IOException {
        Files.writeString(file, csv(), StandardCharsets.UTF_8);
    }

    /** The content of {@link #writeCsv}; an empty cell is a stage that did not happen. */
    String csv() {
        StringBuilder sb = new StringBuilder("n,dial_ms,token_ms,");
        STAGES.forEach(s -> sb.append(s).append("_ms,"));
        sb.append("total_ms\n");
        for (int i = 0; i < rows.size(); i++) {
            sb.append(i)
                    .append(',')
                    .append(f3((dials.get(i) - firstDial) / 1e6))
                    .append(',');
            sb.append(f3(ms(tokens.get(i))));
            for (long v : rows.get(i)) {
                sb.append(',').append(f3(ms(v)));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** CPU per join over the ramp, in ms: server process total and by thread group, load generator likewise. */
    record Cost(
            double serverMs,
            Map<String, Double> serverByGroupMs,
            double loadgenMs,
            Map<String, Double> loadgenByGroupMs) {
        static Cost none() {
            return new Cost(-1, Map.of(), -1, Map.of());
        }

        /**
         * @param from server sample at the ramp start
         * @param to server sample once every listener got media
         * @param loadgenFrom the load generator's CPU by thread group at the ramp start ({@link ProcStats})
         * @param loadgenTo the same at the end
         */
        static Cost of(
                Sampler.Point from,
                Sampler.Point to,
                Map<String, Long> loadgenFrom,
                Map<String, Long> loadgenTo,
                int joins) {
            if (from == null || to == null || joins <= 0) {
                return none();
            }
            long lg = loadgenTo.values().stream().mapToLong(Long::longValue).sum()
                    - loadgenFrom.values().stream().mapToLong(Long::longValue).sum();
            return new Cost(
                    round3((to.cpuNanos() - from.cpuNanos()) / 1e6 / joins),
                    perJoin(from.threadCpu(), to.threadCpu(), joins),
                    round3(lg / 1e6 / joins),
                    perJoin(loadgenFrom, loadgenTo, joins));
        }

        private static Map<String, Double> perJoin(Map<String, Long> from, Map<String, Long> to, int joins) {
            Map<String, Double> groups = new LinkedHashMap<>();
            to.entrySet().stream()
                    .map(e -> Map.entry(e.getKey(), e.getValue() - from.getOrDefault(e.getKey(), 0L)))
                    .filter(e -> e.getValue() > 0)
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .limit(8)
                    .forEach(e -> groups.put(e.getKey(), round3(e.getValue() / 1e6 / joins)));
            return groups;
        }

        void putJson(ObjectNode join) {
            ObjectNode c = join.putObject("cpu_ms_per_join");
            c.put("server", serverMs).put("loadgen", loadgenMs);
            ObjectNode g = c.putObject("server_by_group");
            serverByGroupMs.forEach(g::put);
            ObjectNode l = c.putObject("loadgen_by_group");
            loadgenByGroupMs.forEach(l::put);
        }

        String summary() {
            return String.format(
                    Locale.ROOT,
                    "join cost  CPU ms per join over the ramp: server %s %s; load generator %s %s",
                    serverMs,
                    serverByGroupMs,
                    loadgenMs,
                    loadgenByGroupMs);
        }
    }

    private static double ms(long micros) {
        return micros < 0 ? -1 : round3(micros / 1000.0);
    }

    private static double round3(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private static String f3(double v) {
        return v < 0 ? "" : String.format(Locale.ROOT, "%.3f", v);
    }
}
