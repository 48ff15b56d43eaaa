package io.rtcd.rtc.transport.tcp;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of the ICE-TCP listener (connection events and framing). Per-packet drops (STUN failures, unknown
 * senders, SRTP failures) go to the shared {@link io.rtcd.rtc.transport.TransportCounters} like UDP ones. Updates
 * are allocation-free; {@link #snapshot()} is for the metrics scrape. Thread-safe.
 */
public final class TcpCounters {
    private final LongAdder accepted = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder authenticated = new LongAdder();
    private final LongAdder authTimeouts = new LongAdder();
    private final LongAdder sessionLimit = new LongAdder();
    private final LongAdder closed = new LongAdder();
    private final LongAdder rxFrames = new LongAdder();
    private final LongAdder rxBytes = new LongAdder();
    private final LongAdder txFrames = new LongAdder();
    private final LongAdder txBytes = new LongAdder();
    private final LongAdder oversizeFrames = new LongAdder();
    private final LongAdder writeOverflows = new LongAdder();

    void accepted() {
        accepted.increment();
    }

    void refused() {
        refused.increment();
    }

    void authenticated() {
        authenticated.increment();
    }

    void authTimeout() {
        authTimeouts.increment();
    }

    void sessionLimit() {
        sessionLimit.increment();
    }

    void closed() {
        closed.increment();
    }

    void received(int bytes) {
        rxFrames.increment();
        rxBytes.add(bytes);
    }

    void sent(int bytes) {
        txFrames.increment();
        txBytes.add(bytes);
    }

    void oversizeFrame() {
        oversizeFrames.increment();
    }

    void writeOverflow() {
        writeOverflows.increment();
    }

    public TcpStats snapshot() {
        long a = accepted.sum();
        long c = closed.sum();
        return new TcpStats(
                a,
                refused.sum(),
                authenticated.sum(),
                authTimeouts.sum(),
                sessionLimit.sum(),
                c,
                Math.max(0, a - c),
                rxFrames.sum(),
                rxBytes.sum(),
                txFrames.sum(),
                txBytes.sum(),
                oversizeFrames.sum(),
                writeOverflows.sum());
    }
}
