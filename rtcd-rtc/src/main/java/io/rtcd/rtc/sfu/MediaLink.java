package io.rtcd.rtc.sfu;

import io.rtcd.rtc.transport.udp.UdpBuffer;
import io.rtcd.rtc.transport.udp.UdpBufferPool;
import io.rtcd.rtc.transport.udp.UdpSendBatch;

/**
 * The outbound media path of one session, published once its transport connected. Any thread may send through it
 * (publishers' serial executors forward to it, its own executor sends RTCP): the port is thread-safe.
 *
 * <p>Buffer ownership (P7): {@link #send} always takes ownership of the buffer and releases it; {@link
 * #sendRtpRetained} never does.
 */
final class MediaLink {
    private final UdpBufferPool pool;
    private final SfuCounters counters;
    private final long rtcpSsrc;
    private volatile MediaPort port;
    /** {@link System#nanoTime()} of the first RTP packet handed to the transport (the session's timeline); 0 = none. */
    private volatile long firstRtpSentNanos;

    MediaLink(UdpBufferPool pool, SfuCounters counters, long rtcpSsrc) {
        this.pool = pool;
        this.counters = counters;
        this.rtcpSsrc = rtcpSsrc;
    }

    /** Publishes the connected transport; from now on {@link #ready()} is true. */
    void connect(MediaPort value) {
        this.port = value;
    }

    /** Detaches the transport; later sends are counted drops. */
    void disconnect() {
        this.port = null;
    }

    boolean ready() {
        return port != null;
    }

    /** SSRC this session uses as sender of its own RTCP (RR, PLI) towards the participant. */
    long rtcpSsrc() {
        return rtcpSsrc;
    }

    /** A pooled buffer positioned at the headroom, empty. */
    UdpBuffer acquire() {
        UdpBuffer b = pool.acquire();
        b.setLength(0);
        b.setOffset(UdpBufferPool.HEADROOM);
        return b;
    }

    /**
     * Protects (in place) and sends one RTP packet, or adds it to {@code batch} (owned by the calling thread, which
     * flushes it; {@code null}: send at once); the caller keeps {@code packet} and may reuse it at once (the transport
     * copies it before returning). The fan-out's preallocated output buffers go through here. {@link
     * UdpSendBatch.Outcome#QUEUED} copies are counted when the batch is flushed, {@link UdpSendBatch.Outcome#SENT} ones
     * by the caller now, drops here.
     */
    UdpSendBatch.Outcome sendRtpRetained(UdpBuffer packet, UdpSendBatch batch) {
        MediaPort p = port;
        if (p == null) {
            counters.drop(SfuCounters.Drop.SUBSCRIBER_NOT_READY);
            return UdpSendBatch.Outcome.DROPPED;
        }
        UdpSendBatch.Outcome o = p.sendRtp(packet, batch);
        if (o == UdpSendBatch.Outcome.DROPPED) {
            counters.drop(SfuCounters.Drop.SEND_FAILED);
        } else if (firstRtpSentNanos == 0) {
            firstRtpSentNanos = System.nanoTime();
        }
        return o;
    }

    /** {@link System#nanoTime()} when the first RTP packet went to this participant, or 0. Any thread. */
    long firstRtpSentNanos() {
        return firstRtpSentNanos;
    }

    /** The calling thread's send batch of this link's UDP socket, or {@code null} (not connected, no batching). */
    UdpSendBatch sendBatch() {
        MediaPort p = port;
        return p == null ? null : p.sendBatch();
    }

    /** Protects and sends one RTP ({@code rtcp=false}) or RTCP packet; releases {@code packet} in every case. */
    boolean send(UdpBuffer packet, boolean rtcp) {
        try {
            MediaPort p = port;
            if (p == null) {
                counters.drop(SfuCounters.Drop.SUBSCRIBER_NOT_READY);
                return false;
            }
            if (!(rtcp ? p.sendRtcp(packet) : p.sendRtp(packet))) {
                counters.drop(SfuCounters.Drop.SEND_FAILED);
                return false;
            }
            if (!rtcp && firstRtpSentNanos == 0) {
                firstRtpSentNanos = System.nanoTime();
            }
            return true;
        } finally {
            packet.release();
        }
    }
}
