package io.rtcd.rtc.rtp;

import java.util.concurrent.atomic.AtomicInteger;
import org.jitsi.utils.ByteArrayBuffer;

/**
 * One packet: a byte array viewed by offset and length, with headroom before the data (for a header that moves
 * forward, e.g. RTX or TURN framing) and tailroom after it for the SRTP auth tag (10 or 16 bytes) and the SRTCP
 * E|index word (4 bytes), so jitsi-srtp transforms the packet in place without reallocating
 * ({@link #grow(int)} keeps the array while the capacity allows).
 *
 * <h2>Ownership (Jetty's Retainable idiom)</h2>
 *
 * <ul>
 *   <li>Whoever holds a reference owns it. A buffer comes from {@link BufferPool#acquire()} with one reference.</li>
 *   <li>A stage that <b>drops</b> a packet calls {@link #release()} exactly once and forgets the buffer.</li>
 *   <li>A stage that <b>stores</b> a packet beyond the call (NACK history, jitter buffer) calls {@link #retain()}
 *       before passing it on and releases when it evicts it, or stores a {@link #copy(BufferPool)} instead.</li>
 *   <li>Every other stage passes the buffer on and must not touch it afterwards.</li>
 *   <li>The terminal stage (the socket writer) releases after the send.</li>
 * </ul>
 *
 * <p>Not thread-safe for content: one thread works on a packet at a time (hand-off through a queue gives the
 * happens-before). The reference count itself is atomic.
 */
public final class PacketBuffer implements ByteArrayBuffer {
    /** Bytes kept free before the data by default. */
    public static final int DEFAULT_HEADROOM = 32;
    /** Bytes kept free after a full-size packet by default: 16 B GCM tag + 4 B SRTCP index, rounded up. */
    public static final int DEFAULT_TAILROOM = 64;
    /** Largest UDP payload the pools size for (Ethernet MTU). */
    public static final int MAX_PACKET = 1500;

    private byte[] buffer;
    private int offset;
    private int length;
    private final AtomicInteger refCount = new AtomicInteger();
    private BufferPool owner;

    PacketBuffer(byte[] buffer, int headroom) {
        if (headroom < 0 || headroom > buffer.length) {
            throw new IllegalArgumentException("headroom out of range 0.." + buffer.length + ": " + headroom);
        }
        this.buffer = buffer;
        this.offset = headroom;
    }

    /** An unpooled buffer over a copy of {@code data[off, off+len)} with default head- and tailroom (tests, tools). */
    public static PacketBuffer copyOf(byte[] data, int off, int len) {
        PacketBuffer p = new PacketBuffer(new byte[DEFAULT_HEADROOM + len + DEFAULT_TAILROOM], DEFAULT_HEADROOM);
        System.arraycopy(data, off, p.buffer, DEFAULT_HEADROOM, len);
        p.length = len;
        p.refCount.set(1);
        return p;
    }

    /** Called by a pool when it hands the buffer out. */
    void onAcquire(BufferPool pool, int headroom) {
        this.owner = pool;
        this.offset = headroom;
        this.length = 0;
        this.refCount.set(1);
    }

    /** Lets a wrapping pool (e.g. {@link TrackingBufferPool}) receive the final release. */
    void owner(BufferPool pool) {
        this.owner = pool;
    }

    /** Adds a reference; the caller must {@link #release()} it later. */
    public PacketBuffer retain() {
        int before = refCount.getAndIncrement();
        if (before <= 0) {
            refCount.getAndDecrement();
            throw new IllegalStateException("retain of a released buffer");
        }
        return this;
    }

    /**
     * Drops one reference; the last one returns the buffer to its pool.
     *
     * @return true when this call freed the buffer
     * @throws IllegalStateException when the buffer was already released (double release)
     */
    public boolean release() {
        int after = refCount.decrementAndGet();
        if (after < 0) {
            refCount.incrementAndGet();
            throw new IllegalStateException("buffer released more often than retained");
        }
        if (after == 0 && owner != null) {
            owner.recycle(this);
            return true;
        }
        return after == 0;
    }

    public int refCount() {
        return refCount.get();
    }

    /** A copy of the content into a buffer from {@code pool} (for stages that keep a packet but not the buffer). */
    public PacketBuffer copy(BufferPool pool) {
        PacketBuffer p = pool.acquire();
        p.grow(length);
        System.arraycopy(buffer, offset, p.buffer, p.offset, length);
        p.length = length;
        return p;
    }

    /** Replaces the content with {@code src[off, off+len)}, keeping the current offset. */
    public void put(byte[] src, int off, int len) {
        length = 0;
        append(src, off, len);
    }

    /** Bytes free before the data. */
    public int headroom() {
        return offset;
    }

    /** Bytes free after the data. */
    public int tailroom() {
        return buffer.length - offset - length;
    }

    /** Largest length the data may have without reallocating: {@code length + tailroom()}. */
    public int capacity() {
        return buffer.length - offset;
    }

    @Override
    public byte[] getBuffer() {
        return buffer;
    }

    @Override
    public int getOffset() {
        return offset;
    }

    @Override
    public int getLength() {
        return length;
    }

    @Override
    public void setLength(int len) {
        if (len < 0 || len > buffer.length - offset) {
            throw new IllegalArgumentException("length out of range 0.." + (buffer.length - offset) + ": " + len);
        }
        this.length = len;
    }

    @Override
    public void setOffset(int off) {
        if (off < 0 || off + length > buffer.length) {
            throw new IllegalArgumentException("offset out of range 0.." + (buffer.length - length) + ": " + off);
        }
        this.offset = off;
    }

    @Override
    public boolean isInvalid() {
        return false;
    }

    @Override
    public void readRegionToBuff(int off, int len, byte[] out) {
        if (off < 0 || len < 0 || off + len > length) {
            throw new IllegalArgumentException("region " + off + "+" + len + " outside length " + length);
        }
        System.arraycopy(buffer, offset + off, out, 0, len);
    }

    /** Makes room for {@code howMuch} more bytes after the data; reallocates only when the tailroom is too small. */
    @Override
    public void grow(int howMuch) {
        if (howMuch < 0) {
            throw new IllegalArgumentException("negative grow: " + howMuch);
        }
        if (howMuch <= tailroom()) {
            return;
        }
        byte[] bigger = new byte[offset + length + howMuch + DEFAULT_TAILROOM];
        System.arraycopy(buffer, offset, bigger, offset, length);
        buffer = bigger;
    }

    @Override
    public void append(byte[] data, int len) {
        append(data, 0, len);
    }

    public void append(byte[] data, int off, int len) {
        grow(len);
        System.arraycopy(data, off, buffer, offset + length, len);
        length += len;
    }

    @Override
    public void shrink(int len) {
        if (len <= 0) {
            return;
        }
        length = Math.max(0, length - len);
    }

    @Override
    public String toString() {
        return "PacketBuffer[offset=" + offset + ", length=" + length + ", capacity=" + buffer.length + ", refs="
                + refCount.get() + "]";
    }
}
