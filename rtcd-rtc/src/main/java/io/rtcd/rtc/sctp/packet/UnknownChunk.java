package io.rtcd.rtc.sctp.packet;

/**
 * A chunk whose type we do not implement. The receiver acts on the upper two type bits (RFC 9260 §3.2): 00 stop and
 * discard, 01 stop, discard and report, 10 skip, 11 skip and report.
 *
 * @param type chunk type
 * @param flags chunk flags
 * @param value raw value (for the Unrecognized Chunk Type error cause)
 */
public record UnknownChunk(int type, int flags, byte[] value) implements Chunk {

    @Override
    public int valueLength() {
        return value.length;
    }

    @Override
    public void encodeValue(byte[] buf, int off) {
        System.arraycopy(value, 0, buf, off, value.length);
    }

    /** Upper bit clear: stop processing the packet (RFC 9260 §3.2). */
    public boolean stopProcessing() {
        return (type & 0x80) == 0;
    }

    /** Second-highest bit set: report in an ERROR with an Unrecognized Chunk Type cause. */
    public boolean report() {
        return (type & 0x40) != 0;
    }

    /** The full chunk (header and value) as the Unrecognized Chunk Type cause info (RFC 9260 §3.3.10.6). */
    public byte[] asCauseInfo() {
        byte[] out = new byte[4 + value.length];
        out[0] = (byte) type;
        out[1] = (byte) flags;
        WireBytes.put16(out, 2, out.length);
        System.arraycopy(value, 0, out, 4, value.length);
        return out;
    }
}
