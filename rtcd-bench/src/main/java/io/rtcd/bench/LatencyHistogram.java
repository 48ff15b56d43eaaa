package io.rtcd.bench;

/**
 * Fixed-memory latency histogram: 1 µs buckets up to {@link #MAX_MICROS}, one overflow bucket, and the exact maximum.
 * Percentiles are bucket upper bounds (1 µs resolution). Not thread-safe: one recording thread.
 */
final class LatencyHistogram {
    static final int MAX_MICROS = 500_000;

    private final int[] buckets = new int[MAX_MICROS + 1];
    private long count;
    private long maxNanos;

    void record(long nanos) {
        long micros = Math.max(0, nanos) / 1000;
        buckets[(int) Math.min(micros, MAX_MICROS)]++;
        count++;
        maxNanos = Math.max(maxNanos, nanos);
    }

    long count() {
        return count;
    }

    /** Latency in microseconds below or at which {@code fraction} of the samples lie; -1 without samples. */
    long percentileMicros(double fraction) {
        if (count == 0) {
            return -1;
        }
        long rank = (long) Math.ceil(fraction * count);
        long seen = 0;
        for (int i = 0; i < buckets.length; i++) {
            seen += buckets[i];
            if (seen >= Math.max(1, rank)) {
                return i == MAX_MICROS ? maxNanos / 1000 : i + 1;
            }
        }
        return maxNanos / 1000;
    }

    long maxMicros() {
        return maxNanos / 1000;
    }
}
