package io.rtcd.rtc.sfu;

import io.rtcd.rtc.rtp.SequenceRewriter;
import io.rtcd.rtc.rtp.SerialNumbers;
import io.rtcd.rtc.rtp.TimestampRewriter;

/**
 * One subscription's numbering (RFC 3550 §5.1): the {@code rtp} package's {@link SequenceRewriter} and
 * {@link TimestampRewriter} keep sequence numbers and timestamps continuous across source changes. A forwarding pause
 * (mute) is treated as a source change: {@link #resync()} starts a new "epoch" (a virtual source id), so the first
 * packet after it continues at last+1 and its timestamp advances by the wall-clock time elapsed, instead of showing
 * the subscriber a gap it would read as loss. Also counts packets and octets for sender reports.
 *
 * <p>Not thread-safe: owned by the publisher's serial executor.
 */
final class SequenceTimestampRewriter {
    private final int clockRate;
    private final SequenceRewriter sequences;
    private final TimestampRewriter timestamps;
    private long epoch;
    private int seq;
    private long ts;
    private long lastNanos;
    private long packets;
    private long octets;

    SequenceTimestampRewriter(int clockRate, int initialSeq) {
        if (clockRate <= 0) {
            throw new IllegalArgumentException("clockRate must be > 0, got " + clockRate);
        }
        this.clockRate = clockRate;
        this.sequences = new SequenceRewriter(initialSeq & 0xFFFF);
        // default step when no time elapsed: one 20 ms audio frame or one 30 fps video frame
        this.timestamps = new TimestampRewriter(clockRate, clockRate >= 90000 ? clockRate / 30 : clockRate / 50);
    }

    /** The next packet continues the numbering without a gap (forwarding resumed). */
    void resync() {
        epoch++;
    }

    /**
     * Rewrites one packet's numbers; results are read with {@link #seq()} and {@link #ts()}.
     *
     * @return {@code false} when the packet predates the current epoch and must be dropped
     */
    boolean rewrite(int inSeq, long inTs, long nowNanos, int payloadBytes) {
        int s = sequences.rewrite(epoch, inSeq);
        if (s == SequenceRewriter.DROP) {
            return false;
        }
        long t = timestamps.rewrite(epoch, inTs, nowNanos);
        if (packets == 0 || SerialNumbers.isNewerSequence(s, seq)) {
            lastNanos = nowNanos;
        }
        seq = s;
        ts = t;
        packets++;
        octets += payloadBytes;
        return true;
    }

    int seq() {
        return seq;
    }

    long ts() {
        return ts;
    }

    /** Newest timestamp sent and the time it was sent (for SR, RFC 3550 §6.4.1). */
    long lastTimestamp() {
        return timestamps.lastSent();
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

    /** {@code a} is newer than {@code b} in 16-bit serial arithmetic (RFC 1982). */
    static boolean isNewer(int a, int b) {
        return SerialNumbers.isNewerSequence(a, b);
    }
}
