package io.rtcd.rtc.rtp;

/**
 * A reusable iterator over the RFC 8285 header extension elements of one packet; keep one per stage (it is not
 * thread-safe) so iteration allocates nothing.
 *
 * <pre>{@code
 * if (cursor.reset(buf, off)) {
 *     while (cursor.next()) {
 *         handle(cursor.id(), buf, cursor.dataOffset(), cursor.dataLength());
 *     }
 * }
 * }</pre>
 *
 * <p>Padding bytes (ID 0) are skipped; a one-byte ID 15 ends the iteration (RFC 8285 §4.2).
 */
public final class HeaderExtensionCursor {
    private byte[] buf;
    private boolean oneByte;
    private int pos;
    private int end;
    private int id;
    private int elementOffset;
    private int dataOffset;
    private int dataLength;

    /**
     * Starts iterating a packet that validated with {@link RtpHeader#validate}.
     *
     * @return false when the packet has no one- or two-byte extension block (nothing to iterate)
     */
    public boolean reset(byte[] packet, int off) {
        this.buf = packet;
        int ext = RtpHeader.extensionOffset(packet, off);
        end = pos = 0;
        if (ext < 0) {
            return false;
        }
        int profile = Bytes.u16(packet, ext);
        oneByte = HeaderExtensions.isOneByte(profile);
        if (!oneByte && !HeaderExtensions.isTwoByte(profile)) {
            return false;
        }
        pos = ext + 4;
        end = pos + 4 * Bytes.u16(packet, ext + 2);
        return true;
    }

    /** Moves to the next element; false at the end. */
    public boolean next() {
        while (pos < end) {
            int b = buf[pos] & 0xFF;
            if (b == 0) {
                pos++;
                continue;
            }
            elementOffset = pos;
            if (oneByte) {
                if ((b >>> 4) == 15) {
                    pos = end;
                    return false;
                }
                id = b >>> 4;
                dataLength = (b & 0x0F) + 1;
                dataOffset = pos + 1;
            } else {
                id = b;
                dataLength = buf[pos + 1] & 0xFF;
                dataOffset = pos + 2;
            }
            pos = dataOffset + dataLength;
            return true;
        }
        return false;
    }

    public boolean isOneByte() {
        return oneByte;
    }

    public int id() {
        return id;
    }

    /** Absolute offset of the element's first (ID) byte, for in-place rewriting. */
    public int elementOffset() {
        return elementOffset;
    }

    public int dataOffset() {
        return dataOffset;
    }

    public int dataLength() {
        return dataLength;
    }
}
