package io.rtcd.rtc.rtp;

/**
 * A reusable iterator over the packets of a compound RTCP packet (RFC 3550 §6.1); keep one per stage, it is not
 * thread-safe and allocates nothing. Validate the compound with {@link RtcpValidator#validateCompound} first; on
 * unvalidated input the iterator stops at the first packet whose length does not fit.
 *
 * <pre>{@code
 * it.reset(buf, off, len);
 * while (it.next()) {
 *     switch (it.packetType()) { case RtcpHeader.PSFB -> ... }
 * }
 * }</pre>
 */
public final class RtcpCompoundIterator {
    private byte[] buf;
    private int pos;
    private int end;
    private int packetOffset;
    private int packetLength;

    public void reset(byte[] compound, int off, int len) {
        this.buf = compound;
        this.pos = off;
        this.end = off + len;
        this.packetLength = 0;
    }

    public boolean next() {
        if (end - pos < 4) {
            return false;
        }
        int l = RtcpHeader.packetLength(buf, pos);
        if (l > end - pos) {
            pos = end;
            return false;
        }
        packetOffset = pos;
        packetLength = l;
        pos += l;
        return true;
    }

    /** Absolute offset of the current packet. */
    public int packetOffset() {
        return packetOffset;
    }

    /** Length of the current packet in bytes, padding included. */
    public int packetLength() {
        return packetLength;
    }

    public int packetType() {
        return RtcpHeader.packetType(buf, packetOffset);
    }

    /** RC, SC or FMT of the current packet. */
    public int count() {
        return RtcpHeader.count(buf, packetOffset);
    }
}
