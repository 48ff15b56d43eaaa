package io.rtcd.bench;

import io.rtcd.rtc.rtp.DropReason;
import io.rtcd.rtc.rtp.RtpHeader;
import io.rtcd.rtc.sfu.SfuTestPeer;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Drains the subscribers' decrypted-RTP queues on one load-generator thread ({@code lg-collector}) and keeps, per
 * subscriber, which stamped packet numbers arrived, plus a one-way latency histogram over the measured window. The
 * payload of each packet starts with the 4-byte packet number and the 8-byte {@link System#nanoTime()} of the send
 * (same JVM, same clock). Latency is taken when the collector sees the packet: it includes the peer's reader thread
 * and the queue hand-off, and the collector parks 50 µs when every queue is empty.
 */
final class FanoutCollector implements Runnable {
    private static final long IDLE_PARK_NANOS = 50_000;

    private final List<SfuTestPeer> subscribers;
    private final BitSet[] received;
    private final long[] malformed;
    private final int steadyFrom;
    private final int steadyTo;
    private final LatencyHistogram latency = new LatencyHistogram();
    private volatile boolean stop;
    private volatile long totalReceived;

    /** Packets numbered {@code [steadyFrom, steadyTo)} are the measured window. */
    FanoutCollector(List<SfuTestPeer> subscribers, int totalPackets, int steadyFrom, int steadyTo) {
        this.subscribers = List.copyOf(subscribers);
        this.received = new BitSet[subscribers.size()];
        for (int i = 0; i < received.length; i++) {
            received[i] = new BitSet(totalPackets);
        }
        this.malformed = new long[subscribers.size()];
        this.steadyFrom = steadyFrom;
        this.steadyTo = steadyTo;
    }

    @Override
    public void run() {
        long total = 0;
        while (!stop) {
            int drained = 0;
            for (int i = 0; i < subscribers.size(); i++) {
                byte[] p;
                while ((p = subscribers.get(i).rtp.poll()) != null) {
                    long now = System.nanoTime();
                    drained++;
                    accept(i, p, now);
                }
            }
            total += drained;
            totalReceived = total;
            if (drained == 0) {
                LockSupport.parkNanos(IDLE_PARK_NANOS);
            }
        }
    }

    private void accept(int sub, byte[] p, long now) {
        if (RtpHeader.validate(p, 0, p.length) != DropReason.NONE) {
            malformed[sub]++;
            return;
        }
        int at = RtpHeader.payloadOffset(p, 0);
        if (at + 12 > p.length) {
            malformed[sub]++;
            return;
        }
        int n = readInt(p, at);
        long sentAt = readLong(p, at + 4);
        if (n < 0 || n >= steadyTo + 1_000_000) {
            malformed[sub]++;
            return;
        }
        if (received[sub].get(n)) {
            return; // duplicate
        }
        received[sub].set(n);
        if (n >= steadyFrom && n < steadyTo) {
            latency.record(now - sentAt);
        }
    }

    void stop() {
        stop = true;
    }

    long totalReceived() {
        return totalReceived;
    }

    /** Distinct steady-window packets subscriber {@code i} received (read after the collector stopped). */
    int steadyReceived(int i) {
        return received[i].get(steadyFrom, steadyTo).cardinality();
    }

    long malformed(int i) {
        return malformed[i];
    }

    LatencyHistogram latency() {
        return latency;
    }

    private static int readInt(byte[] b, int off) {
        return ((b[off] & 0xFF) << 24) | ((b[off + 1] & 0xFF) << 16) | ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF);
    }

    static long readLong(byte[] b, int off) {
        return ((long) readInt(b, off) << 32) | (readInt(b, off + 4) & 0xFFFFFFFFL);
    }

    static void putLong(byte[] b, int off, long v) {
        for (int i = 7; i >= 0; i--) {
            b[off + i] = (byte) v;
            v >>>= 8;
        }
    }
}
