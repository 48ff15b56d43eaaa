package io.rtcd.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The bcrypt token bucket, driven by a fake nanosecond clock and a recording sleeper (no real waiting). */
class BcryptRateLimiterTest {
    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong now = new AtomicLong(123 * SECOND);
    private final List<Long> sleeps = new ArrayList<>();

    private BcryptRateLimiter limiter(double rate, Duration maxWait) {
        return new BcryptRateLimiter(rate, maxWait, now::get, sleeps::add);
    }

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    @Test
    void burstIsOneThenCallersQueueAtTheRate() {
        BcryptRateLimiter l = limiter(1.0, Duration.ofSeconds(10));
        for (int i = 0; i <= 10; i++) {
            l.acquire();
        }
        List<Long> expected = new ArrayList<>();
        for (long i = 1; i <= 10; i++) {
            expected.add(i * SECOND);
        }
        assertEquals(expected, sleeps, "first permit is free, then one per second up to the 10 s wait limit");
        AuthException e = assertThrows(AuthException.class, l::acquire);
        assertEquals(AuthException.Kind.TOO_MANY_REQUESTS, e.kind());
        assertEquals(11, l.granted());
    }

    @Test
    void refusedRequestDoesNotConsumeASlot() {
        BcryptRateLimiter l = limiter(1.0, Duration.ofMillis(500));
        l.acquire();
        assertThrows(AuthException.class, l::acquire);
        assertThrows(AuthException.class, l::acquire);
        now.addAndGet(SECOND / 2);
        l.acquire();
        assertEquals(List.of(SECOND / 2), sleeps);
        assertEquals(2, l.granted());
    }

    @Test
    void idleTimeDoesNotBuildABurstLargerThanOne() {
        BcryptRateLimiter l = limiter(4.0, Duration.ofSeconds(10));
        l.acquire();
        now.addAndGet(100 * SECOND);
        l.acquire();
        l.acquire();
        assertEquals(List.of(SECOND / 4), sleeps);
    }

    @Test
    void interruptedWaitIsRefusedAndKeepsTheFlag() {
        BcryptRateLimiter l = new BcryptRateLimiter(1.0, Duration.ofSeconds(10), now::get, nanos -> {
            throw new InterruptedException();
        });
        l.acquire();
        AuthException e = assertThrows(AuthException.class, l::acquire);
        assertEquals(AuthException.Kind.TOO_MANY_REQUESTS, e.kind());
        assertTrue(Thread.currentThread().isInterrupted());
    }

    @Test
    void productionRateIsTwelvePerCpu() {
        long expected = Math.round(1e9 / (12.0 * Runtime.getRuntime().availableProcessors()));
        assertEquals(expected, BcryptRateLimiter.production().intervalNanos());
    }

    @Test
    void invalidParametersAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> limiter(0, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> limiter(Double.NaN, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> limiter(1, Duration.ofSeconds(-1)));
    }
}
