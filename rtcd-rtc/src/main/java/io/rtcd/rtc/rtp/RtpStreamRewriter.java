package io.rtcd.rtc.rtp;

/**
 * Rewrites a forwarded RTP packet in place for one subscriber stream: SSRC to the subscriber-facing SSRC, sequence
 * number and timestamp through a {@link SequenceRewriter} and a {@link TimestampRewriter}, and optionally the payload
 * type. Not thread-safe; one per subscriber stream.
 */
public final class RtpStreamRewriter {
    private final long outgoingSsrc;
    private final SequenceRewriter sequences;
    private final TimestampRewriter timestamps;

    public RtpStreamRewriter(long outgoingSsrc, SequenceRewriter sequences, TimestampRewriter timestamps) {
        this.outgoingSsrc = outgoingSsrc;
        this.sequences = sequences;
        this.timestamps = timestamps;
    }

    /**
     * Rewrites the header of a packet that validated with {@link RtpHeader#validate}.
     *
     * @return false when the packet must be dropped (late packet of a source that was switched away from)
     */
    public boolean rewrite(byte[] buf, int off, long nowNanos) {
        long ssrc = RtpHeader.ssrc(buf, off);
        int seq = sequences.rewrite(ssrc, RtpHeader.sequence(buf, off));
        if (seq == SequenceRewriter.DROP) {
            return false;
        }
        RtpHeader.setSequence(buf, off, seq);
        RtpHeader.setTimestamp(buf, off, timestamps.rewrite(ssrc, RtpHeader.timestamp(buf, off), nowNanos));
        RtpHeader.setSsrc(buf, off, outgoingSsrc);
        return true;
    }

    public long outgoingSsrc() {
        return outgoingSsrc;
    }
}
