package io.rtcd.ws.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The per-address attempt limit on a fake clock: exact thresholds, refill, eviction, the table bound. */
class AttemptLimiterTest {
    private static final long T0 = 1_000_000_000_000L;
    private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);
    /** 60 s / 128 = 468.75 ms, exact in ns. */
    private static final long INTERVAL = MINUTE / 128;

    @Test
    void the129thAttemptWithinAMinuteIsRefusedNotThe128th() {
        AttemptLimiter l = new AttemptLimiter(128, 1000, T0);
        for (int i = 1; i <= 128; i++) {
            assertEquals(AttemptLimiter.ALLOWED, l.tryAcquire("10.0.0.1", T0 + i), "attempt " + i);
        }
        long wait = l.tryAcquire("10.0.0.1", T0 + 129);
        assertTrue(wait > 0, "attempt 129 refused");
        // The next token comes one interval after the burst started (at T0 + 1).
        assertEquals(T0 + 1 + INTERVAL, T0 + 129 + wait);
    }

    @Test
    void attemptsSpreadOverAMinuteAtTheRateAreNeverRefused() {
        AttemptLimiter l = new AttemptLimiter(128, 1000, T0);
        for (int i = 0; i < 128 * 5; i++) {
            assertEquals(AttemptLimiter.ALLOWED, l.tryAcquire("a", T0 + i * INTERVAL), "attempt " + i);
        }
    }

    @Test
    void afterTheBurstOneAttemptPerIntervalIsAdmitted() {
        AttemptLimiter l = new AttemptLimiter(128, 1000, T0);
        for (int i = 0; i < 128; i++) {
            l.tryAcquire("a", T0);
        }
        assertTrue(l.tryAcquire("a", T0 + INTERVAL - 1) > 0, "one ns early");
        assertEquals(AttemptLimiter.ALLOWED, l.tryAcquire("a", T0 + INTERVAL));
        assertTrue(l.tryAcquire("a", T0 + INTERVAL) > 0, "only one per interval");
        assertEquals(AttemptLimiter.ALLOWED, l.tryAcquire("a", T0 + 2 * INTERVAL));
    }

    @Test
    void refusedAttemptsDoNotDeepenTheDebt() {
        AttemptLimiter l = new AttemptLimiter(2, 1000, T0);
        l.tryAcquire("a", T0);
        l.tryAcquire("a", T0);
        for (int i = 0; i < 1000; i++) {
            assertTrue(l.tryAcquire("a", T0 + 1) > 0);
        }
        assertEquals(AttemptLimiter.ALLOWED, l.tryAcquire("a", T0 + MINUTE / 2));
    }

    @Test
    void addressesHaveSeparateBudgets() {
        AttemptLimiter l = new AttemptLimiter(3, 1000, T0);
        for (int i = 0; i < 3; i++) {
            l.tryAcquire("a", T0);
        }
        assertTrue(l.tryAcquire("a", T0) > 0);
        assertEquals(AttemptLimiter.ALLOWED, l.tryAcquire("b", T0));
    }

    @Test
    void idleAddressesAreEvictedAfterAWindow() {
        AttemptLimiter l = new AttemptLimiter(10, 1000, T0);
        for (int i = 0; i < 100; i++) {
            l.tryAcquire("10.0.0." + i, T0);
        }
        assertEquals(100, l.trackedKeys());
        // A minute later every bucket is full again: the next attempt's sweep forgets them.
        l.tryAcquire("new", T0 + MINUTE);
        assertEquals(1, l.trackedKeys());
    }

    @Test
    void aFullTableAdmitsNewAddressesUntrackedAndKeepsCountingKnownOnes() {
        AttemptLimiter l = new AttemptLimiter(2, 3, T0);
        l.tryAcquire("a", T0);
        l.tryAcquire("b", T0);
        l.tryAcquire("c", T0);
        assertEquals(AttemptLimiter.UNTRACKED, l.tryAcquire("d", T0));
        assertEquals(3, l.trackedKeys());
        assertEquals(AttemptLimiter.ALLOWED, l.tryAcquire("a", T0));
        assertTrue(l.tryAcquire("a", T0) > 0);
        // Once their buckets refill, a sweep (at most one per second when full) makes room.
        assertEquals(AttemptLimiter.ALLOWED, l.tryAcquire("d", T0 + MINUTE));
        assertEquals(1, l.trackedKeys());
    }
}
