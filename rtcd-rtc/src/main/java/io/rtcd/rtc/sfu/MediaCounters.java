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
    private final LongAdder nackSuppressed = new LongAdder();
    private final LongAdder[] rtcpReceived = new LongAdder[RtcpType.values().length];

    /** What a participant's RTCP packet is (one packet of a compound, RFC 3550 §6.1), for the received counter. */
    public enum RtcpType {
        SR,
        RR,
        SDES,
        BYE,
        NACK,
        PLI,
        FIR,
        REMB,
        TRANSPORT_CC,
        OTHER;

        /** The type of the RTCP packet {@code b[p, p + n)} (payload type, then FMT for feedback, RFC 4585 §6.1). */
        static RtcpType of(byte[] b, int p, int n) {
            int fmt = b[p] & 0x1F;
            return switch (b[p + 1] & 0xFF) {
                case 200 -> SR;
                case 201 -> RR;
                case 202 -> SDES;
                case 203 -> BYE;
                case 205 -> fmt == 1 ? NACK : fmt == 15 ? TRANSPORT_CC : OTHER;
                case 206 -> fmt == 1 ? PLI : fmt == 4 ? FIR : fmt == 15 && isRemb(b, p, n) ? REMB : OTHER;
                default -> OTHER;
            };
        }

        private static boolean isRemb(byte[] b, int p, int n) {
            return n >= 20 && b[p + 12] == 'R' && b[p + 13] == 'E' && b[p + 14] == 'M' && b[p + 15] == 'B';
        }
    }

    public MediaCounters() {
        for (int i = 0; i < rtcpReceived.length; i++) {
            rtcpReceived[i] = new LongAdder();
        }
    }

    /** One RTCP packet of a participant's compound packet, classified; allocation-free. */
    void onRtcpReceived(byte[] b, int p, int n) {
        rtcpReceived[RtcpType.of(b, p, n).ordinal()].increment();
    }

    void onNackRequested(int sequenceNumbers) {
        nackRequested.add(sequenceNumbers);
    }

    void onRetransmitted() {
        retransmitted.increment();
    }

    void onNackSuppressed() {
        nackSuppressed.increment();
    }

    /** NACKed packets not re-sent because they were re-sent to that subscriber moments ago (NackResponder). */
    public long nackSuppressed() {
        return nackSuppressed.sum();
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
    /** RTCP packets of {@code type} received from participants (after SRTCP), one per packet of a compound. */
    public long rtcpReceived(RtcpType type) {
        return rtcpReceived[type.ordinal()].sum();
    }

    public long transportCcFeedback() {
        return transportCcFeedback.sum();
    }
}
