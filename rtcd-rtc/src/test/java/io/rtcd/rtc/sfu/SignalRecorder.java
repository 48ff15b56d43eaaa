package io.rtcd.rtc.sfu;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Test {@link RtcSignalSink}: records every signal and lets a test await one (bounded wait, no fixed sleeps). */
final class SignalRecorder implements RtcSignalSink {
    private final List<RtcSignal> signals = new ArrayList<>();

    @Override
    public synchronized boolean send(RtcSignal signal) {
        signals.add(signal);
        notifyAll();
        return true;
    }

    synchronized List<RtcSignal> all() {
        return List.copyOf(signals);
    }

    /** Waits for the {@code nth} (0-based) signal to {@code sessionId} of {@code type}. */
    synchronized RtcSignal await(String sessionId, RtcSignal.Type type, int nth, Duration timeout) {
        return await(s -> s.sessionId().equals(sessionId) && s.type() == type, nth, timeout);
    }

    synchronized RtcSignal await(Predicate<RtcSignal> p, int nth, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            int seen = 0;
            for (RtcSignal s : signals) {
                if (p.test(s) && seen++ == nth) {
                    return s;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("signal not received in " + timeout + "; got " + signals);
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    synchronized long count(String sessionId, RtcSignal.Type type) {
        return signals.stream()
                .filter(s -> s.sessionId().equals(sessionId) && s.type() == type)
                .count();
    }
}
