package io.rtcd.rtc.sctp.packet;

/**
 * SHUTDOWN (RFC 9260 §3.3.8): carries the sender's cumulative TSN ack.
 *
 * @param cumulativeTsnAck cumulative TSN ack (wire value)
 */
public record ShutdownChunk(int cumulativeTsnAck) implements Chunk {
    @Override
    public int type() {
        return ChunkType.SHUTDOWN;
    }

    @Override
    public int flags() {
        return 0;
    }

    @Override
    public int valueLength() {
        return 4;
    }

    @Override
    public void encodeValue(byte[] buf, int off) {
        WireBytes.put32(buf, off, cumulativeTsnAck);
    }

    static ShutdownChunk decode(byte[] b, int off, int len) {
        return len != 4 ? null : new ShutdownChunk(WireBytes.i32(b, off));
    }
}
