package io.rtcd.rtc.sctp.packet;

/**
 * SHUTDOWN COMPLETE (RFC 9260 §3.3.13); the T bit says the verification tag is reflected (§8.5.1).
 *
 * @param tBit true when the tag is reflected
 */
public record ShutdownCompleteChunk(boolean tBit) implements Chunk {
    @Override
    public int type() {
        return ChunkType.SHUTDOWN_COMPLETE;
    }

    @Override
    public int flags() {
        return tBit ? 1 : 0;
    }

    @Override
    public int valueLength() {
        return 0;
    }

    @Override
    public void encodeValue(byte[] buf, int off) {
        // no value
    }

    static ShutdownCompleteChunk decode(int flags, int len) {
        return len != 0 ? null : new ShutdownCompleteChunk((flags & 1) != 0);
    }
}
