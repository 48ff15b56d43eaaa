package io.rtcd.bench.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * Scrapes the server's {@code /metrics} (Prometheus text format 0.0.4) for the SFU counters the load run reports:
 * {@code rtcd_rtc_forwarded_packets_total} and {@code rtcd_rtc_dropped_packets_total{reason=...}}.
 */
final class ServerMetrics {
    static final String FORWARDED = "rtcd_rtc_forwarded_packets_total";
    static final String DROPPED = "rtcd_rtc_dropped_packets_total";

    private ServerMetrics() {}

    static Map<String, Double> scrape(HttpClient http, URI base) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(base.resolve("/metrics"))
                .timeout(Duration.ofSeconds(5))
                .build();
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("GET /metrics answered " + r.statusCode());
        }
        return parse(r.body());
    }

    /** Sample name (with its labels, as written) to value; comments and unparsable lines skipped. */
    static Map<String, Double> parse(String text) {
        Map<String, Double> out = new TreeMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int sp = line.lastIndexOf(' ');
            if (sp <= 0) {
                continue;
            }
            try {
                out.put(
                        line.substring(0, sp).trim(),
                        Double.parseDouble(line.substring(sp + 1).trim()));
            } catch (NumberFormatException ignored) {
                // not a sample line
            }
        }
        return out;
    }

    static final String RTCP_RECEIVED = "rtcd_rtc_rtcp_received_total{type=\"";
    static final String NACK_REQUESTED = "rtcd_rtc_nack_requested_total";
    static final String NACK_RETRANSMITTED = "rtcd_rtc_nack_retransmitted_total";

    /**
     * The RTCP the server received between two scrapes, by type ({@code rtcd_rtc_rtcp_received_total}, types with none
     * left out), and the NACKed numbers and retransmissions ({@code nack_requested}, {@code nack_retransmitted}).
     */
    static Map<String, Long> rtcpDelta(Map<String, Double> before, Map<String, Double> after) {
        Map<String, Long> out = new TreeMap<>();
        after.forEach((k, v) -> {
            if (k.startsWith(RTCP_RECEIVED)) {
                long d = v.longValue() - before.getOrDefault(k, 0.0).longValue();
                if (d != 0) {
                    out.put(k.substring(RTCP_RECEIVED.length(), k.indexOf('"', RTCP_RECEIVED.length())), d);
                }
            }
        });
        out.put(
                "nack_requested",
                after.getOrDefault(NACK_REQUESTED, 0.0).longValue()
                        - before.getOrDefault(NACK_REQUESTED, 0.0).longValue());
        out.put(
                "nack_retransmitted",
                after.getOrDefault(NACK_RETRANSMITTED, 0.0).longValue()
                        - before.getOrDefault(NACK_RETRANSMITTED, 0.0).longValue());
        return out;
    }

    static long forwarded(Map<String, Double> m) {
        return m.getOrDefault(FORWARDED, 0.0).longValue();
    }

    /** Dropped packets by reason label. */
    static Map<String, Long> drops(Map<String, Double> m) {
        Map<String, Long> out = new TreeMap<>();
        String prefix = DROPPED + "{reason=\"";
        m.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length(), k.indexOf('"', prefix.length())), v.longValue());
            }
        });
        return out;
    }
}
