package io.rtcd.rtc.sfu;

import io.rtcd.rtc.transport.udp.UdpBuffer;
import io.rtcd.rtc.transport.udp.UdpBufferPool;

/**
 * Fans one decrypted publisher RTP packet out to every active subscription of its track (rtcd-spec §4.7): per
 * subscriber a pooled copy with the subscriber's SSRC, payload type, continuous sequence/timestamp and extension ids
 * (RFC 3550 §5.1, RFC 8285 §4), then SRTP protect and send through the subscriber's {@link MediaLink}. The payload
 * (and padding) is copied byte for byte.
 *
 * <p>Header extension block of the copy: the {@link HeaderExtension#forwarded()} elements the publisher sent and the
 * subscriber negotiated, re-numbered, plus the subscriber's own {@code sdes:mid}; one-byte form (RFC 8285 §4.2) when
 * every id is 1..14 and every element 1..16 bytes, else two-byte form (§4.3). Everything else is stripped.
 *
 * <p>No allocation, no logging. Not thread-safe: one instance per publisher session, used by its serial executor.
 */
final class RtpForwarder {
    private static final HeaderExtension[] EXTENSIONS = HeaderExtension.all();
    private static final int MAX_EXTENSION_BYTES = 255;
    private static final int TOO_LARGE = -1;

    private final SfuCounters counters;
    private final int[] len = new int[1];
    private final int[] srcOffsets = new int[EXTENSIONS.length];
    private final int[] srcLengths = new int[EXTENSIONS.length];

    RtpForwarder(SfuCounters counters) {
        this.counters = counters;
    }

    /**
     * Forwards {@code in} (a valid, decrypted RTP packet of {@code track}); the caller keeps ownership of {@code in}.
     *
     * @return number of subscribers the packet was sent to
     */
    int forward(PublishedTrack track, UdpBuffer in, long nowNanos) {
        Subscription[] subs = track.subscriptions();
        if (subs.length == 0) {
            return 0;
        }
        byte[] b = in.getBuffer();
        int off = in.getOffset();
        int length = in.getLength();
        int payload = RtpView.payloadOffset(b, off, length);
        if (payload < 0) {
            counters.drop(SfuCounters.Drop.MALFORMED_RTP);
            return 0;
        }
        for (int i = 0; i < EXTENSIONS.length; i++) {
            srcOffsets[i] = -1;
            if (EXTENSIONS[i].forwarded()) {
                int at = RtpView.findExtension(b, off, length, track.extIds[i], len);
                if (at >= 0) {
                    srcOffsets[i] = at;
                    srcLengths[i] = len[0];
                }
            }
        }
        int inSeq = RtpView.sequence(b, off);
        long inTs = RtpView.timestamp(b, off);
        int payloadLen = off + length - payload;
        int sent = 0;
        for (Subscription s : subs) {
            if (!s.active() || !s.link.ready()) {
                counters.drop(SfuCounters.Drop.SUBSCRIBER_NOT_READY);
                continue;
            }
            UdpBuffer out = s.link.acquire();
            int n = write(s, b, off, payload, payloadLen, inSeq, inTs, nowNanos, out);
            if (n < 0) {
                out.release();
                counters.drop(SfuCounters.Drop.TOO_LARGE);
                continue;
            }
            out.setLength(n);
            if (s.link.send(out, false)) {
                counters.forwarded();
                sent++;
            }
        }
        return sent;
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
        int payload = RtpView.payloadOffset(b, off, length);
        if (payload < 0 || !s.active() || !s.link.ready()) {
            return false;
        }
        for (int i = 0; i < EXTENSIONS.length; i++) {
            srcOffsets[i] = -1;
            if (EXTENSIONS[i].forwarded()) {
                int at = RtpView.findExtension(b, off, length, track.extIds[i], len);
                if (at >= 0) {
                    srcOffsets[i] = at;
                    srcLengths[i] = len[0];
                }
            }
        }
        UdpBuffer out = s.link.acquire();
        int n = write(
                s,
                b,
                off,
                payload,
                off + length - payload,
                RtpView.sequence(b, off),
                RtpView.timestamp(b, off),
                nowNanos,
                out);
        if (n < 0) {
            out.release();
            counters.drop(SfuCounters.Drop.TOO_LARGE);
            return false;
        }
        out.setLength(n);
        return s.link.send(out, false);
    }

    private int write(
            Subscription s,
            byte[] b,
            int off,
            int payload,
            int payloadLen,
            int inSeq,
            long inTs,
            long nowNanos,
            UdpBuffer out) {
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
        int extEnd = writeExtensions(s, b, o, p);
        if (extEnd > p) {
            o[start] |= 0x10;
            p = extEnd;
        }
        System.arraycopy(b, payload, o, p, payloadLen);
        return p + payloadLen - start;
    }

    /** @return end offset of the written block, or {@code at} when there is nothing to write */
    private int writeExtensions(Subscription s, byte[] b, byte[] o, int at) {
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
