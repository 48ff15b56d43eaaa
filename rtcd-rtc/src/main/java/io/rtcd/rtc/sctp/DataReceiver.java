package io.rtcd.rtc.sctp;

import io.rtcd.rtc.sctp.packet.DataChunk;
import io.rtcd.rtc.sctp.packet.ErrorCause;
import io.rtcd.rtc.sctp.packet.ErrorChunk;
import io.rtcd.rtc.sctp.packet.ForwardTsnChunk;
import io.rtcd.rtc.sctp.packet.SctpDropReason;
import io.rtcd.rtc.sctp.packet.SctpParam;
import java.util.List;

/**
 * The receiving half of an established association: DATA acceptance with duplicate detection and receive-window
 * limits (RFC 9260 §6.2), delivery through the {@link ReassemblyQueue}, FORWARD TSN (RFC 3758 §3.6) and SACK
 * generation with the delayed-ack rules (§6.2: at least every second DATA packet, within the delayed-ack timeout,
 * immediately on gaps, duplicates or the I bit). Not thread-safe.
 */
final class DataReceiver {
    /** Upper bound of TSNs held above the cumulative TSN; bounds the gap-tracking set against sparse floods. */
    static final int MAX_OUT_OF_ORDER_TSNS = 16_384;

    private final SctpOptions options;
    private final PacketAssembler out;
    private final int peerTag;
    private final SctpTimer delayedAckTimer;
    private final ReassemblyQueue.MessageSink sink;
    private final TsnTracker tsns;
    private final ReassemblyQueue reassembly;
    private boolean sackNow;
    private int dataPacketsSinceSack;
    long forwardTsnReceived;

    DataReceiver(
            SctpOptions options,
            PacketAssembler out,
            int peerTag,
            int peerInitialTsn,
            SctpTimer delayedAckTimer,
            ReassemblyQueue.MessageSink sink) {
        this.options = options;
        this.out = out;
        this.peerTag = peerTag;
        this.delayedAckTimer = delayedAckTimer;
        this.sink = sink;
        this.tsns = new TsnTracker(peerInitialTsn);
        this.reassembly = new ReassemblyQueue(options.maxMessageSize());
    }

    /** Cumulative TSN received (unwrapped). */
    long cumulativeTsn() {
        return tsns.cumulative();
    }

    /** Accepts a DATA chunk. Returns a drop reason, or null when the chunk was accepted or is a duplicate. */
    SctpDropReason onData(DataChunk d) {
        long tsn = tsns.unwrap(d.tsn());
        if (tsns.isDuplicate(tsn)) {
            tsns.recordDuplicate(tsn);
            sackNow = true;
            return null;
        }
        // §6.2: beyond our window the chunk is dropped (the sender retransmits). The next in-line TSN is still
        // taken so a full buffer can drain, up to a hard cap that bounds memory against a misbehaving peer.
        boolean nextInLine = tsn == tsns.cumulative() + 1;
        long buffered = reassembly.bufferedBytes() + d.dataLength();
        boolean overWindow = buffered > options.receiveWindow()
                || tsns.outOfOrderCount() >= MAX_OUT_OF_ORDER_TSNS
                || tsn - tsns.cumulative() > 4L * options.receiveWindow();
        if ((overWindow && !nextInLine) || buffered > 2L * options.receiveWindow()) {
            sackNow = true;
            return SctpDropReason.RECEIVE_WINDOW_FULL;
        }
        tsns.receive(tsn);
        if (tsns.hasGaps() || (d.flags() & DataChunk.FLAG_IMMEDIATE) != 0) {
            sackNow = true;
        }
        if (d.streamId() >= options.streams()) {
            // §6.4: acknowledge the TSN but report the invalid stream and discard the data.
            byte[] info = {(byte) (d.streamId() >>> 8), (byte) d.streamId(), 0, 0};
            out.add(peerTag, new ErrorChunk(List.of(new SctpParam(ErrorCause.INVALID_STREAM_IDENTIFIER, info))));
            return null;
        }
        reassembly.add(tsn, d, sink);
        return null;
    }

    /** FORWARD TSN (RFC 3758 §3.6); always answered with a SACK. */
    void onForwardTsn(ForwardTsnChunk f) {
        forwardTsnReceived++;
        long newCum = tsns.unwrap(f.newCumulativeTsn());
        if (newCum > tsns.cumulative()) {
            tsns.forwardTo(newCum);
            reassembly.forwardTsn(newCum, f.skipped(), sink);
        }
        sackNow = true;
    }

    /** After a packet with DATA: SACK every second packet, otherwise arm the delayed-ack timer (§6.2). */
    void afterDataPacket(long now, boolean immediate) {
        dataPacketsSinceSack++;
        if (dataPacketsSinceSack >= 2 || immediate) {
            sackNow = true;
        } else {
            delayedAckTimer.startIfStopped(now, options.delayedAckMillis());
        }
    }

    /** Requests a SACK in the next flush. */
    void requestSack() {
        sackNow = true;
    }

    boolean sackDue() {
        return sackNow;
    }

    /** Emits a SACK advertising the free receive window. */
    void sendSack() {
        long window = Math.max(0, options.receiveWindow() - reassembly.bufferedBytes());
        out.add(peerTag, tsns.buildSack(window));
        sackNow = false;
        dataPacketsSinceSack = 0;
        delayedAckTimer.stop();
    }

    /** True when the peer exceeded the maximum message size; the association aborts. */
    boolean protocolViolation() {
        return reassembly.violation();
    }

    /** Incoming SSN reset (RFC 6525 §5.2.2). */
    void resetStreams(int[] streams) {
        reassembly.resetStreams(streams);
    }
}
