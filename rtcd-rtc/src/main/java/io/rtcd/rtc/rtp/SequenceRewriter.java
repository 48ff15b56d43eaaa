package io.rtcd.rtc.rtp;

/**
 * Keeps one subscriber's outgoing RTP sequence numbers continuous while the forwarded source changes (simulcast layer
 * or speaker switch). Within a source the input is shifted by a constant offset mod 2^16, so gaps stay gaps (the
 * subscriber still NACKs real losses) and reordering is preserved. When the source SSRC changes, the new source's
 * packet continues at {@code highest sent + 1} (RFC 3550 §5.1 requires no jumps the receiver would read as loss).
 * Packets of the current source older than its first forwarded packet would collide with numbers already used by the
 * previous source, and are dropped.
 *
 * <p>Not thread-safe: one instance per subscriber stream, used on that session's thread.
 */
public final class SequenceRewriter {
    /** Returned by {@link #rewrite} for a packet to drop. */
    public static final int DROP = -1;

    private static final int HALF = 0x8000;

    private boolean started;
    private long sourceSsrc;
    private int offset;
    private int highest;
    /**
     * How far {@code highest} is past the current source's first forwarded number, capped at half the sequence space:
     * a packet further behind {@code highest} than this predates the source switch. Tracked as a distance rather than
     * compared with the first number, which would wrap after 2^15 packets and drop everything from then on.
     */
    private int span;

    private final int initialSequence;
    private final boolean keepFirst;

    /** The first forwarded packet keeps its sequence number. */
    public SequenceRewriter() {
        this.initialSequence = 0;
        this.keepFirst = true;
    }

    /** The first forwarded packet gets {@code initialSequence} (e.g. random, RFC 3550 §5.1). */
    public SequenceRewriter(int initialSequence) {
        if (initialSequence < 0 || initialSequence > 0xFFFF) {
            throw new IllegalArgumentException("initialSequence out of range 0..65535: " + initialSequence);
        }
        this.initialSequence = initialSequence;
        this.keepFirst = false;
    }

    /**
     * @param ssrc the source SSRC of the incoming packet
     * @param sequence its sequence number 0..65535
     * @return the outgoing sequence number, or {@link #DROP}
     */
    public int rewrite(long ssrc, int sequence) {
        if (!started) {
            started = true;
            sourceSsrc = ssrc;
            offset = keepFirst ? 0 : (initialSequence - sequence) & 0xFFFF;
            highest = (sequence + offset) & 0xFFFF;
            span = 0;
            return highest;
        }
        if (ssrc != sourceSsrc) {
            sourceSsrc = ssrc;
            int next = (highest + 1) & 0xFFFF;
            offset = (next - sequence) & 0xFFFF;
            highest = next;
            span = 0;
            return next;
        }
        int out = (sequence + offset) & 0xFFFF;
        if (SerialNumbers.isNewerSequence(out, highest)) {
            span = Math.min(span + ((out - highest) & 0xFFFF), HALF);
            highest = out;
            return out;
        }
        return ((highest - out) & 0xFFFF) > span ? DROP : out;
    }

    /** The highest sequence number sent so far (meaningless before the first packet). */
    public int highestSent() {
        return highest;
    }

    /**
     * Maps a sequence number a subscriber NACKs back to the current source's number, or {@link #DROP} when it was
     * sent for a previous source.
     */
    public int reverse(int outgoing) {
        int out = outgoing & 0xFFFF;
        if (!started || SerialNumbers.isNewerSequence(out, highest) || ((highest - out) & 0xFFFF) > span) {
            return DROP;
        }
        return (out - offset) & 0xFFFF;
    }
}
