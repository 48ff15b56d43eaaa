package io.rtcd.bench.load;

/** A joined participant's signalling: a browser-face socket ({@link RealtimeSignal}) or a {@code /ws} session. */
interface Signal extends AutoCloseable {
    /** {@code System.nanoTime()} when its socket was upgraded (a session on a shared socket: when it joined). */
    long upgradedNanos();

    /** Leaves (bounded wait); never throws. */
    @Override
    void close();
}
