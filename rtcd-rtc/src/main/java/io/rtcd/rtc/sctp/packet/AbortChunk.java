package io.rtcd.rtc.sctp.packet;

import java.util.List;

/**
 * ABORT (RFC 9260 §3.3.7) with optional error causes. The T bit says the verification tag is reflected (§8.5.1).
 *
 * @param tBit true when the sender reflected the peer's tag
 * @param causes error causes (§3.3.10)
 */
public record AbortChunk(boolean tBit, List<SctpParam> causes) implements Chunk {
    public AbortChunk {
        causes = List.copyOf(causes);
    }

    @Override
    public int type() {
        return ChunkType.ABORT;
    }

    @Override
    public int flags() {
        return tBit ? 1 : 0;
    }

    @Override
    public int valueLength() {
        return SctpParam.encodedLength(causes);
    }

    @Override
    public void encodeValue(byte[] buf, int off) {
        SctpParam.encodeAll(causes, buf, off);
    }

    static AbortChunk decode(int flags, byte[] b, int off, int len) {
        List<SctpParam> causes = SctpParam.decodeAll(b, off, len);
        return causes == null ? null : new AbortChunk((flags & 1) != 0, causes);
    }
}
