package io.rtcd.rtc.sctp.packet;

import java.util.ArrayList;
import java.util.List;

/**
 * SACK (RFC 9260 §3.3.4): cumulative TSN ack, a_rwnd, gap ack blocks (offsets from the cumulative TSN) and
 * duplicate TSNs.
 *
 * @param cumulativeTsnAck cumulative TSN ack (wire value)
 * @param advertisedReceiverWindow a_rwnd (unsigned 32 bits stored in an int)
 * @param gapBlocks gap ack blocks, offsets relative to the cumulative TSN ack
 * @param duplicateTsns TSNs received more than once since the last SACK
 */
public record SackChunk(
        int cumulativeTsnAck, int advertisedReceiverWindow, List<GapBlock> gapBlocks, int[] duplicateTsns)
        implements Chunk {

    /**
     * One gap ack block (RFC 9260 §3.3.4).
     *
     * @param start start offset (1..65535)
     * @param end end offset, at least {@code start}
     */
    public record GapBlock(int start, int end) {}

    public SackChunk {
        gapBlocks = List.copyOf(gapBlocks);
    }

    @Override
    public int type() {
        return ChunkType.SACK;
    }

    @Override
    public int flags() {
        return 0;
    }

    @Override
    public int valueLength() {
        return 12 + 4 * gapBlocks.size() + 4 * duplicateTsns.length;
    }

    @Override
    public void encodeValue(byte[] buf, int off) {
        WireBytes.put32(buf, off, cumulativeTsnAck);
        WireBytes.put32(buf, off + 4, advertisedReceiverWindow);
        WireBytes.put16(buf, off + 8, gapBlocks.size());
        WireBytes.put16(buf, off + 10, duplicateTsns.length);
        int p = off + 12;
        for (GapBlock g : gapBlocks) {
            WireBytes.put16(buf, p, g.start());
            WireBytes.put16(buf, p + 2, g.end());
            p += 4;
        }
        for (int d : duplicateTsns) {
            WireBytes.put32(buf, p, d);
            p += 4;
        }
    }

    /** Decodes a SACK value; the length must match the block counts exactly and blocks must have start ≤ end. */
    static SackChunk decode(byte[] b, int off, int len) {
        if (len < 12) {
            return null;
        }
        int gaps = WireBytes.u16(b, off + 8);
        int dups = WireBytes.u16(b, off + 10);
        if (len != 12 + 4 * gaps + 4 * dups) {
            return null;
        }
        List<GapBlock> blocks = new ArrayList<>(gaps);
        int p = off + 12;
        for (int i = 0; i < gaps; i++) {
            int s = WireBytes.u16(b, p);
            int e = WireBytes.u16(b, p + 2);
            if (s == 0 || e < s) {
                return null;
            }
            blocks.add(new GapBlock(s, e));
            p += 4;
        }
        int[] dup = new int[dups];
        for (int i = 0; i < dups; i++) {
            dup[i] = WireBytes.i32(b, p);
            p += 4;
        }
        return new SackChunk(WireBytes.i32(b, off), WireBytes.i32(b, off + 4), blocks, dup);
    }
}
