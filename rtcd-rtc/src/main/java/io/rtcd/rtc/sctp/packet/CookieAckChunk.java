package io.rtcd.rtc.sctp.packet;

/** COOKIE ACK (RFC 9260 §3.3.12): no value. */
public record CookieAckChunk() implements Chunk {
    @Override
    public int type() {
        return ChunkType.COOKIE_ACK;
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

    static CookieAckChunk decode(int len) {
        return len != 0 ? null : new CookieAckChunk();
    }
}
