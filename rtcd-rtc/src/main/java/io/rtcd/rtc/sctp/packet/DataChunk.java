package io.rtcd.rtc.sctp.packet;

/**
 * DATA chunk (RFC 9260 §3.3.1): TSN, stream id, stream sequence number, payload protocol identifier and a slice of
 * user data. The slice references the sender's message array (no copy while fragmenting); decoded chunks own a copy.
 *
 * @param flags I(0x08) U(0x04) B(0x02) E(0x01) bits
 * @param tsn transmission sequence number (wire value)
 * @param streamId stream identifier S
 * @param ssn stream sequence number n
 * @param ppid payload protocol identifier
 * @param data array holding the user data
 * @param dataOffset start of user data in {@code data}
 * @param dataLength user data length, at least 1 (RFC 9260 §3.3.1: zero-length DATA is a protocol error)
 */
public record DataChunk(
        int flags, int tsn, int streamId, int ssn, int ppid, byte[] data, int dataOffset, int dataLength)
        implements Chunk {
    public static final int FLAG_IMMEDIATE = 0x08;
    public static final int FLAG_UNORDERED = 0x04;
    public static final int FLAG_BEGINNING = 0x02;
    public static final int FLAG_ENDING = 0x01;
    /** Bytes of DATA chunk header in front of the user data. */
    public static final int HEADER_LENGTH = 16;

    @Override
    public int type() {
        return ChunkType.DATA;
    }

    @Override
    public int valueLength() {
        return 12 + dataLength;
    }

    /** True when the U bit is set. */
    public boolean unordered() {
        return (flags & FLAG_UNORDERED) != 0;
    }

    /** True when this is the first fragment (B bit). */
    public boolean beginning() {
        return (flags & FLAG_BEGINNING) != 0;
    }

    /** True when this is the last fragment (E bit). */
    public boolean ending() {
        return (flags & FLAG_ENDING) != 0;
    }

    @Override
    public void encodeValue(byte[] buf, int off) {
        WireBytes.put32(buf, off, tsn);
        WireBytes.put16(buf, off + 4, streamId);
        WireBytes.put16(buf, off + 6, ssn);
        WireBytes.put32(buf, off + 8, ppid);
        System.arraycopy(data, dataOffset, buf, off + 12, dataLength);
    }

    /** Decodes a DATA value, or returns null when it is shorter than header plus one byte of data. */
    static DataChunk decode(int flags, byte[] b, int off, int len) {
        if (len < 13) {
            return null;
        }
        byte[] copy = new byte[len - 12];
        System.arraycopy(b, off + 12, copy, 0, copy.length);
        return new DataChunk(
                flags,
                WireBytes.i32(b, off),
                WireBytes.u16(b, off + 4),
                WireBytes.u16(b, off + 6),
                WireBytes.i32(b, off + 8),
                copy,
                0,
                copy.length);
    }
}
