package io.rtcd.rtc.sfu;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of the session layer, shared by all sessions of one {@link RtcServer}. Drops are counted here instead of
 * being logged or thrown; {@link #snapshot()} is for metrics and tests.
 */
public final class SfuCounters {
    /** Why a packet or message was not delivered. */
    public enum Drop {
        /** A session's inbound queue was full. */
        INBOUND_QUEUE_FULL,
        /** SRTP/SRTCP unprotect failed (counted in detail by the transport package too). */
        UNPROTECT_FAILED,
        /** A packet arrived before DTLS completed. */
        NOT_CONNECTED,
        /** Header does not parse as RTP (RFC 3550 §5.1). */
        MALFORMED_RTP,
        /** Header does not parse as RTCP (RFC 3550 §6.4). */
        MALFORMED_RTCP,
        /** SSRC not announced by the publisher's SDP. */
        UNKNOWN_SSRC,
        /** Payload type not negotiated for the publisher's section. */
        UNKNOWN_PAYLOAD_TYPE,
        /** Voice dropped while the publisher is muted. */
        MUTED,
        /** Subscriber not connected or its section not yet answered. */
        SUBSCRIBER_NOT_READY,
        /** The rewritten packet would not fit the buffer. */
        TOO_LARGE,
        /** SRTP protect or the socket refused the datagram (detailed by the transport package's counters). */
        SEND_FAILED,
        /** A PLI/FIR was suppressed by the per-track rate limit. */
        KEYFRAME_RATE_LIMITED,
        /** The packet handler threw (a bug; the packet is dropped and the session continues). */
        HANDLER_FAILED,
        /** The signal sink refused a message. */
        SIGNAL_SINK_FULL
    }

    private final EnumMap<Drop, LongAdder> drops = new EnumMap<>(Drop.class);
    private final EnumMap<SessionEndReason, LongAdder> sessionsClosed = new EnumMap<>(SessionEndReason.class);
    private final LongAdder forwarded = new LongAdder();
    private final LongAdder keyframeRequests = new LongAdder();
    private final LongAdder rtcpReports = new LongAdder();
    private final LongAdder iceRestartsOffer = new LongAdder();
    private final LongAdder iceRestartsAnswer = new LongAdder();
    private final LongAdder iceRestartsServer = new LongAdder();
    private final MediaCounters media = new MediaCounters();
    private final DataChannelCounters dataChannels = new DataChannelCounters();

    public SfuCounters() {
        for (Drop d : Drop.values()) {
            drops.put(d, new LongAdder());
        }
        for (SessionEndReason r : SessionEndReason.values()) {
            sessionsClosed.put(r, new LongAdder());
        }
    }

    /** A session ended (once per session, at close). */
    void sessionClosed(SessionEndReason reason) {
        sessionsClosed.get(reason).increment();
    }

    /** Sessions ended for {@code reason} since the server started. */
    public long sessionsClosed(SessionEndReason reason) {
        return sessionsClosed.get(reason).sum();
    }

    void drop(Drop reason) {
        drops.get(reason).increment();
    }

    /** {@code n} drops for one reason at once (the refused copies of a flushed send batch). */
    void drop(Drop reason, int n) {
        drops.get(reason).add(n);
    }

    void forwarded() {
        forwarded.increment();
    }

    /** {@code n} copies sent at once (a flushed send batch). */
    void forwarded(int n) {
        forwarded.add(n);
    }

    void keyframeRequested() {
        keyframeRequests.increment();
    }

    void rtcpReport() {
        rtcpReports.increment();
    }

    /**
     * An ICE restart: started by the {@code "client"} (carried by its {@code "offer"} or, pion, its {@code "answer"})
     * or by the {@code "server"} (its offer, when consent went stale).
     */
    void iceRestart(String initiator, String via) {
        if ("server".equals(initiator)) {
            iceRestartsServer.increment();
        } else {
            ("answer".equals(via) ? iceRestartsAnswer : iceRestartsOffer).increment();
        }
    }

    /**
     * ICE restarts (RFC 8445 §9) by {@code initiator} ({@code "client"} or {@code "server"}) and the description that
     * carried them ({@code "offer"} or {@code "answer"}; the server's are always offers).
     */
    public long iceRestarts(String initiator, String via) {
        if ("server".equals(initiator)) {
            return "offer".equals(via) ? iceRestartsServer.sum() : 0;
        }
        return ("answer".equals(via) ? iceRestartsAnswer : iceRestartsOffer).sum();
    }

    /** Data-channel counters (channels, messages, SCTP retransmissions). */
    public DataChannelCounters dataChannels() {
        return dataChannels;
    }

    /** NACK repair, publish permissions, screen sharer and learnt-SSRC counters. */
    public MediaCounters media() {
        return media;
    }

    public long drops(Drop reason) {
        return drops.get(reason).sum();
    }

    /** RTP packets sent to subscribers. */
    public long forwardedPackets() {
        return forwarded.sum();
    }

    /** PLIs sent to publishers. */
    public long keyframeRequests() {
        return keyframeRequests.sum();
    }

    /** SR and RR packets sent. */
    public long rtcpReports() {
        return rtcpReports.sum();
    }

    public Map<Drop, Long> snapshot() {
        EnumMap<Drop, Long> m = new EnumMap<>(Drop.class);
        drops.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }
}
