package io.rtcd.rtc.sfu;

/**
 * rtcd's voice activity detection over the RFC 6464 audio level of each packet (0 = loudest, 127 =
 * silence): a window of the last {@value #WINDOW} levels; once full, on each packet the sample standard deviation
 * (Bessel-corrected, rounded) decides: ON when off and stddev &gt; {@value #ON_THRESHOLD}, OFF when on and stddev
 * &lt; {@value #OFF_THRESHOLD} but not earlier than 2 s after turning on. Allocation-free.
 *
 * <p>Not thread-safe: owned by the publisher's serial executor.
 */
final class VoiceActivityDetector {
    static final int WINDOW = 50;
    static final int ON_THRESHOLD = 10;
    static final int OFF_THRESHOLD = 4;
    static final long MIN_ON_NANOS = 2_000_000_000L;

    /** Result of {@link #update}. */
    enum Transition {
        NONE,
        ON,
        OFF
    }

    private final int[] levels = new int[WINDOW];
    private int count;
    private int next;
    private long sum;
    private boolean on;
    private long onSinceNanos;

    Transition update(int level, long nowNanos) {
        int v = level & 0x7F;
        if (count == WINDOW) {
            sum -= levels[next];
        } else {
            count++;
        }
        levels[next] = v;
        sum += v;
        next = (next + 1) % WINDOW;
        if (count < WINDOW) {
            return Transition.NONE;
        }
        long stddev = Math.round(stddev());
        if (!on && stddev > ON_THRESHOLD) {
            on = true;
            onSinceNanos = nowNanos;
            return Transition.ON;
        }
        if (on && stddev < OFF_THRESHOLD && nowNanos - onSinceNanos >= MIN_ON_NANOS) {
            on = false;
            return Transition.OFF;
        }
        return Transition.NONE;
    }

    private double stddev() {
        double mean = (double) sum / count;
        double acc = 0;
        for (int i = 0; i < count; i++) {
            double d = levels[i] - mean;
            acc += d * d;
        }
        return Math.sqrt(acc / (count - 1));
    }

    /**
     * Clears the window (mute).
     *
     * @return whether voice was on, i.e. whether the caller must emit VOICE_OFF
     */
    boolean reset() {
        boolean wasOn = on;
        on = false;
        count = 0;
        next = 0;
        sum = 0;
        return wasOn;
    }

    boolean isOn() {
        return on;
    }
}
