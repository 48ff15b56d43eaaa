package io.rtcd.rtc.sfu;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * One publisher RTP packet prepared for fan-out: where its payload and forwarded header extensions are, its sequence
 * number and timestamp, and the subscription snapshot to send it to. Either a view over the caller's buffer (the
 * inline lane, {@link #view}) or, for the parallel lanes, a private copy ({@link #copyOf}) that those lanes read
 * concurrently and never modify.
 *
 * <p>Ownership: a copy belongs to its {@link RtpForwarder}; {@link #pending} counts the lanes that still read it,
 * and the lane that brings it to zero returns it to the forwarder's free list. Fields are written by the publisher's
 * serial executor before the hand-off (the lane queues give the happens-before edge) and only read afterwards.
 */
final class ForwardPacket {
    private static final HeaderExtension[] EXTENSIONS = HeaderExtension.all();

    final int[] extOffsets = new int[EXTENSIONS.length];
    final int[] extLengths = new int[EXTENSIONS.length];
    final AtomicInteger pending = new AtomicInteger();
    private final int[] len = new int[1];
    private byte[] own;
    byte[] data;
    int off;
    int length;
    /** Array size of the packet's original (pooled) buffer: output buffers are sized alike. */
    int capacity;

    int payload;
    int payloadLen;
    int inSeq;
    long inTs;
    long nowNanos;
    PublishedTrack track;
    Subscription[] subs;

    /**
     * Parses {@code b[off..off+length)} of {@code track} in place (no copy).
     *
     * @return {@code false} if the RTP header is malformed
     */
    boolean view(PublishedTrack t, Subscription[] s, byte[] b, int o, int n, long now) {
        int p = RtpView.payloadOffset(b, o, n);
        if (p < 0) {
            return false;
        }
        data = b;
        capacity = b.length;
        off = o;
        length = n;
        payload = p;
        payloadLen = o + n - p;
        inSeq = RtpView.sequence(b, o);
        inTs = RtpView.timestamp(b, o);
        nowNanos = now;
        track = t;
        subs = s;
        for (int i = 0; i < EXTENSIONS.length; i++) {
            extOffsets[i] = -1;
            if (EXTENSIONS[i].forwarded()) {
                int at = RtpView.findExtension(b, o, n, t.extIds[i], len);
                if (at >= 0) {
                    extOffsets[i] = at;
                    extLengths[i] = len[0];
                }
            }
        }
        return true;
    }

    /** Makes this a private copy of {@code src} (a parsed view); allocates only when the packet outgrows the array. */
    void copyOf(ForwardPacket src) {
        if (own == null || own.length < src.length) {
            own = new byte[Math.max(src.length, 1500)];
        }
        System.arraycopy(src.data, src.off, own, 0, src.length);
        int shift = -src.off;
        data = own;
        capacity = src.capacity;
        off = 0;
        length = src.length;
        payload = src.payload + shift;
        payloadLen = src.payloadLen;
        inSeq = src.inSeq;
        inTs = src.inTs;
        nowNanos = src.nowNanos;
        track = src.track;
        subs = src.subs;
        for (int i = 0; i < extOffsets.length; i++) {
            extOffsets[i] = src.extOffsets[i] < 0 ? -1 : src.extOffsets[i] + shift;
            extLengths[i] = src.extLengths[i];
        }
    }

    /** Drops the references to the track and subscriptions (the packet is back in the free list). */
    void clear() {
        track = null;
        subs = null;
    }
}
