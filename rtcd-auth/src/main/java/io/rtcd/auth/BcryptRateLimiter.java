package io.rtcd.auth;

import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A token bucket of burst 1 that bounds how often bcrypt runs (rtcd PR #88 / #112, against reconnect storms):
 * permits are spaced {@code 1 / rate} seconds apart; a caller waits for its slot if that is at most {@code maxWait}
 * away, otherwise it is refused at once (like Go's {@code rate.Limiter.Wait} with a deadline) and no slot is used.
 *
 * <p>Thread-safe. {@link #acquire()} blocks the calling thread while it waits; reservation is under a short lock,
 * the sleep is outside it.
 */
final class BcryptRateLimiter {
    private static final Logger LOG = LoggerFactory.getLogger(BcryptRateLimiter.class);

    /** rtcd: 12 bcrypt operations per second per CPU. */
    static final int PERMITS_PER_SECOND_PER_CPU = 12;

    static final Duration DEFAULT_MAX_WAIT = Duration.ofSeconds(10);

    /** Sleeps the calling thread; injectable so tests need not wait. */
    @FunctionalInterface
    interface Sleeper {
        void sleepNanos(long nanos) throws InterruptedException;
    }

    private final long intervalNanos;
    private final long maxWaitNanos;
    private final LongSupplier nanoClock;
    private final Sleeper sleeper;

    private boolean used;
    private long nextFreeNanos;
    private long granted;

    BcryptRateLimiter(double permitsPerSecond, Duration maxWait, LongSupplier nanoClock, Sleeper sleeper) {
        if (!(permitsPerSecond > 0) || Double.isInfinite(permitsPerSecond)) {
            throw new IllegalArgumentException("bcrypt permits per second must be > 0, got " + permitsPerSecond);
        }
        if (maxWait == null || maxWait.isNegative()) {
            throw new IllegalArgumentException("bcrypt max wait must be >= 0, got " + maxWait);
        }
        this.intervalNanos = Math.max(1L, Math.round(1e9 / permitsPerSecond));
        this.maxWaitNanos = maxWait.toNanos();
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    /** 12 x available processors per second, burst 1, waiting at most 10 s, on the real clock. */
    static BcryptRateLimiter production() {
        double rate = (double) PERMITS_PER_SECOND_PER_CPU * Runtime.getRuntime().availableProcessors();
        return new BcryptRateLimiter(rate, DEFAULT_MAX_WAIT, System::nanoTime, BcryptRateLimiter::sleep);
    }

    /**
     * Takes a permit, waiting for it if needed.
     *
     * @throws AuthException {@link AuthException.Kind#TOO_MANY_REQUESTS} if the wait would exceed the maximum, or
     *     if the thread is interrupted while waiting (its interrupt flag is restored)
     */
    void acquire() {
        long wait = reserve();
        if (wait <= 0) {
            return;
        }
        try {
            sleeper.sleepNanos(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw throttled();
        }
    }

    /** Returns how long to wait for the reserved permit, or throws if it is too far away. */
    private synchronized long reserve() {
        long now = nanoClock.getAsLong();
        long start = (!used || nextFreeNanos - now < 0) ? now : nextFreeNanos;
        long wait = start - now;
        if (wait > maxWaitNanos) {
            LOG.warn("auth: bcrypt rate limit reached, refusing a request that would wait {} ms", wait / 1_000_000);
            throw throttled();
        }
        used = true;
        nextFreeNanos = start + intervalNanos;
        granted++;
        return wait;
    }

    /** Permits handed out so far (tests use it to prove that a path did no bcrypt work). */
    synchronized long granted() {
        return granted;
    }

    long intervalNanos() {
        return intervalNanos;
    }

    private static AuthException throttled() {
        return new AuthException(AuthException.Kind.TOO_MANY_REQUESTS, "too many authentication requests");
    }

    private static void sleep(long nanos) throws InterruptedException {
        Thread.sleep(Duration.ofNanos(nanos));
    }
}
