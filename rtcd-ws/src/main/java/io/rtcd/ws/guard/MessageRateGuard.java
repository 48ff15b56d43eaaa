package io.rtcd.ws.guard;

import java.util.concurrent.TimeUnit;

/**
 * The inbound message budget of one connection: a {@link RateBucket} of {@code burst} messages refilled at
 * {@code perSecond}. A message over budget is dropped (never reaches the listener); the first drop after an admitted
 * message asks the caller to tell the client; once {@code floodLimit} messages have been dropped since the bucket was
 * last full (the client never slowed down enough to refill it), the caller closes the connection.
 *
 * <p>Not thread-safe: call from the connection's serial inbound callback. No allocation.
 */
public final class MessageRateGuard {

    /** What to do with one inbound message. */
    public enum Verdict {
        /** Deliver it. */
        ACCEPT,
        /** Drop it and tell the client (first drop since the last admitted message). */
        DROP_AND_NOTIFY,
        /** Drop it silently (the client was already told). */
        DROP,
        /** Drop it and close the connection: the flood limit is reached. */
        CLOSE
    }

    private static final MessageRateGuard UNLIMITED = new MessageRateGuard();

    private final RateBucket bucket;
    private final int floodLimit;
    private int drops;
    private boolean notified;

    private MessageRateGuard() {
        this.bucket = null;
        this.floodLimit = 0;
    }

    /**
     * @param perSecond sustained messages per second, at least 1
     * @param burst messages admitted at once, at least 1
     * @param floodLimit drops (since the bucket was last full) that close the connection, at least 1
     * @param now the current time in ns
     */
    public MessageRateGuard(int perSecond, int burst, int floodLimit, long now) {
        if (perSecond < 1 || floodLimit < 1) {
            throw new IllegalArgumentException("perSecond and floodLimit must be positive");
        }
        this.bucket = new RateBucket(RateBucket.interval(TimeUnit.SECONDS.toNanos(1), perSecond), burst, now);
        this.floodLimit = floodLimit;
    }

    /** A guard that accepts everything (shared, stateless). */
    public static MessageRateGuard unlimited() {
        return UNLIMITED;
    }

    /** Judges one inbound message arriving at {@code now} (ns). */
    public Verdict onMessage(long now) {
        if (bucket == null) {
            return Verdict.ACCEPT;
        }
        if (bucket.isFull(now)) {
            drops = 0; // the client slowed down enough to refill the whole burst: its earlier drops are forgiven
        }
        if (bucket.take(now) == 0) {
            notified = false;
            return Verdict.ACCEPT;
        }
        drops++;
        if (drops >= floodLimit) {
            return Verdict.CLOSE;
        }
        if (!notified) {
            notified = true;
            return Verdict.DROP_AND_NOTIFY;
        }
        return Verdict.DROP;
    }
}
