package io.rtcd.rtc.sfu;

import io.rtcd.rtc.transport.udp.UdpBuffer;

/**
 * The periodic RTCP reports of one session (RFC 3550 §6.4): an RR to the participant for each track it publishes
 * (reception quality as the SFU sees it) and an SR to each subscriber of those tracks, from the rewritten stream's
 * counts and a timestamp extrapolated to now (RFC 3550 §6.4.1). Runs on the publisher's serial thread, which owns the
 * rewriter state it reads.
 */
final class SessionReports {
    private SessionReports() {}

    static void send(PublishedTrack[] published, MediaLink link, SfuCounters counters) {
        long nowNanos = System.nanoTime();
        long wall = System.currentTimeMillis();
        for (PublishedTrack t : published) {
            if (t.hasReceived()) {
                UdpBuffer b = link.acquire();
                int n = RtcpPackets.writeRr(
                        b.getBuffer(),
                        b.getOffset(),
                        link.rtcpSsrc(),
                        t.sourceSsrc,
                        t.fractionLostSinceLastReport(),
                        t.cumulativeLost(),
                        t.extendedHighestSeq());
                b.setLength(n);
                if (link.send(b, true)) {
                    counters.rtcpReport();
                }
            }
            for (Subscription s : t.subscriptions()) {
                SequenceTimestampRewriter r = s.rewriter;
                if (!s.active() || r.packets() == 0 || !s.link.ready()) {
                    continue;
                }
                long ts =
                        (r.lastTimestamp() + (nowNanos - r.lastNanos()) * r.clockRate() / 1_000_000_000L) & 0xFFFFFFFFL;
                UdpBuffer b = s.link.acquire();
                int n = RtcpPackets.writeSr(b.getBuffer(), b.getOffset(), s.outSsrc, wall, ts, r.packets(), r.octets());
                b.setLength(n);
                if (s.link.send(b, true)) {
                    counters.rtcpReport();
                }
            }
        }
    }
}
