package io.rtcd.ws.guard;

/**
 * A token bucket in the GCRA form (ITU-T I.371 "virtual scheduling"): one long, the theoretical arrival time
 * {@code tat}, instead of a token count and a refill timestamp. A bucket of {@code burst} tokens refilled one token every
 * {@code interval} ns admits {@code burst} events at once and then one per interval; an event is admitted iff
 * {@code max(tat, now) - now <= (burst - 1) * interval}.
 *
 * <p>Not thread-safe: the owner serialises calls (Jetty's per-connection callbacks, or a map's compute lock). No
 * allocation.
 */
final class RateBucket {
    private final long interval;
    private final long tolerance;
    private long tat;

    /**
     * @param interval nanoseconds per token (the sustained rate is 1/interval)
     * @param burst tokens available at once, at least 1
     * @param now the current time in ns: the bucket starts full
     */
    RateBucket(long interval, int burst, long now) {
        if (interval < 1 || burst < 1) {
            throw new IllegalArgumentException("interval and burst must be positive");
        }
        this.interval = interval;
        this.tolerance = (burst - 1) * interval;
        this.tat = now;
    }

    /**
     * Takes one token if there is one.
     *
     * @return 0 if taken, otherwise the nanoseconds until a token will be available (at least 1)
     */
    long take(long now) {
        long t = tat - now > 0 ? tat : now;
        long debt = t - now;
        if (debt > tolerance) {
            return debt - tolerance;
        }
        tat = t + interval;
        return 0;
    }

    /** Whether the bucket holds all its tokens again (nothing taken within the last burst's worth of time). */
    boolean isFull(long now) {
        return tat - now <= 0;
    }

    /** Nanoseconds per token for {@code count} events per {@code periodNanos}, at least 1. */
    static long interval(long periodNanos, int count) {
        return Math.max(1, periodNanos / count);
    }
}
