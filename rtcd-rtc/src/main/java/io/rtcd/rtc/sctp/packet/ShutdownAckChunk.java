package io.rtcd.rtc.sctp.packet;

/** SHUTDOWN ACK (RFC 9260 §3.3.9): no value. */
public record ShutdownAckChunk() implements Chunk {
    @Override
    public int type() {
        return ChunkType.SHUTDOWN_ACK;
    }

    @Override
    public int flags() {
        return 0;
    }

    @Override
    public int valueLength() {
        return 0;
    }

    @Override
    public void encodeValue(byte[] buf, int off) {
        // no value
    }

    static ShutdownAckChunk decode(int len) {
        return len != 0 ? null : new ShutdownAckChunk();
    }
}
