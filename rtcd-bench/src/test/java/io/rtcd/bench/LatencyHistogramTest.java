package io.rtcd.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {
    @Test
    void percentilesAreBucketUpperBoundsInMicroseconds() {
        LatencyHistogram h = new LatencyHistogram();
        for (int i = 0; i < 100; i++) {
            h.record(i * 10_000L + 5_000); // 5 µs .. 995 µs, one per 10 µs bucket
        }
        assertEquals(100, h.count());
        assertEquals(500, h.percentileMicros(0.50));
        assertEquals(990, h.percentileMicros(0.99));
        assertEquals(995, h.maxMicros());
    }

    @Test
    void overflowReportsTheExactMaximumAndEmptyIsMinusOne() {
        LatencyHistogram h = new LatencyHistogram();
        assertEquals(-1, h.percentileMicros(0.5));
        h.record(20_000_000_000L); // 20 s, beyond the last bucket
        assertEquals(20_000_000, h.percentileMicros(0.99));
        h.record(-5); // clock skew never goes below zero
        assertEquals(10, h.percentileMicros(0.01)); // upper bound of the first 10 µs bucket
    }
}
