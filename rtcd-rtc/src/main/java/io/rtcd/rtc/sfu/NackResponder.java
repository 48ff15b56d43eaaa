package io.rtcd.rtc.sfu;

import io.rtcd.rtc.transport.udp.UdpBuffer;
import io.rtcd.rtc.transport.udp.UdpBufferPool;

/**
 * Answers a subscriber's Generic NACK (RFC 4585 §6.2.1) for a forwarded video track: each lost sequence number of
 * the subscriber's space is mapped back through its {@link SequenceTimestampRewriter} to the publisher's, looked up in
 * the track's {@link RtpPacketCache} and, when present, re-sent through the subscriber's normal {@link MediaLink}
 * (SRTP protect + send) by {@link RtpForwarder#resend}: byte for byte the packet first forwarded (same SSRC, payload
 * type, sequence number, timestamp, extensions). No RTX (RFC 4588): RTX is not negotiated; the retransmission is the
 * original packet again, as RFC 4585 allows.
 *
 * <p>Sequence numbers the SFU never received (a gap inside the cache window) are asked of the publisher in one
 * Generic NACK of its own SSRC/sequence space, at most one per track per
 * {@link RtpPacketCache#UPSTREAM_NACK_INTERVAL_NANOS}; the publisher's retransmission is then forwarded as usual.
 *
 * <p>Loss must not feed on itself: a packet is re-sent to one subscriber at most once per {@link
 * #RESEND_INTERVAL_NANOS}, however often it is asked for (a receiver that retries faster than the retransmission can
 * arrive, or duplicated NACKs, are answered once and counted in {@link MediaCounters#nackSuppressed()}).
 *
 * <p>Not thread-safe: one instance per publisher session, used by its serial executor (which owns the cache and the
 * rewriters). No allocation per packet.
 */
final class NackResponder {
    /** Lost sequence numbers handled per NACK packet (17 per FCI entry; a browser sends far fewer). */
    static final int MAX_SEQUENCES = 17 * 16;

    /**
     * Least time between two re-sends of one packet to one subscriber: a browser asks again after its RTT estimate
     * (100 ms before it has one), so a repeat sooner than this means the first retransmission is still under way.
     */
    static final long RESEND_INTERVAL_NANOS = 50_000_000L;

    private static final int RTPFB = 205;
    private static final int FMT_NACK = 1;
    private static final int NACK_HEADER_BYTES = 12;

    private final RtpForwarder forwarder;
    private final MediaCounters media;
    /** Gaps to ask the publisher for; allocated at the first one (a session that publishes no video never does). */
    private int[] upstream;

    NackResponder(SfuCounters counters, RtpForwarder forwarder) {
        this.media = counters.media();
        this.forwarder = forwarder;
    }

    /**
     * @param outSeqs lost sequence numbers in the subscriber's space ({@code n} of them, FCI order)
     * @return packets re-sent
     */
    int respond(PublishedTrack t, Subscription s, int[] outSeqs, int n, long nowNanos) {
        RtpPacketCache cache = t.cache();
        media.onNackRequested(n);
        if (cache == null || t.removed()) {
            for (int i = 0; i < n; i++) {
                media.onNackMissed();
            }
            return 0;
        }
        int sent = 0;
        int gaps = 0;
        for (int i = 0; i < n; i++) {
            int in = s.rewriter.sourceSeq(outSeqs[i]);
            int slot = in < 0 ? -1 : cache.find(in);
            if (slot < 0 || !s.active() || !s.link.ready()) {
                media.onNackMissed();
                if (in >= 0 && cache.isGap(in) && gaps < MAX_SEQUENCES) {
                    if (upstream == null) {
                        upstream = new int[MAX_SEQUENCES];
                    }
                    upstream[gaps++] = in;
                }
                continue;
            }
            if (s.resentWithin(in, nowNanos, RESEND_INTERVAL_NANOS)) {
                media.onNackSuppressed();
                continue;
            }
            if (forwarder.resend(t, s, cache.data(), RtpPacketCache.offset(slot), cache.length(slot), nowNanos)) {
                media.onRetransmitted();
                sent++;
            }
        }
        if (gaps > 0) {
            askPublisher(t, cache, gaps, nowNanos);
        }
        return sent;
    }

    /** One compound RTCP packet to the publisher: empty RR (RFC 3550 §6.1) + Generic NACK of its SSRC. */
    private void askPublisher(PublishedTrack t, RtpPacketCache cache, int n, long nowNanos) {
        MediaLink pub = t.publisherLink;
        if (!pub.ready()) {
            return;
        }
        if (!cache.tryUpstreamNack(nowNanos)) {
            media.onUpstreamNackLimited();
            return;
        }
        UdpBuffer b = pub.acquire();
        byte[] o = b.getBuffer();
        int p = b.getOffset();
        int limit = o.length - UdpBufferPool.TAILROOM;
        int len = RtcpPackets.writeEmptyRr(o, p, pub.rtcpSsrc());
        int nack = p + len;
        RtpView.put32(o, nack + 4, pub.rtcpSsrc());
        RtpView.put32(o, nack + 8, t.sourceSsrc());
        int q = nack + NACK_HEADER_BYTES;
        int i = 0;
        while (i < n && q + 4 <= limit) {
            int pid = upstream[i++];
            int blp = 0;
            while (i < n) {
                int d = (upstream[i] - pid - 1) & 0xFFFF;
                if (d >= 16) {
                    break;
                }
                blp |= 1 << d;
                i++;
            }
            RtpView.put16(o, q, pid);
            RtpView.put16(o, q + 2, blp);
            q += 4;
        }
        int nackBytes = q - nack;
        o[nack] = (byte) (0x80 | FMT_NACK);
        o[nack + 1] = (byte) RTPFB;
        RtpView.put16(o, nack + 2, nackBytes / 4 - 1);
        b.setLength(q - p);
        if (pub.send(b, true)) {
            media.onUpstreamNack();
        }
    }

    /**
     * Reads the lost sequence numbers of a Generic NACK at {@code p} ({@code n} bytes) into {@code out}.
     *
     * @return how many, or -1 if the packet is not a Generic NACK
     */
    static int lostSequences(byte[] b, int p, int n, int[] out) {
        if (RtcpPackets.packetType(b, p) != RTPFB || RtcpPackets.countOrFmt(b, p) != FMT_NACK || n < 16) {
            return -1;
        }
        int count = 0;
        for (int q = p + NACK_HEADER_BYTES; q + 4 <= p + n && count < out.length; q += 4) {
            int pid = RtpView.u16(b, q);
            int blp = RtpView.u16(b, q + 2);
            out[count++] = pid;
            for (int bit = 0; bit < 16 && count < out.length; bit++) {
                if ((blp & (1 << bit)) != 0) {
                    out[count++] = (pid + bit + 1) & 0xFFFF;
                }
            }
        }
        return count;
    }

    /** Media source SSRC of an RTCP feedback packet (RFC 4585 §6.1). */
    static long mediaSsrc(byte[] b, int p) {
        return RtpView.u32(b, p + 8);
    }
}
