package io.rtcd.rtc.sfu;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of the SFU's media features beyond plain forwarding: NACK repair (RFC 4585 §6.2.1), publish permissions,
 * the single screen sharer rule and SSRCs learnt from RTP header extensions. Thread-safe (LongAdders); read at
 * metrics scrape time. One instance per {@link RtcServer}, reached through {@link SfuCounters#media()}.
 */
public final class MediaCounters {
    private final LongAdder nackRequested = new LongAdder();
    private final LongAdder retransmitted = new LongAdder();
    private final LongAdder nackMissed = new LongAdder();
    private final LongAdder upstreamNacks = new LongAdder();
    private final LongAdder upstreamNacksLimited = new LongAdder();
    private final LongAdder refusedAudio = new LongAdder();
    private final LongAdder refusedVideo = new LongAdder();
    private final LongAdder refusedScreen = new LongAdder();
    private final LongAdder screenShareRefused = new LongAdder();
    private final LongAdder ssrcsLearnt = new LongAdder();
    private final LongAdder transportCcFeedback = new LongAdder();

    void onNackRequested(int sequenceNumbers) {
        nackRequested.add(sequenceNumbers);
    }

    void onRetransmitted() {
        retransmitted.increment();
    }

    void onNackMissed() {
        nackMissed.increment();
    }

    void onUpstreamNack() {
        upstreamNacks.increment();
    }

    void onUpstreamNackLimited() {
        upstreamNacksLimited.increment();
    }

    void onPublishRefused(PublishPermission what) {
        switch (what) {
            case AUDIO -> refusedAudio.increment();
            case VIDEO -> refusedVideo.increment();
            case SCREEN -> refusedScreen.increment();
            default -> throw new IllegalArgumentException("not a media permission: " + what);
        }
    }

    void onScreenShareRefused() {
        screenShareRefused.increment();
    }

    void onTransportCcFeedback() {
        transportCcFeedback.increment();
    }

    void onSsrcLearnt() {
        ssrcsLearnt.increment();
    }

    /** Sequence numbers subscribers asked for in Generic NACKs. */
    public long nackRequested() {
        return nackRequested.sum();
    }

    /** Packets re-sent to subscribers from the per-track history. */
    public long retransmitted() {
        return retransmitted.sum();
    }

    /** Requested sequence numbers that were not in the history (too old, never received, or unmappable). */
    public long nackMissed() {
        return nackMissed.sum();
    }

    /** Generic NACKs sent to publishers for packets the SFU never received. */
    public long upstreamNacks() {
        return upstreamNacks.sum();
    }

    /** Upstream NACKs suppressed by the per-track rate limit. */
    public long upstreamNacksLimited() {
        return upstreamNacksLimited.sum();
    }

    /** Offered tracks not forwarded because the join token does not allow publishing that kind. */
    public long publishRefused(PublishPermission what) {
        return switch (what) {
            case AUDIO -> refusedAudio.sum();
            case VIDEO -> refusedVideo.sum();
            case SCREEN -> refusedScreen.sum();
            default -> 0;
        };
    }

    /** Screen shares refused because another session of the call is sharing. */
    public long screenShareRefused() {
        return screenShareRefused.sum();
    }

    /** Published tracks without an SSRC in the SDP whose SSRC was learnt from the RTP mid/rid extensions. */
    public long ssrcsLearnt() {
        return ssrcsLearnt.sum();
    }

    /** Transport-wide congestion control feedback packets sent to publishers. */
    public long transportCcFeedback() {
        return transportCcFeedback.sum();
    }
}
