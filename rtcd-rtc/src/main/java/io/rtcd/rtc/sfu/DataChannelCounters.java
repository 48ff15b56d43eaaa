package io.rtcd.rtc.sfu;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Data-channel counters of all sessions of one {@link RtcServer} (RFC 8831 channels over the sctp package), for
 * metrics and tests. Sessions add to them from their serial threads: message counters per message, SCTP
 * retransmission and abandonment counters as deltas at every RTCP report tick and at session close. Reads are
 * thread-safe sums.
 */
public final class DataChannelCounters {
    /** Why a data-channel message was not delivered. */
    public enum Drop {
        /** The sender's token does not allow publishing data ({@link SessionSpec#mayPublishData()}). */
        NOT_PERMITTED,
        /** A recipient has no open channel with the message's label. */
        NO_CHANNEL,
        /** A recipient's SCTP send buffer is full (a slow reader) or its association is not established. */
        RECIPIENT_BUFFER_FULL,
        /** The message cannot be wrapped: the sender's session id is longer than 255 UTF-8 bytes or holds LF. */
        UNWRAPPABLE
    }

    private final EnumMap<Drop, LongAdder> drops = new EnumMap<>(Drop.class);
    private final LongAdder open = new LongAdder();
    private final LongAdder opened = new LongAdder();
    private final LongAdder messagesIn = new LongAdder();
    private final LongAdder bytesIn = new LongAdder();
    private final LongAdder messagesOut = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();
    private final LongAdder relayed = new LongAdder();
    private final LongAdder retransmissions = new LongAdder();
    private final LongAdder abandoned = new LongAdder();

    public DataChannelCounters() {
        for (Drop d : Drop.values()) {
            drops.put(d, new LongAdder());
        }
    }

    void channelOpened() {
        open.increment();
        opened.increment();
    }

    void channelClosed() {
        open.decrement();
    }

    void received(int bytes) {
        messagesIn.increment();
        bytesIn.add(bytes);
    }

    void sent(int bytes) {
        messagesOut.increment();
        bytesOut.add(bytes);
    }

    void relayed() {
        relayed.increment();
    }

    void drop(Drop reason) {
        drops.get(reason).increment();
    }

    void sctpDeltas(long retransmittedChunks, long abandonedMessages) {
        retransmissions.add(retransmittedChunks);
        abandoned.add(abandonedMessages);
    }

    /** Channels open now (opened by either side, not yet closed). */
    public long channelsOpen() {
        return open.sum();
    }

    /** Channels opened since start. */
    public long channelsOpened() {
        return opened.sum();
    }

    /** User messages received from participants (every channel, calls-dc included). */
    public long messagesIn() {
        return messagesIn.sum();
    }

    /** User payload bytes received. */
    public long bytesIn() {
        return bytesIn.sum();
    }

    /** User messages the SFU sent to participants (replies, echoes and relayed messages). */
    public long messagesOut() {
        return messagesOut.sum();
    }

    /** User payload bytes sent, relay envelopes included. */
    public long bytesOut() {
        return bytesOut.sum();
    }

    /** Relayed messages handed to a recipient's channel (one per recipient). */
    public long relayedMessages() {
        return relayed.sum();
    }

    /** SCTP DATA chunks sent again (T3-rtx or fast retransmit, RFC 9260 §6.3, §7.2.4). */
    public long retransmissions() {
        return retransmissions.sum();
    }

    /** Messages abandoned by partial reliability (RFC 3758 §3.5). */
    public long abandonedMessages() {
        return abandoned.sum();
    }

    public long drops(Drop reason) {
        return drops.get(reason).sum();
    }

    public Map<Drop, Long> dropSnapshot() {
        EnumMap<Drop, Long> m = new EnumMap<>(Drop.class);
        drops.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }
}
