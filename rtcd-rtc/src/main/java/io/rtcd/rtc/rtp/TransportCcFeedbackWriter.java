package io.rtcd.rtc.rtp;

/**
 * Writes transport-wide congestion control feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1; the
 * layout is described on {@link TransportCcFeedback}) for the packets a receiver saw, so the sender's bandwidth
 * estimator can run. Holds preallocated scratch arrays: keep one per session and use it from that session's thread;
 * writing allocates nothing.
 *
 * <p>Chunks are chosen greedily: a run length chunk for a run of 14 or more equal statuses, else a one-bit vector
 * chunk when the next 14 statuses need no large delta, else a run length chunk for a run of 7 or more, else a two-bit
 * vector chunk. Padding is zero bytes to the 32-bit boundary, as the draft's figure shows.
 */
public final class TransportCcFeedbackWriter {
    /** Most statuses one feedback carries. */
    public static final int MAX_STATUSES = 4096;

    private final byte[] symbols = new byte[MAX_STATUSES];
    private final int[] deltas = new int[MAX_STATUSES];

    /**
     * Appends one feedback packet to {@code p} for sequence numbers {@code baseSequence .. baseSequence + count - 1}.
     * Trailing not-received packets are left out, and the report stops before a packet whose delta does not fit
     * 16 bits (more than ±8.19 s); the caller starts the next feedback there.
     *
     * @param arrivalMicros arrival time in microseconds (any monotonic base) per sequence number, or
     *     {@link TransportCcFeedback#NOT_RECEIVED}
     * @param count statuses available, at most {@link #MAX_STATUSES}
     * @param feedbackCount the 8-bit feedback packet counter
     * @return the number of sequence numbers covered (the next feedback starts at {@code baseSequence} plus this),
     *     0 when none of them was received (nothing written)
     */
    public int write(
            PacketBuffer p,
            long senderSsrc,
            long mediaSsrc,
            int baseSequence,
            long[] arrivalMicros,
            int count,
            int feedbackCount) {
        if (count < 0 || count > MAX_STATUSES || count > arrivalMicros.length) {
            throw new IllegalArgumentException("count out of range 0.." + MAX_STATUSES + ": " + count);
        }
        int first = 0;
        while (first < count && arrivalMicros[first] == TransportCcFeedback.NOT_RECEIVED) {
            first++;
        }
        if (first == count) {
            return 0;
        }
        long reference = Math.floorDiv(arrivalMicros[first], 64_000L);
        long previous = reference * 256;
        int lastReceived = -1;
        for (int i = 0; i < count; i++) {
            long t = arrivalMicros[i];
            if (t == TransportCcFeedback.NOT_RECEIVED) {
                symbols[i] = 0;
                continue;
            }
            long units = Math.floorDiv(t, 250L);
            long delta = units - previous;
            if (delta < Short.MIN_VALUE || delta > Short.MAX_VALUE) {
                break;
            }
            symbols[i] = (byte) (delta >= 0 && delta <= 255 ? 1 : 2);
            deltas[i] = (int) delta;
            previous = units;
            lastReceived = i;
        }
        int n = lastReceived + 1;
        int at = p.getOffset() + p.getLength();
        int pos = RtcpFeedback.LENGTH + 8;
        p.grow(pos + 2 * n + 2 * n + 3);
        byte[] b = p.getBuffer();
        Bytes.put32(b, at + 4, senderSsrc);
        Bytes.put32(b, at + 8, mediaSsrc);
        Bytes.put16(b, at + 12, baseSequence);
        Bytes.put16(b, at + 14, n);
        Bytes.put24(b, at + 16, (int) reference & 0xFFFFFF);
        b[at + 19] = (byte) feedbackCount;
        pos = at + pos;
        for (int i = 0; i < n; ) {
            int written = writeChunk(b, pos, i, n);
            pos += 2;
            i += written;
        }
        for (int i = 0; i < n; i++) {
            if (symbols[i] == 1) {
                b[pos++] = (byte) deltas[i];
            } else if (symbols[i] == 2) {
                Bytes.put16(b, pos, deltas[i]);
                pos += 2;
            }
        }
        while (((pos - at) & 3) != 0) {
            b[pos++] = 0;
        }
        RtcpHeader.write(b, at, RtcpFeedback.FMT_TRANSPORT_CC, RtcpHeader.RTPFB, pos - at);
        p.setLength(pos - p.getOffset());
        return n;
    }

    /** Writes one chunk for statuses from {@code i}; returns how many it covers. */
    private int writeChunk(byte[] b, int pos, int i, int n) {
        int run = 1;
        while (i + run < n && symbols[i + run] == symbols[i] && run < 0x1FFF) {
            run++;
        }
        if (run >= 14) {
            Bytes.put16(b, pos, (symbols[i] << 13) | run);
            return run;
        }
        int take14 = Math.min(14, n - i);
        boolean small = true;
        for (int k = 0; k < take14; k++) {
            small &= symbols[i + k] != 2;
        }
        if (small && take14 == 14 || small && run < 7) {
            int chunk = 0x8000;
            for (int k = 0; k < take14; k++) {
                chunk |= symbols[i + k] << (13 - k);
            }
            Bytes.put16(b, pos, chunk);
            return take14;
        }
        if (run >= 7) {
            Bytes.put16(b, pos, (symbols[i] << 13) | run);
            return run;
        }
        int take7 = Math.min(7, n - i);
        int chunk = 0xC000;
        for (int k = 0; k < take7; k++) {
            chunk |= symbols[i + k] << (12 - 2 * k);
        }
        Bytes.put16(b, pos, chunk);
        return take7;
    }
}
