package io.rtcd.rtc.sctp;

/**
 * A host-driven one-shot timer: it only stores a deadline. The association reports the earliest deadline through
 * {@link SctpAssociation#nextTimeoutMillis()} and fires expired timers in {@link SctpAssociation#handleTimeout}.
 * Not thread-safe; owned by one association.
 */
final class SctpTimer {
    static final long STOPPED = Long.MAX_VALUE;

    private long deadline = STOPPED;
    private int expirations;

    /** (Re)starts the timer for {@code durationMillis} from {@code now}. */
    void start(long now, long durationMillis) {
        deadline = now + Math.max(1, durationMillis);
    }

    /** Starts only if not running. */
    void startIfStopped(long now, long durationMillis) {
        if (!isRunning()) {
            start(now, durationMillis);
        }
    }

    /** Stops the timer and resets its expiration count. */
    void stop() {
        deadline = STOPPED;
        expirations = 0;
    }

    boolean isRunning() {
        return deadline != STOPPED;
    }

    long deadline() {
        return deadline;
    }

    /** True (and the timer stops, counting one expiration) when the deadline is reached. */
    boolean expire(long now) {
        if (deadline != STOPPED && now >= deadline) {
            deadline = STOPPED;
            expirations++;
            return true;
        }
        return false;
    }

    /** Consecutive expirations since the last {@link #stop()}. */
    int expirations() {
        return expirations;
    }
}
