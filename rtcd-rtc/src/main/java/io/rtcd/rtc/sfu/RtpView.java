package io.rtcd.rtc.sfu;

/**
 * Allocation-free reads of an RTP fixed header and its header extension (RFC 3550 §5.1, RFC 8285 §4). Every method
 * takes the array, the packet offset and the packet length; {@link #payloadOffset} returns -1 for a malformed packet,
 * which callers count as a drop. Adapter: the {@code rtp} package's header codec was not committed when this was
 * written; this class covers exactly what the forwarder needs.
 */
final class RtpView {
    /** RFC 8285 §4.2 one-byte header profile. */
    static final int ONE_BYTE_PROFILE = 0xBEDE;
    /** RFC 8285 §4.3 two-byte header profile, the low 4 bits are "appbits". */
    static final int TWO_BYTE_PROFILE_MASK = 0xFFF0;

    static final int TWO_BYTE_PROFILE = 0x1000;

    private RtpView() {}

    static int u16(byte[] b, int off) {
        return ((b[off] & 0xFF) << 8) | (b[off + 1] & 0xFF);
    }

    static long u32(byte[] b, int off) {
        return ((long) (b[off] & 0xFF) << 24)
                | ((b[off + 1] & 0xFF) << 16)
                | ((b[off + 2] & 0xFF) << 8)
                | (b[off + 3] & 0xFF);
    }

    static void put16(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }

    static void put32(byte[] b, int off, long v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    static int version(byte[] b, int off) {
        return (b[off] & 0xC0) >>> 6;
    }

    static boolean hasPadding(byte[] b, int off) {
        return (b[off] & 0x20) != 0;
    }

    static boolean hasExtension(byte[] b, int off) {
        return (b[off] & 0x10) != 0;
    }

    static int csrcCount(byte[] b, int off) {
        return b[off] & 0x0F;
    }

    static boolean marker(byte[] b, int off) {
        return (b[off + 1] & 0x80) != 0;
    }

    static int payloadType(byte[] b, int off) {
        return b[off + 1] & 0x7F;
    }

    static int sequence(byte[] b, int off) {
        return u16(b, off + 2);
    }

    static long timestamp(byte[] b, int off) {
        return u32(b, off + 4);
    }

    static long ssrc(byte[] b, int off) {
        return u32(b, off + 8);
    }

    /** Offset of the extension block header (the profile word), valid when {@link #hasExtension}. */
    static int extensionOffset(byte[] b, int off) {
        return off + 12 + 4 * csrcCount(b, off);
    }

    /** @return absolute offset of the payload, or -1 when the header does not fit in {@code len} */
    static int payloadOffset(byte[] b, int off, int len) {
        if (len < 12 || version(b, off) != 2) {
            return -1;
        }
        int p = extensionOffset(b, off);
        if (hasExtension(b, off)) {
            if (p + 4 > off + len) {
                return -1;
            }
            p += 4 + 4 * u16(b, p + 2);
        }
        return p <= off + len ? p : -1;
    }

    /**
     * Finds one element of a one-byte or two-byte extension block (RFC 8285 §4.2, §4.3).
     *
     * @return absolute offset of the element's data, or -1 if absent; the data length is stored in
     *     {@code lengthOut[0]}
     */
    static int findExtension(byte[] b, int off, int len, int id, int[] lengthOut) {
        if (id <= 0 || !hasExtension(b, off)) {
            return -1;
        }
        int x = extensionOffset(b, off);
        if (x + 4 > off + len) {
            return -1;
        }
        int profile = u16(b, x);
        int end = x + 4 + 4 * u16(b, x + 2);
        if (end > off + len) {
            return -1;
        }
        boolean oneByte = profile == ONE_BYTE_PROFILE;
        if (!oneByte && (profile & TWO_BYTE_PROFILE_MASK) != TWO_BYTE_PROFILE) {
            return -1;
        }
        int p = x + 4;
        while (p < end) {
            int elementId;
            int elementLen;
            if (oneByte) {
                elementId = (b[p] & 0xF0) >>> 4;
                if (elementId == 0) {
                    p++;
                    continue;
                }
                if (elementId == 15) {
                    return -1;
                }
                elementLen = (b[p] & 0x0F) + 1;
                p++;
            } else {
                elementId = b[p] & 0xFF;
                if (elementId == 0) {
                    p++;
                    continue;
                }
                if (p + 1 >= end) {
                    return -1;
                }
                elementLen = b[p + 1] & 0xFF;
                p += 2;
            }
            if (p + elementLen > end) {
                return -1;
            }
            if (elementId == id) {
                lengthOut[0] = elementLen;
                return p;
            }
            p += elementLen;
        }
        return -1;
    }
}
