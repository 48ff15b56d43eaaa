package io.rtcd.rtc.rtp;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * A pool wrapper that remembers every buffer it handed out until its last release, to find leaks in tests (style
 * guide P7, after Jetty's {@code ArrayByteBufferPool.Tracking}): call {@link #assertNoLeaks()} in
 * {@code @AfterEach}. Thread-safe; allocates a map entry per acquire, so not for production.
 */
public final class TrackingBufferPool implements BufferPool {
    private final BufferPool delegate;
    private final Set<PacketBuffer> outstanding = Collections.newSetFromMap(new IdentityHashMap<>());
    private long acquired;

    public TrackingBufferPool(BufferPool delegate) {
        this.delegate = delegate;
    }

    public TrackingBufferPool() {
        this(new ArrayBufferPool(
                256, PacketBuffer.DEFAULT_HEADROOM, PacketBuffer.MAX_PACKET, PacketBuffer.DEFAULT_TAILROOM));
    }

    @Override
    public PacketBuffer acquire() {
        PacketBuffer b = delegate.acquire();
        b.owner(this);
        synchronized (outstanding) {
            outstanding.add(b);
            acquired++;
        }
        return b;
    }

    @Override
    public void recycle(PacketBuffer buffer) {
        synchronized (outstanding) {
            if (!outstanding.remove(buffer)) {
                throw new IllegalStateException("recycle of a buffer this pool does not own: " + buffer);
            }
        }
        delegate.recycle(buffer);
    }

    /** Buffers acquired and not yet released. */
    public int outstandingCount() {
        synchronized (outstanding) {
            return outstanding.size();
        }
    }

    public long acquiredCount() {
        synchronized (outstanding) {
            return acquired;
        }
    }

    /** @throws IllegalStateException naming how many buffers leaked and the first of them */
    public void assertNoLeaks() {
        synchronized (outstanding) {
            if (!outstanding.isEmpty()) {
                throw new IllegalStateException(outstanding.size() + " buffer(s) not released, e.g. "
                        + outstanding.iterator().next());
            }
        }
    }
}
