package io.rtcd.rtc.sfu;

import java.nio.charset.StandardCharsets;

/**
 * One published track as one subscriber receives it: a fresh SSRC, the subscriber's payload type and extension ids,
 * its own continuous sequence/timestamp space, and the subscriber's mid for that m-line.
 *
 * <p>Ownership: created by the subscriber's negotiation; {@link #negotiated} is published by the subscriber's serial
 * executor (volatile fields); the rewriter is used only by the publisher's serial executor.
 */
final class Subscription {
    final PublishedTrack track;
    final String subscriberSessionId;
    final MediaLink link;
    final long outSsrc;
    final SequenceTimestampRewriter rewriter;
    private volatile int outPayloadType = -1;
    private volatile int[] extIds = new int[HeaderExtension.count()];
    private volatile byte[] midBytes = new byte[0];
    private volatile boolean active;
    /** Source sequence number and time of the last re-sends to this subscriber (NackResponder); lazily, 256 slots. */
    private int[] resentSeq;

    private long[] resentNanos;

    Subscription(PublishedTrack track, String subscriberSessionId, MediaLink link, long outSsrc, int initialSeq) {
        this.track = track;
        this.subscriberSessionId = subscriberSessionId;
        this.link = link;
        this.outSsrc = outSsrc;
        this.rewriter = new SequenceTimestampRewriter(track.clockRate, initialSeq);
    }

    /** The subscriber's answer accepted the m-line: forward with these parameters from now on. */
    void negotiated(int payloadType, int[] subscriberExtIds, String mid) {
        this.extIds = subscriberExtIds.clone();
        this.midBytes = mid.getBytes(StandardCharsets.US_ASCII);
        this.outPayloadType = payloadType;
        this.active = true;
    }

    /** The m-line was rejected or set inactive: stop forwarding. */
    void deactivate() {
        this.active = false;
    }

    boolean active() {
        return active && outPayloadType >= 0;
    }

    /**
     * Forwarding resumes after the publisher's mute (voice packets were dropped meanwhile, without renegotiation):
     * the next packet continues the numbering. Publisher's serial executor.
     */
    void resume() {
        rewriter.resync();
    }

    /**
     * Whether source packet {@code seq} was re-sent to this subscriber less than {@code intervalNanos} ago; if not,
     * records {@code nowNanos} as its re-send. Publisher's serial executor; allocates two small arrays at the first
     * NACK of the subscription.
     */
    boolean resentWithin(int seq, long nowNanos, long intervalNanos) {
        if (resentSeq == null) {
            resentSeq = new int[RtpPacketCache.CAPACITY];
            resentNanos = new long[RtpPacketCache.CAPACITY];
            java.util.Arrays.fill(resentSeq, -1);
        }
        int slot = seq & (RtpPacketCache.CAPACITY - 1);
        if (resentSeq[slot] == seq && nowNanos - resentNanos[slot] < intervalNanos) {
            return true;
        }
        resentSeq[slot] = seq;
        resentNanos[slot] = nowNanos;
        return false;
    }

    int outPayloadType() {
        return outPayloadType;
    }

    int[] extIds() {
        return extIds;
    }

    byte[] midBytes() {
        return midBytes;
    }
}
