package io.rtcd.ws.guard;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Connection attempts per key (a client address): a {@link RateBucket} of {@code perMinute} tokens refilled at
 * {@code perMinute} per minute, so the {@code perMinute + 1}-th attempt within a minute is refused and a steady client
 * gets {@code perMinute} per minute.
 *
 * <p>Memory is bounded: a key whose bucket is full again carries no information and is evicted by a sweep, run at most
 * once per bucket window (one minute) and, when the table holds {@code maxKeys} entries, at most once per second. A new
 * key that finds the table still full after a sweep is admitted untracked ({@link #UNTRACKED}): refusing it would let
 * whoever fills the table lock everybody else out.
 *
 * <p>Thread-safe: each key's bucket is updated under the map's per-key lock; no global lock.
 */
final class AttemptLimiter {
    /** {@link #tryAcquire} result: admitted and counted. */
    static final long ALLOWED = 0;

    /** {@link #tryAcquire} result: admitted without counting, because the table is full. */
    static final long UNTRACKED = -1;

    private static final long MIN_FULL_SWEEP_GAP = TimeUnit.SECONDS.toNanos(1);

    private final ConcurrentHashMap<String, RateBucket> buckets = new ConcurrentHashMap<>();
    private final long interval;
    private final int burst;
    private final int maxKeys;
    private final long sweepPeriod;
    private final AtomicLong lastSweep;

    /**
     * @param perMinute attempts admitted per key and minute, at least 1
     * @param maxKeys keys tracked at most
     * @param now the current time in ns
     */
    AttemptLimiter(int perMinute, int maxKeys, long now) {
        if (perMinute < 1 || maxKeys < 1) {
            throw new IllegalArgumentException("perMinute and maxKeys must be positive");
        }
        this.interval = RateBucket.interval(TimeUnit.MINUTES.toNanos(1), perMinute);
        this.burst = perMinute;
        this.maxKeys = maxKeys;
        this.sweepPeriod = interval * perMinute;
        this.lastSweep = new AtomicLong(now);
    }

    /**
     * Counts one attempt of {@code key} at {@code now}.
     *
     * @return {@link #ALLOWED}, {@link #UNTRACKED}, or (positive) the nanoseconds until this key may try again
     */
    long tryAcquire(String key, long now) {
        maybeSweep(now);
        if (buckets.size() >= maxKeys && !buckets.containsKey(key)) {
            return UNTRACKED;
        }
        long[] wait = new long[1];
        buckets.compute(key, (k, b) -> {
            RateBucket bucket = b == null ? new RateBucket(interval, burst, now) : b;
            wait[0] = bucket.take(now);
            return bucket;
        });
        return wait[0];
    }

    /** Number of tracked keys. */
    int trackedKeys() {
        return buckets.size();
    }

    private void maybeSweep(long now) {
        long last = lastSweep.get();
        long since = now - last;
        boolean due = since >= sweepPeriod || (buckets.size() >= maxKeys && since >= MIN_FULL_SWEEP_GAP);
        if (due && lastSweep.compareAndSet(last, now)) {
            for (String key : buckets.keySet()) {
                buckets.computeIfPresent(key, (k, b) -> b.isFull(now) ? null : b);
            }
        }
    }
}
