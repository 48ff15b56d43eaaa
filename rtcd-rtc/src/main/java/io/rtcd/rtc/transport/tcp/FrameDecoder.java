package io.rtcd.rtc.transport.tcp;

import java.nio.ByteBuffer;

/**
 * RFC 4571 §2 de-framing of one TCP byte stream: each packet is preceded by its length as a 16-bit big-endian
 * unsigned integer. Bytes are read into {@link #readTarget()}, then {@link #drain} hands every complete frame to a
 * handler, in place (no copy, no allocation). A frame longer than the limit is skipped, not buffered, so the buffer
 * stays bounded at {@code 2 + maxFrameBytes} plus read batching.
 *
 * <p>Not thread-safe: owned by the TCP I/O thread.
 */
final class FrameDecoder {
    /** Receives one complete frame; {@code b} is only valid during the call. */
    @FunctionalInterface
    interface FrameHandler {
        void onFrame(byte[] b, int off, int len);
    }

    static final int LENGTH_PREFIX = 2;

    private final ByteBuffer buffer;
    private final int maxFrameBytes;
    private int skip;

    FrameDecoder(int maxFrameBytes, int readBatchBytes) {
        this.maxFrameBytes = maxFrameBytes;
        this.buffer = ByteBuffer.allocate(Math.max(readBatchBytes, LENGTH_PREFIX + maxFrameBytes));
    }

    /** The buffer to read into (write mode: position = end of buffered bytes). */
    ByteBuffer readTarget() {
        return buffer;
    }

    /**
     * Delivers every complete frame buffered so far and keeps the incomplete tail.
     *
     * @return how many oversize frames were found (and are being skipped)
     */
    int drain(FrameHandler handler) {
        buffer.flip();
        byte[] a = buffer.array();
        int oversize = 0;
        while (true) {
            int remaining = buffer.remaining();
            if (skip > 0) {
                int n = Math.min(skip, remaining);
                buffer.position(buffer.position() + n);
                skip -= n;
                if (skip > 0) {
                    break;
                }
                continue;
            }
            if (remaining < LENGTH_PREFIX) {
                break;
            }
            int p = buffer.position();
            int len = ((a[p] & 0xFF) << 8) | (a[p + 1] & 0xFF);
            if (len > maxFrameBytes) {
                oversize++;
                buffer.position(p + LENGTH_PREFIX);
                skip = len;
                continue;
            }
            if (remaining < LENGTH_PREFIX + len) {
                break;
            }
            buffer.position(p + LENGTH_PREFIX + len);
            handler.onFrame(a, p + LENGTH_PREFIX, len);
        }
        buffer.compact();
        return oversize;
    }
}
