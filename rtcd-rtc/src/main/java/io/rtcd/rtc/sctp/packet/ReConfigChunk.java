package io.rtcd.rtc.sctp.packet;

import java.util.ArrayList;
import java.util.List;

/**
 * RE-CONFIG (RFC 6525 §3.1): one or two re-configuration parameters.
 *
 * @param params one or two parameters
 */
public record ReConfigChunk(List<ReconfigParam> params) implements Chunk {
    public ReConfigChunk {
        params = List.copyOf(params);
    }

    @Override
    public int type() {
        return ChunkType.RE_CONFIG;
    }

    @Override
    public int flags() {
        return 0;
    }

    @Override
    public int valueLength() {
        return SctpParam.encodedLength(tlvs());
    }

    @Override
    public void encodeValue(byte[] buf, int off) {
        SctpParam.encodeAll(tlvs(), buf, off);
    }

    private List<SctpParam> tlvs() {
        List<SctpParam> out = new ArrayList<>(params.size());
        for (ReconfigParam p : params) {
            out.add(p.toTlv());
        }
        return out;
    }

    /** Decodes the value; it must hold one or two well-formed parameters (RFC 6525 §3.1). */
    static ReConfigChunk decode(byte[] b, int off, int len) {
        List<SctpParam> tlvs = SctpParam.decodeAll(b, off, len);
        if (tlvs == null || tlvs.isEmpty() || tlvs.size() > 2) {
            return null;
        }
        List<ReconfigParam> out = new ArrayList<>(tlvs.size());
        for (SctpParam t : tlvs) {
            ReconfigParam p = ReconfigParam.fromTlv(t);
            if (p == null) {
                return null;
            }
            out.add(p);
        }
        return new ReConfigChunk(out);
    }
}
