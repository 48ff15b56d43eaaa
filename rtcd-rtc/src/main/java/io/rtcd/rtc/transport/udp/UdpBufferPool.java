package io.rtcd.rtc.transport.udp;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.LongAdder;

/**
 * Bounded free-list of {@link UdpBuffer}s. {@link #acquire()} reuses a free buffer or, when the list is empty,
 * allocates a new one (counted, so a leak or an undersized pool shows up in {@link #allocations()}); {@link
 * #release} keeps at most {@code capacity} buffers. Both are thread-safe and do not allocate in the steady state.
 */
public final class UdpBufferPool {
    /** Room before the datagram: header rewrites without a copy. */
    public static final int HEADROOM = 32;
    /** Room after the datagram: SRTP/SRTCP tag and index (≤ 16 + 4), plus slack. */
    public static final int TAILROOM = 32;

    private final ArrayBlockingQueue<UdpBuffer> free;
    private final int bufferCapacity;
    private final LongAdder allocations = new LongAdder();
    private final LongAdder outstanding = new LongAdder();

    public UdpBufferPool(int capacity, int maxDatagramBytes) {
        if (capacity < 1) {
            throw new IllegalArgumentException("pool capacity must be >= 1, got " + capacity);
        }
        this.free = new ArrayBlockingQueue<>(capacity);
        this.bufferCapacity = HEADROOM + maxDatagramBytes + TAILROOM;
    }

    public UdpBuffer acquire() {
        outstanding.increment();
        UdpBuffer b = free.poll();
        if (b != null) {
            return b;
        }
        allocations.increment();
        return new UdpBuffer(this, HEADROOM, bufferCapacity);
    }

    void release(UdpBuffer buffer) {
        outstanding.decrement();
        free.offer(buffer);
    }

    /** Buffers allocated because the free list was empty. */
    public long allocations() {
        return allocations.sum();
    }

    /** Buffers acquired and not yet released, for leak checks (a running UdpMux reader always holds one). */
    public long outstanding() {
        return outstanding.sum();
    }
}
