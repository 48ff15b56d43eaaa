package io.rtcd.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JoinStagesTest {
    private static final long MS = 1_000_000;

    /** Join {@code i}: dial at i ms, every stage i + 1 ms long (token 5 ms before the dial). */
    private static JoinStages.Times join(long i) {
        long dial = 1000 * MS + i * MS;
        long step = (i + 1) * MS;
        long up = dial + step;
        long welcome = up + step;
        long offer = up;
        long answer = offer + 2 * step;
        long ice = answer + step;
        long connected = ice + step;
        return new JoinStages.Times(dial - 5 * MS, dial, up, welcome, offer, answer, ice, connected, connected + step);
    }

    @Test
    void stagesAreDifferencesOfConsecutiveStampsAndPercentilesAreNearestRank() {
        List<JoinStages.Times> joins = new ArrayList<>();
        for (long i = 9; i >= 0; i--) { // out of order: sorted by dial time
            joins.add(join(i));
        }
        JoinStages s = new JoinStages(joins);
        assertEquals(5_000, s.percentile(0, 0.5), "upgrade p50: 5th of 1..10 ms");
        assertEquals(10_000, s.percentile(0, 0.95), "upgrade p95");
        assertEquals(10_000, s.percentile(2, 0.5), "answer = offer -> answer, 2 steps");
        assertEquals(5_000, s.percentile(5, 0.5), "media");
        assertEquals(5_000, s.tokenPercentile(0.95));
        String[] lines = s.csv().split("\n");
        assertEquals("n,dial_ms,token_ms,upgrade_ms,welcome_ms,answer_ms,ice_ms,dtls_ms,media_ms,total_ms", lines[0]);
        assertEquals("0,0.000,5.000,1.000,1.000,2.000,1.000,1.000,1.000,6.000", lines[1]);
        assertEquals("9,9.000,5.000,10.000,10.000,20.000,10.000,10.000,10.000,60.000", lines[10]);
    }

    @Test
    void missingStagesAreLeftOutNotCountedAsZero() {
        JoinStages.Times noMedia = new JoinStages.Times(1, 10 * MS, 11 * MS, 12 * MS, 11 * MS, 13 * MS, 0, 0, 0);
        JoinStages s = new JoinStages(List.of(noMedia, join(1)));
        assertEquals(2_000, s.percentile(3, 0.5), "ice only from the join that had it");
        assertTrue(s.csv().lines().skip(1).anyMatch(l -> l.endsWith(",,,,")), s.csv());
        ObjectNode json = RealtimeSignal.JSON.createObjectNode();
        s.putJson(json);
        JsonNode st = json.path("stages_ms");
        assertEquals(1.0, st.path("upgrade").path("p50").asDouble());
        assertEquals(-1, new JoinStages(List.of()).percentile(0, 0.5));
    }

    @Test
    void costIsCpuDeltaPerJoinByThreadGroup() {
        Sampler.Point from = point(1_000 * MS, Map.of("rtcd-http", 100 * MS, "rtcd-dtls", 50 * MS));
        Sampler.Point to = point(3_000 * MS, Map.of("rtcd-http", 900 * MS, "rtcd-dtls", 450 * MS, "new", 10 * MS));
        JoinStages.Cost c = JoinStages.Cost.of(
                from, to, Map.of("lg-http", 0L), Map.of("lg-http", 400 * MS, "lg-dtls", 200 * MS), 100);
        assertEquals(20.0, c.serverMs());
        assertEquals(Map.of("rtcd-http", 8.0, "rtcd-dtls", 4.0, "new", 0.1), c.serverByGroupMs());
        assertEquals(
                List.of("rtcd-http", "rtcd-dtls", "new"),
                List.copyOf(c.serverByGroupMs().keySet()));
        assertEquals(6.0, c.loadgenMs());
        assertEquals(-1.0, JoinStages.Cost.of(from, to, Map.of(), Map.of(), 0).serverMs());
    }

    private static Sampler.Point point(long cpu, Map<String, Long> threads) {
        return new Sampler.Point(0, cpu, threads, 0, 0, Map.of(), Map.of(), -1);
    }
}
