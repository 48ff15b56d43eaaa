package io.rtcd.rtc.transport.udp;

import java.nio.ByteBuffer;
import org.jitsi.utils.ByteArrayBuffer;

/**
 * A pooled packet buffer: one heap array with headroom (for header rewrites) and tailroom (so SRTP can append its
 * tag in place), viewed by offset and length. Implements jitsi's {@link ByteArrayBuffer} so
 * {@code SrtpContext} works on it directly.
 *
 * <p>Ownership: exactly one owner at a time. The UDP reader fills it and hands it to one
 * {@link MuxEndpoint} callback, which becomes the owner; the owner either passes it on or calls {@link #release()}.
 * Using a buffer after releasing it is a bug. Not thread-safe; hand-offs between threads must go through a
 * happens-before edge (a queue, an executor).
 */
public final class UdpBuffer implements ByteArrayBuffer {
    private final UdpBufferPool pool;
    private final int headroom;
    private byte[] array;
    private ByteBuffer receiveView;
    private int offset;
    private int length;

    UdpBuffer(UdpBufferPool pool, int headroom, int capacity) {
        this.pool = pool;
        this.headroom = headroom;
        this.array = new byte[capacity];
        this.receiveView = ByteBuffer.wrap(array);
        this.offset = headroom;
    }

    /** A standalone buffer that belongs to no pool ({@link #release()} does nothing): for tests and benchmarks. */
    public static UdpBuffer unpooled(int headroom, int capacity) {
        return new UdpBuffer(null, headroom, capacity);
    }

    /** Copies {@code len} bytes into this buffer at the headroom offset (for tests, tools and benchmarks). */
    public UdpBuffer fill(byte[] src, int srcOff, int len) {
        if (headroom + len > array.length) {
            grow(headroom + len - array.length);
        }
        System.arraycopy(src, srcOff, array, headroom, len);
        offset = headroom;
        length = len;
        return this;
    }

    /** The view the reader thread receives into: position at the headroom, limit leaving the tailroom free. */
    ByteBuffer prepareReceive(int maxDatagram) {
        offset = headroom;
        length = 0;
        receiveView.clear();
        receiveView.position(headroom);
        receiveView.limit(Math.min(array.length, headroom + maxDatagram));
        return receiveView;
    }

    void completeReceive() {
        length = receiveView.position() - headroom;
    }

    /** Returns the buffer to its pool. The caller must not touch it afterwards. */
    public void release() {
        if (pool != null) {
            pool.release(this);
        }
    }

    /** Copy of the current content (allocates; for tests). */
    public byte[] toArray() {
        byte[] copy = new byte[length];
        System.arraycopy(array, offset, copy, 0, length);
        return copy;
    }

    @Override
    public byte[] getBuffer() {
        return array;
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
        if (len < 0 || offset + len > array.length) {
            throw new IllegalArgumentException("length " + len + " outside buffer of " + array.length);
        }
        this.length = len;
    }

    @Override
    public void setOffset(int off) {
        if (off < 0 || off + length > array.length) {
            throw new IllegalArgumentException("offset " + off + " outside buffer of " + array.length);
        }
        this.offset = off;
    }

    @Override
    public boolean isInvalid() {
        return false;
    }

    @Override
    public void readRegionToBuff(int off, int len, byte[] outBuff) {
        if (off < 0 || len < 0 || off + len > length) {
            throw new IllegalArgumentException("region " + off + "+" + len + " outside length " + length);
        }
        System.arraycopy(array, offset + off, outBuff, 0, len);
    }

    /** Ensures room for {@code howMuch} more bytes after the content; reallocates only if the tailroom is short. */
    @Override
    public void grow(int howMuch) {
        if (howMuch < 0) {
            throw new IllegalArgumentException("grow by " + howMuch);
        }
        if (offset + length + howMuch <= array.length) {
            return;
        }
        byte[] bigger = new byte[offset + length + howMuch];
        System.arraycopy(array, 0, bigger, 0, offset + length);
        array = bigger;
        receiveView = ByteBuffer.wrap(array);
    }

    @Override
    public void append(byte[] data, int len) {
        if (len == 0) {
            return;
        }
        grow(len);
        System.arraycopy(data, 0, array, offset + length, len);
        length += len;
    }

    @Override
    public void shrink(int len) {
        if (len <= 0) {
            return;
        }
        length = Math.max(0, length - len);
    }
}
