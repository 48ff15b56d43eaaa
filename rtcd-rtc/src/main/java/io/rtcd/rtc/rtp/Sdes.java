package io.rtcd.rtc.rtp;

import java.nio.charset.StandardCharsets;

/**
 * Source description packets, RFC 3550 §6.5: SC chunks, each an SSRC followed by items {@code (type, length, text)},
 * ended by a null octet and padded to a 32-bit boundary. {@code off} is the SDES packet offset.
 */
public final class Sdes {
    /** The CNAME item type (RFC 3550 §6.5.1). */
    public static final int CNAME = 1;

    private Sdes() {}

    /** True when all SC chunks and their items fit in {@code len} bytes. */
    static boolean chunksFit(byte[] buf, int off, int len) {
        int count = RtcpHeader.count(buf, off);
        int end = off + len;
        int p = off + 4;
        for (int c = 0; c < count; c++) {
            p = skipChunk(buf, off, p, end);
            if (p < 0) {
                return false;
            }
        }
        return true;
    }

    /** Offset after the chunk at {@code p}, aligned to 32 bits from {@code off}; -1 when it does not fit. */
    private static int skipChunk(byte[] buf, int off, int p, int end) {
        if (p + 4 > end) {
            return -1;
        }
        p += 4;
        while (true) {
            if (p >= end) {
                return -1;
            }
            int type = buf[p] & 0xFF;
            if (type == 0) {
                p++;
                int aligned = off + ((p - off + 3) & ~3);
                return aligned > end ? -1 : aligned;
            }
            if (p + 2 > end) {
                return -1;
            }
            p += 2 + (buf[p + 1] & 0xFF);
            if (p > end) {
                return -1;
            }
        }
    }

    /** The CNAME of the first chunk (allocates the String; call on a session thread, not per packet), or null. */
    public static String firstCname(byte[] buf, int off, int len) {
        if (RtcpHeader.count(buf, off) == 0 || !chunksFit(buf, off, len)) {
            return null;
        }
        int p = off + 8;
        int end = off + len;
        while (p < end && buf[p] != 0) {
            int itemLength = buf[p + 1] & 0xFF;
            if ((buf[p] & 0xFF) == CNAME) {
                return new String(buf, p + 2, itemLength, StandardCharsets.UTF_8);
            }
            p += 2 + itemLength;
        }
        return null;
    }

    /** SSRC of the first chunk. */
    public static long firstSsrc(byte[] buf, int off) {
        return Bytes.u32(buf, off + 4);
    }
}
