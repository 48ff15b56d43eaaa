package io.rtcd.rtc.sfu;

import java.util.concurrent.atomic.AtomicLong;

/**
 * At most one keyframe request (PLI, RFC 4585 §6.3.1) per track per interval, whichever subscriber asks (rtcd
 * forwards PLIs rate-limited per SSRC too). Lock-free; called from subscribers' serial executors concurrently.
 */
final class KeyframeRequestLimiter {
    private static final long NEVER = Long.MIN_VALUE;

    private final long intervalNanos;
    private final AtomicLong last = new AtomicLong(NEVER);

    KeyframeRequestLimiter(long intervalNanos) {
        this.intervalNanos = intervalNanos;
    }

    /**
     * @param force a new subscriber needs a keyframe now: passes regardless of the interval, and restarts it
     * @return whether a PLI should be sent now
     */
    boolean tryAcquire(long nowNanos, boolean force) {
        while (true) {
            long prev = last.get();
            if (!force && prev != NEVER && nowNanos - prev < intervalNanos) {
                return false;
            }
            if (last.compareAndSet(prev, nowNanos)) {
                return true;
            }
        }
    }
}
