package io.rtcd.bench.load;

/**
 * The measured window as send times on the load generator's clock ({@link System#nanoTime()}): packets stamped in
 * {@code [start, end)} feed the shared latency histogram. Written by the run thread, read by every reader thread.
 */
final class ReceiveWindow {
    private final SharedLatency latency = new SharedLatency();
    private volatile long start = Long.MAX_VALUE;
    private volatile long end = Long.MAX_VALUE;

    void open(long nanos) {
        start = nanos;
    }

    void close(long nanos) {
        end = nanos;
    }

    boolean contains(long sentNanos) {
        long s = start;
        long e = end;
        return s != Long.MAX_VALUE && sentNanos - s >= 0 && (e == Long.MAX_VALUE || sentNanos - e < 0);
    }

    SharedLatency latency() {
        return latency;
    }
}
