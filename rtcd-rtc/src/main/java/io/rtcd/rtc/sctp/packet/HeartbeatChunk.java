package io.rtcd.rtc.sctp.packet;

import java.util.List;

/**
 * HEARTBEAT (RFC 9260 §3.3.5) and HEARTBEAT ACK (§3.3.6): one Heartbeat Info parameter, echoed back unchanged.
 *
 * @param ack true for HEARTBEAT ACK
 * @param info opaque heartbeat information (the value of the Heartbeat Info TLV)
 */
public record HeartbeatChunk(boolean ack, byte[] info) implements Chunk {

    @Override
    public int type() {
        return ack ? ChunkType.HEARTBEAT_ACK : ChunkType.HEARTBEAT;
    }

    @Override
    public int flags() {
        return 0;
    }

    @Override
    public int valueLength() {
        return 4 + info.length;
    }

    @Override
    public void encodeValue(byte[] buf, int off) {
        new SctpParam(SctpParam.HEARTBEAT_INFO, info).encode(buf, off);
    }

    /** Decodes the value; the mandatory Heartbeat Info parameter must be present. */
    static HeartbeatChunk decode(boolean ack, byte[] b, int off, int len) {
        List<SctpParam> params = SctpParam.decodeAll(b, off, len);
        if (params == null) {
            return null;
        }
        SctpParam info = SctpParam.find(params, SctpParam.HEARTBEAT_INFO);
        return info == null ? null : new HeartbeatChunk(ack, info.value());
    }
}
