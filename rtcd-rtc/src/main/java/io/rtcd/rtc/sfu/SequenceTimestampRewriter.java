package io.rtcd.rtc.sfu;

/**
 * Maps a publisher's RTP sequence numbers and timestamps into one subscriber's continuous space (RFC 3550 §5.1).
 * Offsets are fixed between resyncs, so reordered and lost packets keep their relative positions (a real loss stays
 * a gap the subscriber can NACK). After {@link #resync()} (forwarding resumed after mute) the next packet continues
 * at last+1 and its timestamp advances by the wall-clock time elapsed, so the subscriber sees no false loss.
 *
 * <p>Adapter, on purpose not the {@code rtp} package's {@code SequenceRewriter}: that one drops every packet once a
 * source has sent more than 2^15 packets (its "older than the first packet of the source" test wraps), which would
 * stop a voice track after about 11 minutes. Regression test: {@code RtpForwarderTest#forwardsAcrossSequenceWrap}.
 *
 * <p>Not thread-safe: owned by the publisher's serial executor.
 */
final class SequenceTimestampRewriter {
    private static final long MAX_GAP_NANOS = 10_000_000_000L;

    private final long clockRate;
    private final long defaultStep;
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

    /** @param initialSeq the subscriber's first sequence number (random, RFC 3550 §5.1) */
    SequenceTimestampRewriter(int clockRate, int initialSeq) {
        if (clockRate <= 0) {
            throw new IllegalArgumentException("clockRate must be > 0, got " + clockRate);
        }
        this.clockRate = clockRate;
        // step when no time elapsed: one 20 ms audio frame or one 30 fps video frame
        this.defaultStep = clockRate >= 90000 ? clockRate / 30 : clockRate / 50;
        this.lastSeq = (initialSeq - 1) & 0xFFFF;
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
            long nextTs;
            if (packets == 0) {
                nextTs = inTs & 0xFFFFFFFFL;
            } else {
                long elapsed = Math.min(nowNanos - lastNanos, MAX_GAP_NANOS);
                long step = elapsed <= 0 ? defaultStep : Math.max(1, elapsed * clockRate / 1_000_000_000L);
                nextTs = (lastTs + step) & 0xFFFFFFFFL;
            }
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
        curSeq = outSeq;
        curTs = outTs;
    }

    int seq() {
        return curSeq;
    }

    /**
     * Inverse mapping for NACK answers (RFC 4585 §6.2.1): the publisher's sequence number that was sent as
     * {@code outSeq} with the current offsets, or -1 if nothing was sent since the last resync or {@code outSeq} was
     * never sent (newer than the newest).
     */
    int sourceSeq(int outSeq) {
        if (!synced || packets == 0 || isNewer(outSeq, lastSeq)) {
            return -1;
        }
        return (outSeq - seqOffset) & 0xFFFF;
    }

    /** The subscriber's timestamp for a publisher timestamp, with the current offset. */
    long outTimestamp(long inTs) {
        return (inTs + tsOffset) & 0xFFFFFFFFL;
    }

    long ts() {
        return curTs;
    }

    /** Newest timestamp sent and the time it was sent (for SR, RFC 3550 §6.4.1). */
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

    /** {@code a} is newer than {@code b} in 16-bit serial arithmetic (RFC 1982, RFC 3550 §A.1). */
    static boolean isNewer(int a, int b) {
        int d = (a - b) & 0xFFFF;
        return d != 0 && d < 0x8000;
    }
}
