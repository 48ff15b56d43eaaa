package io.rtcd.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {
    @Test
    void percentilesAreBucketUpperBoundsInMicroseconds() {
        LatencyHistogram h = new LatencyHistogram();
        for (int i = 0; i < 100; i++) {
            h.record(i * 1_000L + 500); // 0.5 µs .. 99.5 µs
        }
        assertEquals(100, h.count());
        assertEquals(50, h.percentileMicros(0.50));
        assertEquals(99, h.percentileMicros(0.99));
        assertEquals(99, h.maxMicros());
    }

    @Test
    void overflowReportsTheExactMaximumAndEmptyIsMinusOne() {
        LatencyHistogram h = new LatencyHistogram();
        assertEquals(-1, h.percentileMicros(0.5));
        h.record(2_000_000_000L); // 2 s, beyond the last bucket
        assertEquals(2_000_000, h.percentileMicros(0.99));
        h.record(-5); // clock skew never goes below zero
        assertEquals(1, h.percentileMicros(0.01)); // upper bound of the first 1 µs bucket
    }
}
