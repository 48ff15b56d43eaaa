package io.rtcd.rtc.sctp;

import java.util.function.LongSupplier;

/** A manually advanced millisecond clock for deterministic tests. */
public final class VirtualClock implements LongSupplier {
    private long now;

    public VirtualClock(long start) {
        this.now = start;
    }

    @Override
    public long getAsLong() {
        return now;
    }

    public long now() {
        return now;
    }

    public void advanceTo(long t) {
        if (t > now) {
            now = t;
        }
    }

    public void advance(long millis) {
        now += millis;
    }
}
