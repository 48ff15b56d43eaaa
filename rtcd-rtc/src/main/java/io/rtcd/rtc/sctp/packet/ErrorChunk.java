package io.rtcd.rtc.sctp.packet;

import java.util.List;

/**
 * Operation Error (RFC 9260 §3.3.10) with one or more error causes.
 *
 * @param causes error causes
 */
public record ErrorChunk(List<SctpParam> causes) implements Chunk {
    public ErrorChunk {
        causes = List.copyOf(causes);
    }

    @Override
    public int type() {
        return ChunkType.ERROR;
    }

    @Override
    public int flags() {
        return 0;
    }

    @Override
    public int valueLength() {
        return SctpParam.encodedLength(causes);
    }

    @Override
    public void encodeValue(byte[] buf, int off) {
        SctpParam.encodeAll(causes, buf, off);
    }

    static ErrorChunk decode(byte[] b, int off, int len) {
        List<SctpParam> causes = SctpParam.decodeAll(b, off, len);
        return causes == null ? null : new ErrorChunk(causes);
    }
}
