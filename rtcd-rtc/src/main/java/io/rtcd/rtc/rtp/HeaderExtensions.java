package io.rtcd.rtc.rtp;

/**
 * RTP header extension elements, RFC 8285: the one-byte form (profile 0xBEDE, §4.2: 4-bit ID 1..14, 4-bit length-1,
 * ID 0 is a padding byte, ID 15 stops parsing) and the two-byte form (profile 0x100X, §4.3: 8-bit ID, 8-bit length,
 * ID 0 is a padding byte). Static, allocation-free helpers over a packet that validated with
 * {@link RtpHeader#validate}; iterate elements with a reusable {@link HeaderExtensionCursor}.
 */
public final class HeaderExtensions {
    private HeaderExtensions() {}

    static boolean isOneByte(int profile) {
        return profile == RtpHeader.ONE_BYTE_PROFILE;
    }

    static boolean isTwoByte(int profile) {
        return (profile & 0xFFF0) == RtpHeader.TWO_BYTE_PROFILE;
    }

    /**
     * True when every element of a one- or two-byte extension block fits inside it (RFC 8285 §4.2, §4.3). Blocks of
     * other profiles are opaque and always fit.
     *
     * @param extOff offset of the 4-byte extension header
     * @param extLen 4 + 4 * length words
     */
    static boolean elementsFit(byte[] buf, int extOff, int extLen) {
        int profile = Bytes.u16(buf, extOff);
        boolean one = isOneByte(profile);
        if (!one && !isTwoByte(profile)) {
            return true;
        }
        int p = extOff + 4;
        int end = extOff + extLen;
        while (p < end) {
            int b = buf[p] & 0xFF;
            if (b == 0) {
                p++;
                continue;
            }
            if (one) {
                if ((b >>> 4) == 15) {
                    return true;
                }
                p += 1 + (b & 0x0F) + 1;
            } else {
                if (p + 1 >= end) {
                    return false;
                }
                p += 2 + (buf[p + 1] & 0xFF);
            }
            if (p > end) {
                return false;
            }
        }
        return true;
    }

    /**
     * Absolute offset of the data of element {@code id}, or -1 when the packet has no such element (or no one/two-byte
     * extension block). Use {@link #dataLength} for its length.
     */
    public static int findData(byte[] buf, int off, int id) {
        int element = findElement(buf, off, id);
        if (element < 0) {
            return -1;
        }
        return isOneByte(RtpHeader.extensionProfile(buf, off)) ? element + 1 : element + 2;
    }

    /** Length of the data of element {@code id}, or -1 when absent. */
    public static int dataLength(byte[] buf, int off, int id) {
        int element = findElement(buf, off, id);
        if (element < 0) {
            return -1;
        }
        return isOneByte(RtpHeader.extensionProfile(buf, off)) ? (buf[element] & 0x0F) + 1 : buf[element + 1] & 0xFF;
    }

    private static int findElement(byte[] buf, int off, int id) {
        int ext = RtpHeader.extensionOffset(buf, off);
        if (ext < 0) {
            return -1;
        }
        int profile = Bytes.u16(buf, ext);
        boolean one = isOneByte(profile);
        if (!one && !isTwoByte(profile)) {
            return -1;
        }
        int p = ext + 4;
        int end = p + 4 * Bytes.u16(buf, ext + 2);
        while (p < end) {
            int b = buf[p] & 0xFF;
            if (b == 0) {
                p++;
                continue;
            }
            int elementId = one ? b >>> 4 : b;
            if (one && elementId == 15) {
                return -1;
            }
            if (elementId == id) {
                return p;
            }
            p += one ? 2 + (b & 0x0F) : 2 + (buf[p + 1] & 0xFF);
        }
        return -1;
    }

    /** Entry of a remap table that removes the element. */
    public static final int REMOVE = -1;

    /**
     * Rewrites element IDs in place through {@code map}, e.g. from the publisher's negotiated IDs to a subscriber's:
     * {@code map[oldId]} is the new ID, 0 leaves the element unchanged and {@link #REMOVE} turns the whole element
     * into padding bytes (zeros, which RFC 8285 §4.2/§4.3 let a receiver skip), so nothing moves and the packet length
     * stays. In the one-byte form a new ID must be 1..14. The packet is checked first and left untouched when a
     * mapping does not fit.
     *
     * @param map at least 256 entries
     * @return false when a mapped ID does not fit the packet's header form (nothing was changed)
     */
    public static boolean remapIds(byte[] buf, int off, int[] map) {
        return remap(buf, off, map, false) && remap(buf, off, map, true);
    }

    private static boolean remap(byte[] buf, int off, int[] map, boolean write) {
        int ext = RtpHeader.extensionOffset(buf, off);
        if (ext < 0) {
            return true;
        }
        int profile = Bytes.u16(buf, ext);
        boolean one = isOneByte(profile);
        if (!one && !isTwoByte(profile)) {
            return true;
        }
        int p = ext + 4;
        int end = p + 4 * Bytes.u16(buf, ext + 2);
        while (p < end) {
            int b = buf[p] & 0xFF;
            if (b == 0) {
                p++;
                continue;
            }
            int id = one ? b >>> 4 : b;
            if (one && id == 15) {
                return true;
            }
            int to = map[id];
            int next = one ? p + 2 + (b & 0x0F) : p + 2 + (buf[p + 1] & 0xFF);
            if (to == REMOVE) {
                if (write) {
                    for (int i = p; i < next; i++) {
                        buf[i] = 0;
                    }
                }
            } else if (to != 0) {
                if (one && (to < 1 || to > 14) || to < 1 || to > 255) {
                    return false;
                }
                if (write) {
                    buf[p] = one ? (byte) ((to << 4) | (b & 0x0F)) : (byte) to;
                }
            }
            p = next;
        }
        return true;
    }
}
