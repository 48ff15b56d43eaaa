package io.rtcd.rtc.rtp;

/**
 * Keeps one subscriber's outgoing RTP timestamps continuous while the forwarded source changes. Within a source the
 * input is shifted by a constant offset mod 2^32 (RFC 3550 §5.1: timestamps of one SSRC advance with the sampling
 * clock). When the source SSRC changes, the new source's first packet gets {@code last sent + estimated delta}: the
 * wall-clock time since the last sent timestamp converted at the clock rate, or {@code defaultDelta} (one frame) when
 * no time has passed, so the receiver's jitter buffer sees a plausible step instead of a jump.
 *
 * <p>Not thread-safe: one instance per subscriber stream, used on that session's thread. Time comes from the caller
 * ({@code nowNanos}, e.g. {@link System#nanoTime()}), which keeps the class deterministic in tests.
 */
public final class TimestampRewriter {
    private static final long MASK = 0xFFFF_FFFFL;
    /** Estimates beyond this are capped: after a long pause a step of 10 s is as good as any. */
    private static final long MAX_GAP_NANOS = 10_000_000_000L;

    private final int clockRate;
    private final long defaultDelta;
    private boolean started;
    private long sourceSsrc;
    private long offset;
    private long lastSent;
    private long lastSentNanos;

    /**
     * @param clockRate the RTP clock rate in Hz (48000 for Opus, 90000 for video)
     * @param defaultDelta the step used when the switch happens with no measurable elapsed time, e.g. 960 (20 ms Opus)
     *     or 3000 (one 30 fps frame)
     */
    public TimestampRewriter(int clockRate, long defaultDelta) {
        if (clockRate <= 0) {
            throw new IllegalArgumentException("clockRate must be positive: " + clockRate);
        }
        if (defaultDelta < 1 || defaultDelta > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("defaultDelta out of range 1..2^31-1: " + defaultDelta);
        }
        this.clockRate = clockRate;
        this.defaultDelta = defaultDelta;
    }

    /**
     * @param ssrc the source SSRC of the incoming packet
     * @param timestamp its timestamp 0..2^32-1
     * @param nowNanos a monotonic clock reading
     * @return the outgoing timestamp 0..2^32-1
     */
    public long rewrite(long ssrc, long timestamp, long nowNanos) {
        timestamp &= MASK;
        if (!started) {
            started = true;
            sourceSsrc = ssrc;
            offset = 0;
            lastSent = timestamp;
            lastSentNanos = nowNanos;
            return timestamp;
        }
        if (ssrc != sourceSsrc) {
            sourceSsrc = ssrc;
            long next = (lastSent + estimatedDelta(nowNanos)) & MASK;
            offset = (next - timestamp) & MASK;
            lastSent = next;
            lastSentNanos = nowNanos;
            return next;
        }
        long out = (timestamp + offset) & MASK;
        if (SerialNumbers.isNewerTimestamp(out, lastSent)) {
            lastSent = out;
            lastSentNanos = nowNanos;
        }
        return out;
    }

    private long estimatedDelta(long nowNanos) {
        long elapsed = Math.min(nowNanos - lastSentNanos, MAX_GAP_NANOS);
        if (elapsed <= 0) {
            return defaultDelta;
        }
        return Math.max(1, elapsed * clockRate / 1_000_000_000L);
    }

    /** The latest timestamp sent so far. */
    public long lastSent() {
        return lastSent;
    }
}
