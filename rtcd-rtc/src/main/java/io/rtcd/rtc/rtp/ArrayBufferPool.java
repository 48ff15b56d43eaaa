package io.rtcd.rtc.rtp;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.LongAdder;

/**
 * A bounded, thread-safe pool of fixed-size heap buffers: {@code headroom + maxPacket + tailroom} bytes each
 * (default 32 + 1500 + 64). Up to {@code maxPooled} free buffers are kept; beyond that a released buffer is left to
 * the GC, and an empty pool allocates. A buffer that was grown past the fixed size is not pooled again.
 *
 * <p>The free list is an {@link ArrayBlockingQueue}, whose offer/poll do not allocate.
 */
public final class ArrayBufferPool implements BufferPool {
    private final int headroom;
    private final int arraySize;
    private final ArrayBlockingQueue<PacketBuffer> free;
    private final LongAdder allocated = new LongAdder();

    /**
     * @param maxPooled free buffers kept, 1..1_000_000
     * @param headroom bytes before the data, 0..256
     * @param maxPacket largest packet, 1..65535
     * @param tailroom bytes after a full packet, at least 32 (SRTP tag plus SRTCP index)
     */
    public ArrayBufferPool(int maxPooled, int headroom, int maxPacket, int tailroom) {
        check("maxPooled", maxPooled, 1, 1_000_000);
        check("headroom", headroom, 0, 256);
        check("maxPacket", maxPacket, 1, 65535);
        check("tailroom", tailroom, 32, 4096);
        this.headroom = headroom;
        this.arraySize = headroom + maxPacket + tailroom;
        this.free = new ArrayBlockingQueue<>(maxPooled);
    }

    /** 4096 pooled buffers of 32 + 1500 + 64 bytes. */
    public static ArrayBufferPool defaults() {
        return new ArrayBufferPool(
                4096, PacketBuffer.DEFAULT_HEADROOM, PacketBuffer.MAX_PACKET, PacketBuffer.DEFAULT_TAILROOM);
    }

    private static void check(String key, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(key + " out of range " + min + ".." + max + ": " + value);
        }
    }

    @Override
    public PacketBuffer acquire() {
        PacketBuffer b = free.poll();
        if (b == null) {
            allocated.increment();
            b = new PacketBuffer(new byte[arraySize], headroom);
        }
        b.onAcquire(this, headroom);
        return b;
    }

    @Override
    public void recycle(PacketBuffer buffer) {
        if (buffer.refCount() != 0) {
            throw new IllegalStateException("recycle of a buffer still referenced: " + buffer);
        }
        if (buffer.getBuffer().length == arraySize) {
            free.offer(buffer);
        }
    }

    /** Buffers created so far (a steadily growing figure means the pool is too small or buffers leak). */
    public long allocatedCount() {
        return allocated.sum();
    }

    /** Free buffers currently pooled. */
    public int pooledCount() {
        return free.size();
    }

    /** The array size of every pooled buffer. */
    public int bufferSize() {
        return arraySize;
    }
}
