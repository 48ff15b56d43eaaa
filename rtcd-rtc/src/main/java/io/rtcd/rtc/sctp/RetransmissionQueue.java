package io.rtcd.rtc.sctp;

import io.rtcd.rtc.sctp.packet.DataChunk;
import io.rtcd.rtc.sctp.packet.ForwardTsnChunk;
import io.rtcd.rtc.sctp.packet.SackChunk;
import io.rtcd.rtc.sctp.packet.WireBytes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sent DATA chunks awaiting acknowledgement (RFC 9260 §6.3, §6.4, §7.2.4) plus the PR-SCTP sender side (RFC 3758
 * §3.5). Tracks the flight size, processes SACKs (cumulative ack, gap blocks, fast-retransmit miss counts with the
 * HTNA rule), marks chunks for retransmission on T3 expiry, abandons messages by retransmission count or lifetime
 * and computes the Advanced.Peer.Ack.Point for FORWARD TSN. TSNs are unwrapped longs. Not thread-safe.
 */
final class RetransmissionQueue {

    /** A sent chunk. */
    static final class Entry {
        final long tsn;
        final DataChunk chunk;
        final OutgoingMessage message;
        long sentAt;
        int transmissions = 1;
        boolean acked;
        boolean abandoned;
        boolean inFlight = true;
        boolean needsRetransmit;
        boolean fastRetransmitted;
        int missReports;

        Entry(long tsn, DataChunk chunk, OutgoingMessage message, long sentAt) {
            this.tsn = tsn;
            this.chunk = chunk;
            this.message = message;
            this.sentAt = sentAt;
        }

        /** Bytes on the wire (header and padding included): what flight size and cwnd count (§6.1). */
        int size() {
            return WireBytes.padded(DataChunk.HEADER_LENGTH + chunk.dataLength());
        }

        /** User bytes: what the buffered amount counts. */
        int userBytes() {
            return chunk.dataLength();
        }

        boolean live() {
            return !acked && !abandoned;
        }
    }

    /**
     * What a SACK changed.
     *
     * @param bytesAcked bytes newly acknowledged (cumulatively or by gap blocks)
     * @param cumAdvanced whether the cumulative TSN ack moved
     * @param rttSampleMillis RTT of a newly acked, never retransmitted chunk, or -1 (Karn's rule, §6.3.1 C5)
     * @param fastRetransmits chunks newly marked for fast retransmission
     */
    record SackOutcome(long bytesAcked, boolean cumAdvanced, long rttSampleMillis, int fastRetransmits) {}

    /** Notified when a message is abandoned. */
    interface AbandonSink {
        void abandoned(OutgoingMessage message);
    }

    private final TreeMap<Long, Entry> entries = new TreeMap<>();
    private long cumulativeAck;
    private long nextTsn;
    private long flightSize;
    private long outstandingBytes;
    /** Entries waiting for retransmission; entries neither acked nor abandoned; those of them partially reliable. */
    private int pendingRetransmits;

    private int live;
    private int livePartiallyReliable;

    RetransmissionQueue(int initialTsn) {
        this.nextTsn = initialTsn & 0xFFFFFFFFL;
        this.cumulativeAck = nextTsn - 1;
    }

    long nextTsn() {
        return nextTsn;
    }

    long cumulativeAck() {
        return cumulativeAck;
    }

    long flightSize() {
        return flightSize;
    }

    /** Bytes of chunks sent but not yet cumulatively acknowledged or abandoned. */
    long outstandingBytes() {
        return outstandingBytes;
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    /** Highest TSN handed out, unwrapped. */
    long highestSent() {
        return nextTsn - 1;
    }

    /** Allocates the next TSN (wire value). */
    int allocateTsn() {
        return (int) nextTsn++;
    }

    /** Records a first transmission. */
    void sent(DataChunk chunk, OutgoingMessage msg, long now) {
        long tsn = Tsn.unwrap(cumulativeAck, chunk.tsn());
        Entry e = new Entry(tsn, chunk, msg, now);
        entries.put(tsn, e);
        flightSize += e.size();
        outstandingBytes += e.userBytes();
        live++;
        if (msg.partiallyReliable()) {
            livePartiallyReliable++;
        }
    }

    /** Processes a SACK (§6.2.1). Returns null for an outdated SACK that must be ignored. */
    SackOutcome onSack(SackChunk sack, long now) {
        long cum = Tsn.unwrap(cumulativeAck, sack.cumulativeTsnAck());
        if (cum < cumulativeAck || cum >= nextTsn) {
            return null;
        }
        long bytesAcked = 0;
        long rtt = -1;
        long highestNewlyAcked = -1;
        boolean cumAdvanced = cum > cumulativeAck;
        for (Iterator<Entry> it = entries.headMap(cum, true).values().iterator(); it.hasNext(); ) {
            Entry e = it.next();
            if (e.live()) {
                bytesAcked += e.size();
                highestNewlyAcked = e.tsn;
                if (e.transmissions == 1) {
                    rtt = now - e.sentAt;
                }
            }
            release(e);
            it.remove();
        }
        cumulativeAck = cum;
        for (SackChunk.GapBlock g : sack.gapBlocks()) {
            // iterate only the entries inside the block: a forged block can span 65535 TSNs
            for (Entry e :
                    entries.subMap(cum + g.start(), true, cum + g.end(), true).values()) {
                if (e.acked) {
                    continue;
                }
                if (!e.abandoned) {
                    leaveLive(e);
                }
                e.acked = true;
                clearRetransmit(e);
                if (e.inFlight) {
                    e.inFlight = false;
                    flightSize -= e.size();
                }
                if (!e.abandoned) {
                    bytesAcked += e.size();
                    if (e.transmissions == 1) {
                        rtt = now - e.sentAt;
                    }
                }
                highestNewlyAcked = Math.max(highestNewlyAcked, e.tsn);
            }
        }
        int fast = 0;
        if (!sack.gapBlocks().isEmpty() && highestNewlyAcked >= 0) {
            for (Entry e : entries.headMap(highestNewlyAcked, false).values()) {
                if (e.acked || e.abandoned || e.fastRetransmitted || e.needsRetransmit) {
                    continue;
                }
                if (++e.missReports >= 3) {
                    e.fastRetransmitted = true;
                    markForRetransmit(e);
                    fast++;
                }
            }
        }
        return new SackOutcome(bytesAcked, cumAdvanced, rtt, fast);
    }

    private void release(Entry e) {
        if (e.inFlight) {
            flightSize -= e.size();
            e.inFlight = false;
        }
        if (!e.abandoned) {
            outstandingBytes -= e.userBytes();
        }
        if (e.live()) {
            leaveLive(e);
        }
        clearRetransmit(e);
    }

    private void leaveLive(Entry e) {
        live--;
        if (e.message.partiallyReliable()) {
            livePartiallyReliable--;
        }
    }

    private void clearRetransmit(Entry e) {
        if (e.needsRetransmit) {
            e.needsRetransmit = false;
            pendingRetransmits--;
        }
    }

    private void markForRetransmit(Entry e) {
        if (!e.needsRetransmit) {
            pendingRetransmits++;
        }
        e.needsRetransmit = true;
        if (e.inFlight) {
            e.inFlight = false;
            flightSize -= e.size();
        }
    }

    /** T3-rtx expiry (§6.3.3 E3): every unacknowledged chunk is marked for retransmission. */
    void markAllForRetransmit() {
        for (Entry e : entries.values()) {
            if (!e.acked && !e.abandoned) {
                markForRetransmit(e);
            }
        }
    }

    /** True when a chunk waits for retransmission. */
    boolean hasRetransmissions() {
        return pendingRetransmits > 0;
    }

    /** The chunks waiting for retransmission, lowest TSN first, at most {@code maxBytes} on the wire. */
    List<Entry> takeRetransmissions(long maxBytes, long now) {
        List<Entry> out = new ArrayList<>();
        long bytes = 0;
        for (Entry e : entries.values()) {
            if (!e.needsRetransmit) {
                continue;
            }
            if (!out.isEmpty() && bytes + e.size() > maxBytes) {
                break;
            }
            clearRetransmit(e);
            e.transmissions++;
            e.sentAt = now;
            e.inFlight = true;
            e.missReports = 0;
            flightSize += e.size();
            bytes += e.size();
            out.add(e);
        }
        return out;
    }

    /**
     * Abandons partially reliable messages whose chunks exceeded their retransmission budget or lifetime (RFC 3758
     * §3.5 A1-A3). Returns the number of messages abandoned now.
     */
    int abandonExpired(long now, AbandonSink sink) {
        if (livePartiallyReliable == 0) {
            return 0;
        }
        List<OutgoingMessage> toAbandon = null;
        for (Entry e : entries.values()) {
            OutgoingMessage m = e.message;
            if (e.acked || e.abandoned || m.abandoned || !m.partiallyReliable()) {
                continue;
            }
            boolean overBudget = e.needsRetransmit && m.maxRetransmits >= 0 && e.transmissions > m.maxRetransmits;
            if (overBudget || now >= m.expiresAtMillis) {
                m.abandoned = true;
                if (toAbandon == null) {
                    toAbandon = new ArrayList<>();
                }
                toAbandon.add(m);
            }
        }
        if (toAbandon == null) {
            return 0;
        }
        for (Entry e : entries.values()) {
            if (e.message.abandoned && !e.abandoned) {
                if (!e.acked) {
                    leaveLive(e);
                }
                e.abandoned = true;
                clearRetransmit(e);
                if (e.inFlight) {
                    e.inFlight = false;
                    flightSize -= e.size();
                }
                outstandingBytes -= e.userBytes(); // counted once: released entries are no longer in the map
            }
        }
        for (OutgoingMessage m : toAbandon) {
            sink.abandoned(m);
        }
        return toAbandon.size();
    }

    /**
     * Builds a FORWARD TSN when abandoned chunks directly follow the cumulative ack (RFC 3758 §3.5 C1-C3), naming the
     * largest skipped SSN per ordered stream; null when the Advanced.Peer.Ack.Point does not pass the cum ack.
     */
    ForwardTsnChunk forwardTsn() {
        long point = cumulativeAck;
        Map<Integer, Integer> skipped = null;
        for (Entry e : entries.tailMap(cumulativeAck, false).values()) {
            if (e.tsn != point + 1 || !e.abandoned) {
                break;
            }
            point = e.tsn;
            if (!e.message.ordered) {
                continue;
            }
            if (skipped == null) {
                skipped = new HashMap<>();
            }
            Integer prev = skipped.get(e.chunk.streamId());
            if (prev == null || !Tsn.ssnAtOrBefore(e.chunk.ssn(), prev)) {
                skipped.put(e.chunk.streamId(), e.chunk.ssn());
            }
        }
        if (point == cumulativeAck) {
            return null;
        }
        List<ForwardTsnChunk.Skipped> list = new ArrayList<>();
        if (skipped != null) {
            skipped.forEach((s, ssn) -> list.add(new ForwardTsnChunk.Skipped(s, ssn)));
        }
        return new ForwardTsnChunk((int) point, list);
    }

    /** True when any chunk in flight is not yet acknowledged (drives the T3-rtx timer, §6.3.2). */
    boolean hasUnackedInFlight() {
        return live > 0;
    }
}
