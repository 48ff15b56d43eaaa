package io.rtcd.rtc.sfu;

/**
 * The last {@link #CAPACITY} RTP packets of one published video track, as received (decrypted, publisher's SSRC and
 * sequence numbers), so that a subscriber's Generic NACK (RFC 4585 §6.2.1) can be answered without the publisher.
 * Slot {@code seq % CAPACITY} holds the packet of sequence number {@code seq}; every slot is preallocated, a packet is
 * copied in on ingress, nothing is allocated per packet.
 *
 * <p>Also the rate limit of NACKs the SFU sends upstream for packets it never received.
 *
 * <p>Not thread-safe: owned by the publisher's serial executor (ingress and NACK answers both run there).
 */
final class RtpPacketCache {
    /** Packets kept: about 1 s of 2.5 Mbps screen video at 1200-byte packets. */
    static final int CAPACITY = 256;
    /** Largest packet kept (an SRTP-decrypted browser packet is at most ~1200 bytes). */
    static final int SLOT_BYTES = 1500;
    /** At most one upstream NACK per track in this interval. */
    static final long UPSTREAM_NACK_INTERVAL_NANOS = 20_000_000L;

    private final byte[] data = new byte[CAPACITY * SLOT_BYTES];
    private final int[] seqs = new int[CAPACITY];
    private final int[] lengths = new int[CAPACITY];
    private boolean any;
    private int newest;
    private long nextUpstreamNack = Long.MIN_VALUE;

    /** Keeps a copy of one received packet; packets larger than a slot are not kept. */
    void put(byte[] b, int off, int len, int seq) {
        int slot = seq & (CAPACITY - 1);
        if (len > SLOT_BYTES) {
            lengths[slot] = 0;
            return;
        }
        System.arraycopy(b, off, data, slot * SLOT_BYTES, len);
        seqs[slot] = seq;
        lengths[slot] = len;
        if (!any || SequenceTimestampRewriter.isNewer(seq, newest)) {
            newest = seq;
            any = true;
        }
    }

    /** @return the slot holding {@code seq}, or -1 */
    int find(int seq) {
        int slot = seq & (CAPACITY - 1);
        return lengths[slot] > 0 && seqs[slot] == seq ? slot : -1;
    }

    byte[] data() {
        return data;
    }

    static int offset(int slot) {
        return slot * SLOT_BYTES;
    }

    int length(int slot) {
        return lengths[slot];
    }

    /**
     * {@code seq} is within the window the cache covers but absent: the SFU never received it (upstream loss), so
     * asking the publisher can help; older packets are gone everywhere.
     */
    boolean isGap(int seq) {
        if (!any || find(seq) >= 0) {
            return false;
        }
        int behind = (newest - seq) & 0xFFFF;
        return behind > 0 && behind < CAPACITY;
    }

    /** Takes the upstream NACK permit if the interval since the last one has passed. */
    boolean tryUpstreamNack(long nowNanos) {
        if (nextUpstreamNack != Long.MIN_VALUE && nowNanos - nextUpstreamNack < 0) {
            return false;
        }
        nextUpstreamNack = nowNanos + UPSTREAM_NACK_INTERVAL_NANOS;
        return true;
    }
}
