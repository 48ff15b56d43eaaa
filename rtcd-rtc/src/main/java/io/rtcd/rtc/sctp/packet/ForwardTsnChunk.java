package io.rtcd.rtc.sctp.packet;

import java.util.ArrayList;
import java.util.List;

/**
 * FORWARD TSN (RFC 3758 §3.2): moves the receiver's cumulative TSN past abandoned chunks and, per ordered stream,
 * the largest stream sequence number skipped.
 *
 * @param newCumulativeTsn new cumulative TSN (wire value)
 * @param skipped ordered streams and their last skipped SSN
 */
public record ForwardTsnChunk(int newCumulativeTsn, List<Skipped> skipped) implements Chunk {

    /**
     * A skipped (stream, SSN) pair.
     *
     * @param streamId stream identifier
     * @param ssn largest skipped stream sequence number
     */
    public record Skipped(int streamId, int ssn) {}

    public ForwardTsnChunk {
        skipped = List.copyOf(skipped);
    }

    @Override
    public int type() {
        return ChunkType.FORWARD_TSN;
    }

    @Override
    public int flags() {
        return 0;
    }

    @Override
    public int valueLength() {
        return 4 + 4 * skipped.size();
    }

    @Override
    public void encodeValue(byte[] buf, int off) {
        WireBytes.put32(buf, off, newCumulativeTsn);
        int p = off + 4;
        for (Skipped s : skipped) {
            WireBytes.put16(buf, p, s.streamId());
            WireBytes.put16(buf, p + 2, s.ssn());
            p += 4;
        }
    }

    static ForwardTsnChunk decode(byte[] b, int off, int len) {
        if (len < 4 || (len - 4) % 4 != 0) {
            return null;
        }
        List<Skipped> list = new ArrayList<>((len - 4) / 4);
        for (int p = off + 4; p < off + len; p += 4) {
            list.add(new Skipped(WireBytes.u16(b, p), WireBytes.u16(b, p + 2)));
        }
        return new ForwardTsnChunk(WireBytes.i32(b, off), list);
    }
}
