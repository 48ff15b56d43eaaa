package io.rtcd.rtc.rtp;

/**
 * Static accessors and in-place rewriters for the RTP fixed header, CSRC list and header extension (RFC 3550 §5.1,
 * §5.3.1) over {@code buf[off, off+len)}. No allocation: the packet bytes are the only state, so a packet is
 * "parsed" by calling {@link #validate} once and then reading what the stage needs.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * |V=2|P|X|  CC   |M|     PT      |       sequence number         |
 * |                           timestamp                           |
 * |           synchronization source (SSRC) identifier            |
 * |            contributing source (CSRC) identifiers (CC x 32)   |
 * |      defined by profile       |           length              |  (if X)
 * </pre>
 *
 * <p>Accessors other than {@link #validate} assume a packet that validated to {@link DropReason#NONE}.
 */
public final class RtpHeader {
    /** Size of the fixed header. */
    public static final int FIXED_HEADER_LENGTH = 12;
    /** RFC 8285 §4.2 one-byte header extension profile. */
    public static final int ONE_BYTE_PROFILE = 0xBEDE;
    /** RFC 8285 §4.3 two-byte header extension profile (the low 4 bits are "appbits"). */
    public static final int TWO_BYTE_PROFILE = 0x1000;

    private RtpHeader() {}

    /**
     * Checks everything the accessors rely on (RFC 3550 §5.1, §5.3.1, RFC 8285 §4). Returns the first problem found,
     * or {@link DropReason#NONE}; never throws for any content when {@code off, len} lie within {@code buf}.
     */
    public static DropReason validate(byte[] buf, int off, int len) {
        if (len < FIXED_HEADER_LENGTH) {
            return DropReason.TRUNCATED;
        }
        if (version(buf, off) != 2) {
            return DropReason.BAD_VERSION;
        }
        int headerLength = FIXED_HEADER_LENGTH + 4 * csrcCount(buf, off);
        if (headerLength > len) {
            return DropReason.CSRC_OVERFLOW;
        }
        if (hasExtension(buf, off)) {
            if (headerLength + 4 > len) {
                return DropReason.BAD_EXTENSION_LENGTH;
            }
            int words = Bytes.u16(buf, off + headerLength + 2);
            int extEnd = headerLength + 4 + 4 * words;
            if (extEnd > len) {
                return DropReason.BAD_EXTENSION_LENGTH;
            }
            if (!HeaderExtensions.elementsFit(buf, off + headerLength, 4 + 4 * words)) {
                return DropReason.BAD_EXTENSION_LENGTH;
            }
            headerLength = extEnd;
        }
        if (hasPadding(buf, off)) {
            int pad = Bytes.u8(buf, off + len - 1);
            if (pad == 0 || headerLength + pad > len) {
                return DropReason.PADDING_OVERFLOW;
            }
        }
        return DropReason.NONE;
    }

    public static int version(byte[] buf, int off) {
        return (buf[off] & 0xC0) >>> 6;
    }

    public static boolean hasPadding(byte[] buf, int off) {
        return (buf[off] & 0x20) != 0;
    }

    public static boolean hasExtension(byte[] buf, int off) {
        return (buf[off] & 0x10) != 0;
    }

    public static int csrcCount(byte[] buf, int off) {
        return buf[off] & 0x0F;
    }

    public static boolean marker(byte[] buf, int off) {
        return (buf[off + 1] & 0x80) != 0;
    }

    public static int payloadType(byte[] buf, int off) {
        return buf[off + 1] & 0x7F;
    }

    public static int sequence(byte[] buf, int off) {
        return Bytes.u16(buf, off + 2);
    }

    /** The 32-bit timestamp as an unsigned value. */
    public static long timestamp(byte[] buf, int off) {
        return Bytes.u32(buf, off + 4);
    }

    /** The SSRC as an unsigned value. */
    public static long ssrc(byte[] buf, int off) {
        return Bytes.u32(buf, off + 8);
    }

    public static long csrc(byte[] buf, int off, int index) {
        return Bytes.u32(buf, off + FIXED_HEADER_LENGTH + 4 * index);
    }

    /** Offset of the 4-byte extension header (profile, length), or -1 without the X bit. */
    public static int extensionOffset(byte[] buf, int off) {
        return hasExtension(buf, off) ? off + FIXED_HEADER_LENGTH + 4 * csrcCount(buf, off) : -1;
    }

    /** The "defined by profile" field: 0xBEDE, 0x100x or another profile; -1 without the X bit. */
    public static int extensionProfile(byte[] buf, int off) {
        int ext = extensionOffset(buf, off);
        return ext < 0 ? -1 : Bytes.u16(buf, ext);
    }

    /** Fixed header, CSRCs and header extension, in bytes. */
    public static int headerLength(byte[] buf, int off) {
        int h = FIXED_HEADER_LENGTH + 4 * csrcCount(buf, off);
        if (hasExtension(buf, off)) {
            h += 4 + 4 * Bytes.u16(buf, off + h + 2);
        }
        return h;
    }

    public static int paddingLength(byte[] buf, int off, int len) {
        return hasPadding(buf, off) ? Bytes.u8(buf, off + len - 1) : 0;
    }

    /** Absolute offset of the payload. */
    public static int payloadOffset(byte[] buf, int off) {
        return off + headerLength(buf, off);
    }

    public static int payloadLength(byte[] buf, int off, int len) {
        return len - headerLength(buf, off) - paddingLength(buf, off, len);
    }

    /** Rewrites the payload type, keeping the marker bit. */
    public static void setPayloadType(byte[] buf, int off, int payloadType) {
        buf[off + 1] = (byte) ((buf[off + 1] & 0x80) | (payloadType & 0x7F));
    }

    public static void setMarker(byte[] buf, int off, boolean marker) {
        buf[off + 1] = (byte) (marker ? buf[off + 1] | 0x80 : buf[off + 1] & 0x7F);
    }

    public static void setSequence(byte[] buf, int off, int sequence) {
        Bytes.put16(buf, off + 2, sequence);
    }

    public static void setTimestamp(byte[] buf, int off, long timestamp) {
        Bytes.put32(buf, off + 4, timestamp);
    }

    public static void setSsrc(byte[] buf, int off, long ssrc) {
        Bytes.put32(buf, off + 8, ssrc);
    }

    /**
     * Removes the whole header extension block in place (RFC 3550 §5.3.1) by moving the fixed header and CSRC list
     * forward over it and clearing the X bit: the payload does not move, the packet's offset grows and its length
     * shrinks by the block size. Used to forward packets without the publisher's extensions.
     *
     * @param packet a packet that validated with {@link #validate}
     * @return the number of bytes removed (0 when there was no extension)
     */
    public static int removeExtension(PacketBuffer packet) {
        byte[] buf = packet.getBuffer();
        int off = packet.getOffset();
        if (!hasExtension(buf, off)) {
            return 0;
        }
        int fixed = FIXED_HEADER_LENGTH + 4 * csrcCount(buf, off);
        int block = 4 + 4 * Bytes.u16(buf, off + fixed + 2);
        System.arraycopy(buf, off, buf, off + block, fixed);
        int newOff = off + block;
        buf[newOff] = (byte) (buf[newOff] & ~0x10);
        int newLength = packet.getLength() - block;
        packet.setLength(0);
        packet.setOffset(newOff);
        packet.setLength(newLength);
        return block;
    }
}
