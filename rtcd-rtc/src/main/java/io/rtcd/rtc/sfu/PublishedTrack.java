package io.rtcd.rtc.sfu;

import io.rtcd.rtc.sdp.CodecSpec;
import io.rtcd.rtc.sdp.MediaKind;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One track a participant publishes (an SSRC announced in its offer) and its fan-out list. The subscription array
 * is copy-on-write: mutated under this object's lock by negotiation, read without locks by the publisher's serial
 * executor on every packet. Receive statistics (for RR, RFC 3550 §6.4.1/§A.3) are owned by the publisher's executor.
 */
final class PublishedTrack {
    private static final Subscription[] NONE = new Subscription[0];
    /** Placeholder SSRC of a track whose SSRC the SDP did not announce (RFC 8853 rid-only sections). */
    static final long UNKNOWN_SSRC = -1;

    final String trackId;
    final TrackType type;
    final MediaKind kind;
    /** {@link #UNKNOWN_SSRC} = not announced in the SDP (simulcast by rid): learnt from the first packet's mid. */
    volatile long sourceSsrc;

    final String publisherSessionId;
    final String streamId;
    final String mid;
    final int clockRate;
    final int payloadType;
    final int[] extIds;
    final MediaLink publisherLink;
    final KeyframeRequestLimiter keyframes;
    final VoiceActivityDetector vad;
    /** The client's mid as bytes, to match the RTP {@code sdes:mid} extension (RFC 8843 §15). */
    final byte[] midBytes;

    private volatile Subscription[] subscriptions = NONE;
    /** What the publisher sends (name, clock, fmtp), offered as is to subscribers; set before the track is announced. */
    private volatile CodecSpec codec;
    /** Set once before the track is announced, read by subscribers' serial threads afterwards. */
    private volatile RtcSession publisher;
    /** Video history for NACK answers; publisher's serial thread only. Null for audio. */
    private volatile RtpPacketCache cache;

    private volatile boolean removed;

    // receive statistics, publisher executor only
    private boolean seen;
    private int baseSeq;
    private int maxSeq;
    private int cycles;
    private long received;
    private long expectedPrior;
    private long receivedPrior;

    PublishedTrack(
            String trackId,
            TrackType type,
            MediaKind kind,
            long sourceSsrc,
            String publisherSessionId,
            String streamId,
            String mid,
            int clockRate,
            int payloadType,
            int[] extIds,
            MediaLink publisherLink,
            long keyframeIntervalNanos) {
        this.trackId = trackId;
        this.type = type;
        this.kind = kind;
        this.sourceSsrc = sourceSsrc;
        this.publisherSessionId = publisherSessionId;
        this.streamId = streamId;
        this.mid = mid;
        this.clockRate = clockRate;
        this.payloadType = payloadType;
        this.extIds = extIds.clone();
        this.midBytes = mid.getBytes(StandardCharsets.US_ASCII);
        this.codec = kind == MediaKind.AUDIO ? CodecSpec.opus() : CodecSpec.vp8();
        this.publisherLink = publisherLink;
        this.keyframes = new KeyframeRequestLimiter(keyframeIntervalNanos);
        this.vad = kind == MediaKind.AUDIO && extIds[HeaderExtension.AUDIO_LEVEL.ordinal()] > 0
                ? new VoiceActivityDetector()
                : null;
    }

    /** Called by the publishing session before the track is announced to the call. */
    void attach(RtcSession publisherSession, RtpPacketCache history, CodecSpec sent) {
        this.publisher = publisherSession;
        this.cache = history;
        if (sent != null) {
            this.codec = sent;
        }
    }

    RtcSession publisher() {
        return publisher;
    }

    RtpPacketCache cache() {
        return cache;
    }

    CodecSpec codec() {
        return codec;
    }

    long sourceSsrc() {
        return sourceSsrc;
    }

    Subscription[] subscriptions() {
        return subscriptions;
    }

    synchronized void add(Subscription s) {
        Subscription[] cur = subscriptions;
        Subscription[] next = Arrays.copyOf(cur, cur.length + 1);
        next[cur.length] = s;
        subscriptions = next;
    }

    synchronized void remove(Subscription s) {
        Subscription[] cur = subscriptions;
        int i = Arrays.asList(cur).indexOf(s);
        if (i < 0) {
            return;
        }
        Subscription[] next = new Subscription[cur.length - 1];
        System.arraycopy(cur, 0, next, 0, i);
        System.arraycopy(cur, i + 1, next, i, cur.length - i - 1);
        subscriptions = next;
    }

    void markRemoved() {
        removed = true;
    }

    boolean removed() {
        return removed;
    }

    /** RFC 3550 §A.1 sequence bookkeeping for receiver reports (simplified: no probation). */
    void received(int seq) {
        if (!seen) {
            seen = true;
            baseSeq = seq;
            maxSeq = seq;
        } else if (SequenceTimestampRewriter.isNewer(seq, maxSeq)) {
            if (seq < maxSeq) {
                cycles += 0x10000;
            }
            maxSeq = seq;
        }
        received++;
    }

    boolean hasReceived() {
        return seen;
    }

    long extendedHighestSeq() {
        return (long) cycles + maxSeq;
    }

    long cumulativeLost() {
        long expected = extendedHighestSeq() - baseSeq + 1;
        return Math.max(0, Math.min(0x7FFFFF, expected - received));
    }

    /** RFC 3550 §A.3 fraction lost since the previous call, as the 8-bit fixed point value. */
    int fractionLostSinceLastReport() {
        long expected = extendedHighestSeq() - baseSeq + 1;
        long expectedInterval = expected - expectedPrior;
        long receivedInterval = received - receivedPrior;
        expectedPrior = expected;
        receivedPrior = received;
        long lost = expectedInterval - receivedInterval;
        if (expectedInterval == 0 || lost <= 0) {
            return 0;
        }
        return (int) Math.min(255, (lost << 8) / expectedInterval);
    }
}
