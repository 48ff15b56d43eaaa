package io.rtcd.rtc.sctp.packet;

import java.util.List;

/**
 * INIT (RFC 9260 §3.3.2) and INIT ACK (§3.3.3) share this layout; {@code ack} tells them apart. INIT ACK carries the
 * State Cookie parameter (§3.3.3.1).
 *
 * @param ack true for INIT ACK
 * @param initiateTag the sender's verification tag, never 0
 * @param advertisedReceiverWindow a_rwnd in bytes (unsigned 32 bits stored in an int)
 * @param outboundStreams OS, at least 1
 * @param inboundStreams MIS, at least 1
 * @param initialTsn the sender's first TSN
 * @param params optional/variable-length parameters
 */
public record InitChunk(
        boolean ack,
        int initiateTag,
        int advertisedReceiverWindow,
        int outboundStreams,
        int inboundStreams,
        int initialTsn,
        List<SctpParam> params)
        implements Chunk {

    public InitChunk {
        params = List.copyOf(params);
    }

    @Override
    public int type() {
        return ack ? ChunkType.INIT_ACK : ChunkType.INIT;
    }

    @Override
    public int flags() {
        return 0;
    }

    @Override
    public int valueLength() {
        return 16 + SctpParam.encodedLength(params);
    }

    @Override
    public void encodeValue(byte[] buf, int off) {
        WireBytes.put32(buf, off, initiateTag);
        WireBytes.put32(buf, off + 4, advertisedReceiverWindow);
        WireBytes.put16(buf, off + 8, outboundStreams);
        WireBytes.put16(buf, off + 10, inboundStreams);
        WireBytes.put32(buf, off + 12, initialTsn);
        SctpParam.encodeAll(params, buf, off + 16);
    }

    /** First parameter of {@code type}, or null. */
    public SctpParam param(int type) {
        return SctpParam.find(params, type);
    }

    /**
     * Decodes an INIT/INIT ACK value. A zero initiate tag or zero stream count is invalid (§3.3.2) and an INIT ACK
     * without a State Cookie is missing a mandatory parameter (§3.3.3): both yield null (drop).
     */
    static InitChunk decode(boolean ack, byte[] b, int off, int len) {
        if (len < 16) {
            return null;
        }
        int tag = WireBytes.i32(b, off);
        int os = WireBytes.u16(b, off + 8);
        int mis = WireBytes.u16(b, off + 10);
        if (tag == 0 || os == 0 || mis == 0) {
            return null;
        }
        List<SctpParam> params = SctpParam.decodeAll(b, off + 16, len - 16);
        if (params == null) {
            return null;
        }
        if (ack && SctpParam.find(params, SctpParam.STATE_COOKIE) == null) {
            return null;
        }
        return new InitChunk(ack, tag, WireBytes.i32(b, off + 4), os, mis, WireBytes.i32(b, off + 12), params);
    }
}
