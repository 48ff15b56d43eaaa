package io.rtcd.rtc.sfu;

import io.rtcd.rtc.transport.udp.UdpBuffer;
import io.rtcd.rtc.transport.udp.UdpBufferPool;
import io.rtcd.rtc.transport.udp.UdpSendBatch;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fans one decrypted publisher RTP packet out to every active subscription of its track: per
 * subscriber a pooled copy with the subscriber's SSRC, payload type, continuous sequence/timestamp and extension ids
 * (RFC 3550 §5.1, RFC 8285 §4), then SRTP protect and send through the subscriber's {@link MediaLink}. The payload
 * (and padding) is copied byte for byte.
 *
 * <p>Header extension block of the copy: the {@link HeaderExtension#forwarded()} elements the publisher sent and the
 * subscriber negotiated, re-numbered, plus the subscriber's own {@code sdes:mid}; one-byte form (RFC 8285 §4.2) when
 * every id is 1..14 and every element 1..16 bytes, else two-byte form (§4.3). Everything else is stripped.
 *
 * <p>Parallel fan-out: with a worker {@link Executor} and {@code lanes} > 1, a track with at least {@code
 * minParallel} subscribers is split into lanes by a fixed hash of each subscription's SSRC. Lane 0 runs inline on the
 * publisher's serial executor; lanes 1.. are {@link FanoutLane}s on the worker pool, which read one private copy of
 * the packet ({@link ForwardPacket}, reference-counted, from a bounded per-forwarder free list). A subscription
 * always belongs to the same lane, and a track leaves parallel mode only once no copy is in flight, so each
 * subscriber's packets stay in order and its rewriter is touched by one thread at a time. Everything that is not a
 * packet (negotiation, RTCP, timers) stays on the sessions' own serial executors. When the free list is exhausted
 * the parallel lanes drop that packet ({@link SfuCounters.Drop#INBOUND_QUEUE_FULL}).
 *
 * <p>Each lane (and the inline path) rewrites and protects into one preallocated output buffer, reused for every
 * subscriber ({@link MediaLink#sendRtpRetained}): no pool traffic per copy.
 *
 * <p>Batched send (docs/performance.md §4): when the subscribers' transport offers one ({@link MediaLink#sendBatch},
 * i.e. the shared UDP socket with native send on), each protected copy for a subscriber on that socket is appended
 * to the calling thread's {@link UdpSendBatch} instead of being sent, and the batch goes to the kernel in one {@code
 * sendmmsg(2)} when it is full and when the lane's fan-out ends (in a {@code finally}: a batch is always empty between
 * two fan-outs). Ownership: the batch belongs to the thread running {@link #sendLane} (the publisher's serial executor
 * inline, a worker for a {@link FanoutLane}); that thread adds and flushes, nothing else touches it. Subscribers on
 * ICE-TCP, and every subscriber when batching is off or unavailable, are sent one by one as before. Per-subscriber
 * order holds: a fan-out adds at most one copy per subscriber and flushes before the next packet. Copies are counted
 * as forwarded when the kernel accepted them (at the flush); refused ones are {@link SfuCounters.Drop#SEND_FAILED}.
 *
 * <p>Sessions use the inline constructor: on the 2-core reference machine two lanes cost more SFU CPU per forwarded
 * packet than one (docs/performance.md §4, issue 8): 31 % more when every send took the JDK's channel lock, still
 * about 4 % more with the lock-free batched send (each lane flushes its own batch; {@code FanoutSendCpuIT}, 1 → 400),
 * as the hand-off and the worker wake-ups cost more than two cores gain; lanes may pay off with more cores.
 *
 * <p>No allocation (after warm-up), no logging. {@link #forward} and {@link #resend} are not thread-safe: one instance
 * per publisher session, called by its serial executor.
 */
final class RtpForwarder {
    /** Packet copies in flight per publisher before the parallel lanes drop. */
    static final int MAX_IN_FLIGHT = 64;

    private static final HeaderExtension[] EXTENSIONS = HeaderExtension.all();
    private static final int MAX_EXTENSION_BYTES = 255;
    private static final int TOO_LARGE = -1;

    private final SfuCounters counters;
    private final int lanes;
    private final int minParallel;
    private final FanoutLane[] parallel;
    private final ArrayBlockingQueue<ForwardPacket> free;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final ForwardPacket inline = new ForwardPacket();
    private final ForwardPacket resendView = new ForwardPacket();
    private int created;
    private UdpBuffer inlineOut;

    /** Forwards everything inline on the caller's thread. */
    RtpForwarder(SfuCounters counters) {
        this(counters, null, 1, Integer.MAX_VALUE);
    }

    /**
     * @param worker runs the parallel lanes (the SFU's worker pool; {@code null} for inline only)
     * @param lanes total lanes including the inline one (1 = inline only)
     * @param minParallel subscriber count from which a track's fan-out is split
     */
    RtpForwarder(SfuCounters counters, Executor worker, int lanes, int minParallel) {
        if (lanes < 1 || (lanes > 1 && worker == null)) {
            throw new IllegalArgumentException("fan-out lanes must be >= 1 (and > 1 needs a worker), got " + lanes);
        }
        this.counters = counters;
        this.lanes = lanes;
        this.minParallel = minParallel;
        this.parallel = new FanoutLane[lanes];
        for (int i = 1; i < lanes; i++) {
            parallel[i] = new FanoutLane(this, i, worker, MAX_IN_FLIGHT);
        }
        this.free = new ArrayBlockingQueue<>(MAX_IN_FLIGHT);
    }

    /**
     * Forwards {@code in} (a valid, decrypted RTP packet of {@code track}); the caller keeps ownership of {@code in}.
     *
     * @return number of subscribers the packet was sent to inline (parallel lanes count in {@link SfuCounters})
     */
    int forward(PublishedTrack track, UdpBuffer in, long nowNanos) {
        Subscription[] subs = track.subscriptions();
        if (subs.length == 0) {
            return 0;
        }
        if (!inline.view(track, subs, in.getBuffer(), in.getOffset(), in.getLength(), nowNanos)) {
            counters.drop(SfuCounters.Drop.MALFORMED_RTP);
            return 0;
        }
        if (inlineOut == null || inlineOut.getBuffer().length != inline.capacity) {
            inlineOut = outputBuffer(inline.capacity);
        }
        if (lanes == 1 || (subs.length < minParallel && inFlight.get() == 0)) {
            return sendLane(inline, -1, inlineOut);
        }
        ForwardPacket copy = free.poll();
        if (copy == null && created < MAX_IN_FLIGHT) {
            created++;
            copy = new ForwardPacket();
        }
        if (copy == null) {
            for (Subscription s : subs) {
                if (laneOf(s) != 0) {
                    counters.drop(SfuCounters.Drop.INBOUND_QUEUE_FULL);
                }
            }
        } else {
            copy.copyOf(inline);
            copy.pending.set(lanes - 1);
            inFlight.incrementAndGet();
            for (int i = 1; i < lanes; i++) {
                parallel[i].submit(copy);
            }
        }
        return sendLane(inline, 0, inlineOut);
    }

    /** A lane has finished with {@code p}; the last one returns it to the free list. Any thread. */
    void release(ForwardPacket p) {
        if (p.pending.decrementAndGet() == 0) {
            p.clear();
            free.offer(p);
            inFlight.decrementAndGet();
        }
    }

    /** The lane a subscription belongs to: fixed for its lifetime (a hash of its SSRC). */
    int laneOf(Subscription s) {
        long h = s.outSsrc * 0x9E3779B97F4A7C15L;
        return (int) ((h >>> 33) % lanes);
    }

    /** A reusable output buffer with the same array size as a pooled one, positioned at the headroom. */
    static UdpBuffer outputBuffer(int capacity) {
        return UdpBuffer.unpooled(UdpBufferPool.HEADROOM, capacity);
    }

    /**
     * Rewrites, protects and sends {@code p} to the subscribers of {@code lane} ({@code -1}: all) through {@code out}.
     *
     * @return number sent
     */
    int sendLane(ForwardPacket p, int lane, UdpBuffer out) {
        int sent = 0;
        UdpSendBatch batch = null;
        boolean probed = false;
        try {
            for (Subscription s : p.subs) {
                if (lane >= 0 && laneOf(s) != lane) {
                    continue;
                }
                if (!s.active() || !s.link.ready()) {
                    counters.drop(SfuCounters.Drop.SUBSCRIBER_NOT_READY);
                    continue;
                }
                if (!probed) {
                    probed = true;
                    batch = s.link.sendBatch();
                    if (batch != null && batch.size() > 0) {
                        sent += flush(batch); // left over by an exception on this thread: send before ours
                    }
                } else if (batch != null && batch.isFull()) {
                    sent += flush(batch);
                }
                out.setLength(0);
                out.setOffset(UdpBufferPool.HEADROOM);
                int n = write(s, p, p.inSeq, p.inTs, out);
                if (n < 0) {
                    counters.drop(SfuCounters.Drop.TOO_LARGE);
                    continue;
                }
                out.setLength(n);
                if (s.link.sendRtpRetained(out, batch) == UdpSendBatch.Outcome.SENT) {
                    counters.forwarded();
                    sent++;
                }
            }
        } finally {
            if (batch != null && batch.size() > 0) {
                sent += flush(batch);
            }
        }
        return sent;
    }

    /** Sends the batch; counts its copies as forwarded or as send failures. */
    private int flush(UdpSendBatch batch) {
        int accepted = batch.flush();
        if (accepted > 0) {
            counters.forwarded(accepted);
        }
        int dropped = batch.lastDropped();
        if (dropped > 0) {
            counters.drop(SfuCounters.Drop.SEND_FAILED, dropped);
        }
        return accepted;
    }

    /**
     * Sends one packet of {@code track} again to one subscriber, to answer its NACK (RFC 4585 §6.2.1): written by the
     * same code as its first forwarding, so the bytes, SSRC and packet index are identical to what was sent then
     * (re-protecting an identical packet under the same SRTP index reuses no keystream on different data). The
     * rewriter's offsets are not re-based; it must be synced ({@link SequenceTimestampRewriter#sourceSeq}).
     *
     * @return whether the packet was handed to the subscriber's transport
     */
    boolean resend(PublishedTrack track, Subscription s, byte[] b, int off, int length, long nowNanos) {
        if (!resendView.view(track, null, b, off, length, nowNanos) || !s.active() || !s.link.ready()) {
            return false;
        }
        UdpBuffer out = s.link.acquire();
        int n = write(s, resendView, resendView.inSeq, resendView.inTs, out);
        if (n < 0) {
            out.release();
            counters.drop(SfuCounters.Drop.TOO_LARGE);
            return false;
        }
        out.setLength(n);
        return s.link.send(out, false);
    }

    private int write(Subscription s, ForwardPacket pk, int inSeq, long inTs, UdpBuffer out) {
        byte[] b = pk.data;
        int off = pk.off;
        int payload = pk.payload;
        int payloadLen = pk.payloadLen;
        long nowNanos = pk.nowNanos;
        byte[] o = out.getBuffer();
        int start = out.getOffset();
        int limit = o.length - UdpBufferPool.TAILROOM;
        int cc = RtpView.csrcCount(b, off);
        int p = start + 12 + 4 * cc;
        if (p + 4 + MAX_EXTENSION_BYTES + payloadLen > limit) {
            return TOO_LARGE;
        }
        s.rewriter.rewrite(inSeq, inTs, nowNanos, payloadLen);
        o[start] = (byte) (0x80 | (b[off] & 0x20) | cc);
        o[start + 1] = (byte) ((b[off + 1] & 0x80) | s.outPayloadType());
        RtpView.put16(o, start + 2, s.rewriter.seq());
        RtpView.put32(o, start + 4, s.rewriter.ts());
        RtpView.put32(o, start + 8, s.outSsrc);
        System.arraycopy(b, off + 12, o, start + 12, 4 * cc);
        int extEnd = writeExtensions(s, pk, o, p);
        if (extEnd > p) {
            o[start] |= 0x10;
            p = extEnd;
        }
        System.arraycopy(b, payload, o, p, payloadLen);
        return p + payloadLen - start;
    }

    /** @return end offset of the written block, or {@code at} when there is nothing to write */
    private static int writeExtensions(Subscription s, ForwardPacket pk, byte[] o, int at) {
        byte[] b = pk.data;
        int[] srcOffsets = pk.extOffsets;
        int[] srcLengths = pk.extLengths;
        int[] ids = s.extIds();
        byte[] mid = s.midBytes();
        int midId = ids[HeaderExtension.MID.ordinal()];
        boolean any = midId > 0 && mid.length > 0;
        boolean oneByte = !any || (midId <= 14 && mid.length <= 16);
        for (int i = 0; i < EXTENSIONS.length; i++) {
            if (srcOffsets[i] >= 0 && ids[i] > 0) {
                any = true;
                oneByte &= ids[i] <= 14 && srcLengths[i] >= 1 && srcLengths[i] <= 16;
            }
        }
        if (!any) {
            return at;
        }
        int p = at + 4;
        for (int i = 0; i < EXTENSIONS.length; i++) {
            if (srcOffsets[i] >= 0 && ids[i] > 0) {
                p = element(o, p, oneByte, ids[i], b, srcOffsets[i], srcLengths[i]);
            }
        }
        if (midId > 0 && mid.length > 0) {
            p = element(o, p, oneByte, midId, mid, 0, mid.length);
        }
        while (((p - at) & 3) != 0) {
            o[p++] = 0;
        }
        RtpView.put16(o, at, oneByte ? RtpView.ONE_BYTE_PROFILE : RtpView.TWO_BYTE_PROFILE);
        RtpView.put16(o, at + 2, (p - at - 4) / 4);
        return p;
    }

    private static int element(byte[] o, int p, boolean oneByte, int id, byte[] src, int srcOff, int n) {
        if (oneByte) {
            o[p++] = (byte) ((id << 4) | (n - 1));
        } else {
            o[p++] = (byte) id;
            o[p++] = (byte) n;
        }
        System.arraycopy(src, srcOff, o, p, n);
        return p + n;
    }
}
