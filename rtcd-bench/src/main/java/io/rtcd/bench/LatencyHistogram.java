package io.rtcd.bench;

/**
 * Fixed-memory latency histogram: {@link #RESOLUTION_MICROS} µs buckets up to {@link #MAX_MICROS} (10 s), one
 * overflow bucket, and the exact maximum. Percentiles are bucket upper bounds. Not thread-safe: one recording thread.
 */
final class LatencyHistogram {
    static final int RESOLUTION_MICROS = 10;
    static final int MAX_MICROS = 10_000_000;
    private static final int BUCKETS = MAX_MICROS / RESOLUTION_MICROS;

    private final int[] buckets = new int[BUCKETS + 1];
    private long count;
    private long maxNanos;

    void record(long nanos) {
        long bucket = Math.max(0, nanos) / (1000L * RESOLUTION_MICROS);
        buckets[(int) Math.min(bucket, BUCKETS)]++;
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
                return i == BUCKETS ? maxNanos / 1000 : (long) (i + 1) * RESOLUTION_MICROS;
            }
        }
        return maxNanos / 1000;
    }

    long maxMicros() {
        return maxNanos / 1000;
    }
}
