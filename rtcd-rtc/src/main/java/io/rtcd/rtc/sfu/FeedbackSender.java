package io.rtcd.rtc.sfu;

import io.rtcd.rtc.sdp.MediaKind;
import io.rtcd.rtc.transport.udp.UdpBuffer;

/** The feedback the SFU itself sends to publishers: keyframe requests and transport-wide congestion feedback. */
final class FeedbackSender {
    private FeedbackSender() {}

    /**
     * A PLI (RFC 4585 §6.3.1) in a compound with an empty RR to the publisher of {@code t}, rate-limited per track
     * ({@code force} for a new subscriber). Any serial thread: the publisher's link is thread-safe.
     */
    static void pli(PublishedTrack t, long now, boolean force, SfuCounters counters) {
        if (t.kind != MediaKind.VIDEO
                || t.removed()
                || !t.publisherLink.ready()
                || t.sourceSsrc == PublishedTrack.UNKNOWN_SSRC) {
            return; // a publisher that is not connected yet starts with a keyframe anyway
        }
        if (!t.keyframes.tryAcquire(now, force)) {
            counters.drop(SfuCounters.Drop.KEYFRAME_RATE_LIMITED);
            return;
        }
        MediaLink pub = t.publisherLink;
        UdpBuffer b = pub.acquire();
        byte[] o = b.getBuffer();
        int p = b.getOffset();
        int n = RtcpPackets.writeEmptyRr(o, p, pub.rtcpSsrc());
        n += RtcpPackets.writePli(o, p + n, pub.rtcpSsrc(), t.sourceSsrc);
        b.setLength(n);
        if (pub.send(b, true)) {
            counters.keyframeRequested();
        }
    }

    /**
     * Transport-wide CC feedback (RR + RTPFB fmt 15) to a publisher through its own {@code link}. The publisher's
     * serial thread, which owns {@code responder}.
     */
    static void transportCc(
            MediaLink link, TransportCcResponder responder, long mediaSsrc, long now, SfuCounters counters) {
        UdpBuffer b = link.acquire();
        byte[] o = b.getBuffer();
        int p = b.getOffset();
        int n = RtcpPackets.writeEmptyRr(o, p, link.rtcpSsrc());
        int fb = responder.write(o, p + n, link.rtcpSsrc(), mediaSsrc, now);
        if (fb == 0) {
            b.release();
            return;
        }
        b.setLength(n + fb);
        if (link.send(b, true)) {
            counters.media().onTransportCcFeedback();
        }
    }
}
