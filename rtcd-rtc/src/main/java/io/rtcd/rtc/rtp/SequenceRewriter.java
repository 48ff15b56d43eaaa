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

    private boolean started;
    private long sourceSsrc;
    private int offset;
    private int highest;
    private int firstOfSource;
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
            firstOfSource = highest;
            return highest;
        }
        if (ssrc != sourceSsrc) {
            sourceSsrc = ssrc;
            int next = (highest + 1) & 0xFFFF;
            offset = (next - sequence) & 0xFFFF;
            highest = next;
            firstOfSource = next;
            return next;
        }
        int out = (sequence + offset) & 0xFFFF;
        if (SerialNumbers.isNewerSequence(firstOfSource, out)) {
            return DROP;
        }
        if (SerialNumbers.isNewerSequence(out, highest)) {
            highest = out;
        }
        return out;
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
        if (!started || SerialNumbers.isNewerSequence(firstOfSource, outgoing & 0xFFFF)) {
            return DROP;
        }
        return (outgoing - offset) & 0xFFFF;
    }
}
