package io.rtcd.rtc.rtp;

/**
 * Reads transport-wide congestion control feedback, draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1: an
 * RTPFB message with FMT 15 whose FCI is
 *
 * <pre>
 * | base sequence number          | packet status count           |
 * | reference time (24, signed, ×64 ms)           | fb pkt. count |
 * | packet chunks (16 bit each) ... | recv deltas ... | zero padding |
 * </pre>
 *
 * <p>A chunk is a run length chunk ({@code 0|S(2)|run(13)}) or a status vector chunk ({@code 1|0|14 one-bit symbols}
 * or {@code 1|1|7 two-bit symbols}); symbols are 0 not received, 1 received with a 1-byte delta (0..255 × 250 µs),
 * 2 received with a signed 2-byte delta (§3.1.1 to §3.1.5). Each delta is relative to the previous received packet,
 * the first one to the reference time. Allocation-free; {@code off} is the packet offset. Written by
 * {@link TransportCcFeedbackWriter}.
 */
public final class TransportCcFeedback {
    /** Arrival time written by {@link #read} for a packet reported as not received. */
    public static final long NOT_RECEIVED = Long.MIN_VALUE;

    private static final int FCI = RtcpFeedback.LENGTH;
    private static final int CHUNKS = FCI + 8;

    private TransportCcFeedback() {}

    public static boolean isTransportCc(byte[] buf, int off) {
        return RtcpHeader.packetType(buf, off) == RtcpHeader.RTPFB
                && RtcpFeedback.format(buf, off) == RtcpFeedback.FMT_TRANSPORT_CC;
    }

    public static int baseSequence(byte[] buf, int off) {
        return Bytes.u16(buf, off + FCI);
    }

    public static int statusCount(byte[] buf, int off) {
        return Bytes.u16(buf, off + FCI + 2);
    }

    /** The reference time in multiples of 64 ms, sign-extended from 24 bits. */
    public static int referenceTime(byte[] buf, int off) {
        return (Bytes.u24(buf, off + FCI + 4) << 8) >> 8;
    }

    /** The feedback packet counter (8 bit, wraps), to detect lost feedback. */
    public static int feedbackCount(byte[] buf, int off) {
        return Bytes.u8(buf, off + FCI + 7);
    }

    /**
     * Decodes the report: {@code arrivalMicros[i]} is the arrival time of sequence number {@code base + i} in
     * microseconds on the feedback sender's clock (reference time × 64 000 plus the deltas; the 24-bit reference time
     * makes it exact modulo 2^24 × 64 ms, about 12.4 days, and only differences matter), or {@link #NOT_RECEIVED}.
     *
     * @param len the packet length in bytes (from {@link RtcpHeader#packetLength})
     * @return the status count, or -1 when the packet is malformed or {@code arrivalMicros} is too small
     */
    public static int read(byte[] buf, int off, int len, long[] arrivalMicros) {
        if (len < CHUNKS || !isTransportCc(buf, off)) {
            return -1;
        }
        int end = off + len;
        if (RtcpHeader.hasPadding(buf, off)) {
            int pad = Bytes.u8(buf, end - 1);
            if (pad == 0 || pad > len - CHUNKS) {
                return -1;
            }
            end -= pad;
        }
        int count = statusCount(buf, off);
        if (count > arrivalMicros.length) {
            return -1;
        }
        int deltaPos = skipChunks(buf, off + CHUNKS, end, count);
        if (deltaPos < 0) {
            return -1;
        }
        long units = referenceTime(buf, off) * 256L;
        int chunkPos = off + CHUNKS;
        int i = 0;
        while (i < count) {
            int chunk = Bytes.u16(buf, chunkPos);
            chunkPos += 2;
            int n = symbolsIn(chunk, count - i);
            for (int k = 0; k < n; k++, i++) {
                int symbol = symbolAt(chunk, k);
                if (symbol == 0) {
                    arrivalMicros[i] = NOT_RECEIVED;
                    continue;
                }
                int size = symbol == 1 ? 1 : 2;
                if (deltaPos + size > end) {
                    return -1;
                }
                units += symbol == 1 ? Bytes.u8(buf, deltaPos) : (short) Bytes.u16(buf, deltaPos);
                deltaPos += size;
                arrivalMicros[i] = units * 250;
            }
        }
        return count;
    }

    /** Offset after the chunks that describe {@code count} statuses, or -1 on overrun or a reserved symbol. */
    private static int skipChunks(byte[] buf, int pos, int end, int count) {
        int seen = 0;
        while (seen < count) {
            if (pos + 2 > end) {
                return -1;
            }
            int chunk = Bytes.u16(buf, pos);
            int n = symbolsIn(chunk, count - seen);
            for (int k = 0; k < n; k++) {
                if (symbolAt(chunk, k) == 3) {
                    return -1;
                }
            }
            if ((chunk & 0x8000) == 0 && (chunk & 0x1FFF) == 0) {
                return -1;
            }
            seen += n;
            pos += 2;
        }
        return pos;
    }

    /** Statuses this chunk contributes, at most {@code remaining}. */
    private static int symbolsIn(int chunk, int remaining) {
        int n;
        if ((chunk & 0x8000) == 0) {
            n = chunk & 0x1FFF;
        } else {
            n = (chunk & 0x4000) == 0 ? 14 : 7;
        }
        return Math.min(n, remaining);
    }

    private static int symbolAt(int chunk, int k) {
        if ((chunk & 0x8000) == 0) {
            return (chunk >>> 13) & 0x3;
        }
        if ((chunk & 0x4000) == 0) {
            return (chunk >>> (13 - k)) & 0x1;
        }
        return (chunk >>> (12 - 2 * k)) & 0x3;
    }
}
