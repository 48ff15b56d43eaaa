package io.rtcd.rtc.sfu;

/**
 * Maps a publisher's RTP sequence numbers and timestamps into one subscriber's continuous space (RFC 3550 §5.1:
 * both start at random values and advance without jumps). Offsets are fixed between resyncs, so reordered and lost
 * packets keep their relative positions; after {@link #resync()} (first packet, forwarding resumed after mute, new
 * source) the next packet continues at last+1 and its timestamp advances by the wall-clock time elapsed.
 *
 * <p>Adapter: the {@code rtp} package's rewriters were not committed when this was written. Not thread-safe: owned
 * by the publisher's serial executor.
 */
final class SequenceTimestampRewriter {
    private final long clockRate;
    private boolean synced;
    private int seqOffset;
    private long tsOffset;
    private int lastSeq;
    private long lastTs;
    private long lastNanos;
    private long packets;
    private long octets;
    private int curSeq;
    private long curTs;

    SequenceTimestampRewriter(int clockRate, int initialSeq, long initialTs) {
        if (clockRate <= 0) {
            throw new IllegalArgumentException("clockRate must be > 0, got " + clockRate);
        }
        this.clockRate = clockRate;
        this.lastSeq = (initialSeq - 1) & 0xFFFF;
        this.lastTs = initialTs & 0xFFFFFFFFL;
    }

    /** The next packet re-bases the offsets: it follows the last one sent without a gap. */
    void resync() {
        synced = false;
    }

    /**
     * Rewrites one packet's numbers; results are read with {@link #seq()} and {@link #ts()}.
     *
     * @param nowNanos monotonic time of the packet
     */
    void rewrite(int inSeq, long inTs, long nowNanos, int payloadBytes) {
        if (!synced) {
            int nextSeq = (lastSeq + 1) & 0xFFFF;
            long advance = packets == 0 ? 0 : Math.max(1, (nowNanos - lastNanos) * clockRate / 1_000_000_000L);
            long nextTs = (lastTs + advance) & 0xFFFFFFFFL;
            seqOffset = (nextSeq - inSeq) & 0xFFFF;
            tsOffset = (nextTs - inTs) & 0xFFFFFFFFL;
            synced = true;
        }
        int outSeq = (inSeq + seqOffset) & 0xFFFF;
        long outTs = (inTs + tsOffset) & 0xFFFFFFFFL;
        if (packets == 0 || isNewer(outSeq, lastSeq)) {
            lastSeq = outSeq;
            lastTs = outTs;
            lastNanos = nowNanos;
        }
        packets++;
        octets += payloadBytes;
        this.curSeq = outSeq;
        this.curTs = outTs;
    }

    int seq() {
        return curSeq;
    }

    long ts() {
        return curTs;
    }

    long lastTimestamp() {
        return lastTs;
    }

    long lastNanos() {
        return lastNanos;
    }

    long packets() {
        return packets;
    }

    long octets() {
        return octets;
    }

    long clockRate() {
        return clockRate;
    }

    /** RFC 3550 §A.1 style: {@code a} is newer than {@code b} in 16-bit serial arithmetic. */
    static boolean isNewer(int a, int b) {
        int d = (a - b) & 0xFFFF;
        return d != 0 && d < 0x8000;
    }
}
