package io.rtcd.rtc.rtp;

/**
 * Source of {@link PacketBuffer}s for the media path, injected into every component that needs buffers. Implementations
 * are thread-safe: a buffer may be acquired on a socket reader thread and released on a session thread.
 *
 * <p>Stages never call {@link #recycle}; they call {@link PacketBuffer#release()}, which hands the buffer back to
 * the pool that issued it when the last reference goes.
 */
public interface BufferPool {

    /** A buffer with reference count 1, length 0 and the pool's headroom as offset. Never null. */
    PacketBuffer acquire();

    /** Called by {@link PacketBuffer#release()} once the reference count reaches zero. */
    void recycle(PacketBuffer buffer);
}
