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
