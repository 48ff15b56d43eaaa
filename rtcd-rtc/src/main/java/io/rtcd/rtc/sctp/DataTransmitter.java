package io.rtcd.rtc.sctp;

import io.rtcd.rtc.sctp.packet.DataChunk;
import io.rtcd.rtc.sctp.packet.ForwardTsnChunk;
import io.rtcd.rtc.sctp.packet.SackChunk;

/**
 * The sending half of an established association: applies SACKs (RFC 9260 §6.2.1), reacts to T3-rtx expiry
 * (§6.3.3), abandons PR-SCTP messages and emits FORWARD TSN (RFC 3758 §3.5), and schedules retransmissions before
 * new data within the congestion window (§7.2), the peer's receive window (§6.1 rule A) and Max.Burst. Owns the
 * retransmission queue and congestion controller; shares the send queue, RTO and T3 timer with the association.
 * Not thread-safe.
 */
final class DataTransmitter {
    private final SctpOptions options;
    private final PacketAssembler out;
    private final RtoEstimator rto;
    private final SctpTimer t3;
    private final SendQueue sendQueue;
    private final RetransmissionQueue rtx;
    private final CongestionController cc;
    private final boolean peerForwardTsn;
    private final int peerTag;
    private long peerRwnd;
    private boolean forwardTsnDue;
    private boolean fastRetransmitDue;
    private long lastSendMillis;

    long retransmitted;
    long fastRetransmits;
    long abandoned;
    long forwardTsnSent;
    long t3Expirations;

    DataTransmitter(
            SctpOptions options,
            PacketAssembler out,
            RtoEstimator rto,
            SctpTimer t3,
            SendQueue sendQueue,
            int localInitialTsn,
            int peerTag,
            long peerRwnd,
            boolean peerForwardTsn,
            long now) {
        this.options = options;
        this.out = out;
        this.rto = rto;
        this.t3 = t3;
        this.sendQueue = sendQueue;
        this.rtx = new RetransmissionQueue(localInitialTsn);
        this.cc = new CongestionController(options.mtu(), peerRwnd);
        this.peerTag = peerTag;
        this.peerRwnd = peerRwnd;
        this.peerForwardTsn = peerForwardTsn;
        this.lastSendMillis = now;
    }

    long cwnd() {
        return cc.cwnd();
    }

    /** Current peer receive window estimate. */
    long peerRwnd() {
        return peerRwnd;
    }

    /** Highest TSN assigned so far (RFC 6525 "sender's last assigned TSN"). */
    long highestSent() {
        return rtx.highestSent();
    }

    /** Bytes sent and not yet acknowledged or abandoned. */
    long outstandingBytes() {
        return rtx.outstandingBytes();
    }

    /** True when nothing is queued or outstanding (§9.2 shutdown condition). */
    boolean allAcknowledged() {
        return sendQueue.isEmpty() && rtx.isEmpty();
    }

    /** Applies a SACK (§6.2.1). Returns true when the cumulative TSN ack advanced. */
    boolean onSack(SackChunk s, long now) {
        long flightBefore = rtx.flightSize();
        RetransmissionQueue.SackOutcome o = rtx.onSack(s, now);
        if (o == null) {
            return false;
        }
        peerRwnd = Math.max(0, (s.advertisedReceiverWindow() & 0xFFFFFFFFL) - rtx.flightSize());
        if (o.rttSampleMillis() >= 0) {
            rto.observe(o.rttSampleMillis());
        }
        if (o.cumAdvanced()) {
            t3.stop();
        }
        cc.onAck(o.bytesAcked(), o.cumAdvanced(), rtx.cumulativeAck(), flightBefore + options.mtu() >= cc.cwnd());
        if (o.fastRetransmits() > 0) {
            fastRetransmits += o.fastRetransmits();
            cc.onFastRetransmit(rtx.highestSent());
            fastRetransmitDue = true;
        }
        if (rtx.isEmpty()) {
            cc.onAllAcked();
        }
        forwardTsnDue = true;
        return o.cumAdvanced();
    }

    /** T3-rtx expiry (§6.3.3 E1-E3, §7.2.3). */
    void onRetransmitTimeout() {
        t3Expirations++;
        rto.backOff();
        cc.onRetransmitTimeout();
        rtx.markAllForRetransmit();
        forwardTsnDue = true;
    }

    /**
     * Emits FORWARD TSN, retransmissions and (when {@code newData}) new DATA, then (re)arms T3 (§6.3.2 R1-R3).
     */
    void flush(long now, boolean newData) {
        int abandonedNow = rtx.abandonExpired(now, sendQueue::abandon);
        if (abandonedNow > 0) {
            abandoned += abandonedNow;
            forwardTsnDue = true;
        }
        if (forwardTsnDue && peerForwardTsn) {
            ForwardTsnChunk f = rtx.forwardTsn();
            if (f != null) {
                out.add(peerTag, f);
                forwardTsnSent++;
            }
        }
        forwardTsnDue = false;
        sendRetransmissions(now);
        if (newData) {
            sendNewData(now);
        }
        if (rtx.hasUnackedInFlight() || (peerForwardTsn && rtx.forwardTsn() != null)) {
            t3.startIfStopped(now, rto.rto());
        } else {
            t3.stop();
        }
    }

    private void sendRetransmissions(long now) {
        if (!rtx.hasRetransmissions()) {
            return;
        }
        long budget = cc.cwnd() - rtx.flightSize();
        if (budget < out.maxPayload() && (rtx.flightSize() == 0 || fastRetransmitDue)) {
            budget = out.maxPayload(); // §7.2.4 step 3 and §6.3.3 E3: one packet regardless of cwnd
        }
        fastRetransmitDue = false;
        if (budget <= 0) {
            return;
        }
        for (RetransmissionQueue.Entry e : rtx.takeRetransmissions(budget, now)) {
            out.add(peerTag, e.chunk);
            retransmitted++;
        }
        lastSendMillis = now;
    }

    private void sendNewData(long now) {
        if (now - lastSendMillis > rto.rto() && rtx.isEmpty()) {
            cc.onIdle();
        }
        long startPackets = out.packetsProduced();
        while (out.packetsProduced() - startPackets < options.maxBurst()) {
            if (rtx.flightSize() >= cc.cwnd()) {
                return;
            }
            int room = out.room(peerTag) - DataChunk.HEADER_LENGTH;
            if (room < 256) {
                out.flush();
                room = out.maxPayload();
            }
            int len = sendQueue.peekNextLength(room);
            if (len == 0) {
                return;
            }
            if (peerRwnd < len && rtx.flightSize() > 0) {
                return; // §6.1 rule A: only a zero-window probe when nothing is in flight
            }
            SendQueue.Fragment f = sendQueue.next(room, (int) rtx.nextTsn(), now);
            if (f == null) {
                return;
            }
            rtx.allocateTsn();
            rtx.sent(f.chunk(), f.message(), now);
            peerRwnd = Math.max(0, peerRwnd - f.chunk().dataLength());
            out.add(peerTag, f.chunk());
            lastSendMillis = now;
        }
    }
}
