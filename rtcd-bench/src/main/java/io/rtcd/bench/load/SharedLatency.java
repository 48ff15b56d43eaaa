package io.rtcd.bench.load;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One-way latency histogram shared by every peer's reader thread (lock-free increments): 10 µs buckets up to 100 ms,
 * then 1 ms buckets up to 60 s (an overloaded SFU queues for seconds), one overflow bucket and the exact maximum.
 * 280 KB whatever the peer count. Percentiles are bucket upper bounds.
 */
final class SharedLatency {
    private static final long FINE_NANOS = 10_000;
    private static final int FINE = 10_000; // 10 µs × 10 000 = 100 ms
    private static final long COARSE_NANOS = 1_000_000;
    private static final int COARSE = 59_900; // 100 ms .. 60 s

    private final AtomicIntegerArray buckets = new AtomicIntegerArray(FINE + COARSE + 1);
    private final AtomicLong max = new AtomicLong();

    void record(long nanos) {
        long n = Math.max(0, nanos);
        int i;
        if (n < FINE * FINE_NANOS) {
            i = (int) (n / FINE_NANOS);
        } else {
            i = (int) Math.min(FINE + COARSE, FINE + (n - FINE * FINE_NANOS) / COARSE_NANOS);
        }
        buckets.incrementAndGet(i);
        long m = max.get();
        while (n > m && !max.compareAndSet(m, n)) {
            m = max.get();
        }
    }

    long count() {
        long c = 0;
        for (int i = 0; i < buckets.length(); i++) {
            c += buckets.get(i);
        }
        return c;
    }

    /** Microseconds at or below which {@code fraction} of the samples lie; -1 without samples. */
    long percentileMicros(double fraction) {
        long count = count();
        if (count == 0) {
            return -1;
        }
        long rank = Math.max(1, (long) Math.ceil(fraction * count));
        long seen = 0;
        for (int i = 0; i < buckets.length(); i++) {
            seen += buckets.get(i);
            if (seen >= rank) {
                if (i == FINE + COARSE) {
                    return maxMicros();
                }
                long upperNanos = i < FINE ? (i + 1) * FINE_NANOS : FINE * FINE_NANOS + (i - FINE + 1) * COARSE_NANOS;
                return Math.min(upperNanos / 1000, maxMicros());
            }
        }
        return maxMicros();
    }

    long maxMicros() {
        return max.get() / 1000;
    }
}
