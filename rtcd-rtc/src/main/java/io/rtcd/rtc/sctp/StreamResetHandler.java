package io.rtcd.rtc.sctp;

import io.rtcd.rtc.sctp.packet.ReConfigChunk;
import io.rtcd.rtc.sctp.packet.ReconfigParam;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * Stream reconfiguration state (RFC 6525): our Outgoing SSN Reset Requests (one in flight at a time, §5.1.1,
 * retransmitted on RTO) and the receiver side of the peer's requests with sequence-number checks (§5.2.1) and
 * deferred processing while the peer's last assigned TSN is not yet cumulatively received (§5.2.2, answered with
 * "in progress" until then). Incoming SSN Reset Requests (§4.2) are denied: WebRTC closes channels with outgoing
 * resets only (RFC 8831 §6.7). Not thread-safe.
 */
final class StreamResetHandler {

    /**
     * Outcome of the peer's request.
     *
     * @param response response to send
     * @param resetStreams incoming streams to reset now (null when nothing is performed)
     */
    record PeerRequestOutcome(ReConfigChunk response, int[] resetStreams) {}

    /**
     * Outcome of a response to our request.
     *
     * @param streams the streams of the answered request
     * @param result the result code
     */
    record ResponseOutcome(int[] streams, int result) {}

    private final PacketAssembler out;
    private final int peerTag;
    private final SendQueue sendQueue;
    private final DataReceiver rx;
    private final SctpAssociationListener listener;
    private final Set<Integer> pending = new LinkedHashSet<>();
    private final SctpTimer timer = new SctpTimer();
    private ReconfigParam.OutgoingResetRequest inFlight;
    private int nextRequestSeq;
    private int expectedPeerSeq;
    private int lastPeerResult = ReconfigParam.RESULT_SUCCESS_PERFORMED;

    StreamResetHandler(
            int localInitialTsn,
            int peerInitialTsn,
            PacketAssembler out,
            int peerTag,
            SendQueue sendQueue,
            DataReceiver rx,
            SctpAssociationListener listener) {
        this.out = out;
        this.peerTag = peerTag;
        this.sendQueue = sendQueue;
        this.rx = rx;
        this.listener = listener;
        this.nextRequestSeq = localInitialTsn;
        this.expectedPeerSeq = peerInitialTsn;
    }

    SctpTimer timer() {
        return timer;
    }

    /** Queues streams for an outgoing reset. */
    void request(int[] streams) {
        for (int s : streams) {
            pending.add(s);
        }
    }

    boolean hasWork() {
        return inFlight != null || !pending.isEmpty();
    }

    boolean isPendingOrInFlight(int stream) {
        if (pending.contains(stream)) {
            return true;
        }
        if (inFlight != null) {
            for (int s : inFlight.streams()) {
                if (s == stream) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * A new request for the pending streams whose queues are drained, when none is in flight (§5.1.1); null
     * otherwise.
     */
    ReConfigChunk maybeBuildRequest(long now, long rto, long lastAssignedTsn, IntPredicate drained) {
        if (inFlight != null || pending.isEmpty()) {
            return null;
        }
        List<Integer> ready = new ArrayList<>();
        for (int s : pending) {
            if (drained.test(s)) {
                ready.add(s);
            }
        }
        if (ready.isEmpty()) {
            return null;
        }
        int[] streams = new int[ready.size()];
        for (int i = 0; i < streams.length; i++) {
            streams[i] = ready.get(i);
            pending.remove(streams[i]);
        }
        inFlight = new ReconfigParam.OutgoingResetRequest(
                nextRequestSeq++, expectedPeerSeq - 1, (int) lastAssignedTsn, streams);
        timer.start(now, rto);
        return new ReConfigChunk(List.of(inFlight));
    }

    /** The in-flight request again, for retransmission on timer expiry (§5.1.1). */
    ReConfigChunk retransmit(long now, long rto) {
        if (inFlight == null) {
            return null;
        }
        timer.start(now, rto);
        return new ReConfigChunk(List.of(inFlight));
    }

    /** Handles a Re-configuration Response (§5.2.7); null when it does not answer our in-flight request. */
    ResponseOutcome onResponse(ReconfigParam.Response r) {
        if (inFlight == null || r.responseSeq() != inFlight.requestSeq()) {
            return null;
        }
        if (r.result() == ReconfigParam.RESULT_IN_PROGRESS) {
            return new ResponseOutcome(inFlight.streams(), r.result());
        }
        int[] streams = inFlight.streams();
        inFlight = null;
        timer.stop();
        return new ResponseOutcome(streams, r.result());
    }

    /** Handles the peer's Outgoing SSN Reset Request (§5.2.2) given our cumulative received TSN. */
    PeerRequestOutcome onPeerOutgoingRequest(ReconfigParam.OutgoingResetRequest req, long cumulativeTsn) {
        int seq = req.requestSeq();
        if (seq == expectedPeerSeq - 1) {
            return new PeerRequestOutcome(response(seq, lastPeerResult), null);
        }
        if (seq != expectedPeerSeq) {
            return new PeerRequestOutcome(response(seq, ReconfigParam.RESULT_ERROR_BAD_SEQUENCE_NUMBER), null);
        }
        long last = Tsn.unwrap(cumulativeTsn, req.senderLastTsn());
        if (last > cumulativeTsn) {
            return new PeerRequestOutcome(response(seq, ReconfigParam.RESULT_IN_PROGRESS), null);
        }
        expectedPeerSeq++;
        lastPeerResult = ReconfigParam.RESULT_SUCCESS_PERFORMED;
        return new PeerRequestOutcome(response(seq, lastPeerResult), req.streams());
    }

    /** Handles the peer's Incoming SSN Reset Request (§5.2.3): denied, see the class comment. */
    ReConfigChunk onPeerIncomingRequest(ReconfigParam.IncomingResetRequest req) {
        int seq = req.requestSeq();
        if (seq == expectedPeerSeq - 1) {
            return response(seq, lastPeerResult);
        }
        if (seq != expectedPeerSeq) {
            return response(seq, ReconfigParam.RESULT_ERROR_BAD_SEQUENCE_NUMBER);
        }
        expectedPeerSeq++;
        lastPeerResult = ReconfigParam.RESULT_DENIED;
        return response(seq, lastPeerResult);
    }

    /**
     * Dispatches a received RE-CONFIG chunk: answers requests, resets incoming streams in the receiver, and
     * completes or cancels our outgoing resets in the send queue, notifying the listener.
     */
    void onReConfig(ReConfigChunk rc, long cumulativeTsn) {
        for (ReconfigParam p : rc.params()) {
            switch (p) {
                case ReconfigParam.OutgoingResetRequest req -> {
                    PeerRequestOutcome o = onPeerOutgoingRequest(req, cumulativeTsn);
                    out.add(peerTag, o.response());
                    if (o.resetStreams() != null) {
                        rx.resetStreams(o.resetStreams());
                        listener.onIncomingStreamsReset(o.resetStreams().clone());
                    }
                }
                case ReconfigParam.IncomingResetRequest req -> out.add(peerTag, onPeerIncomingRequest(req));
                case ReconfigParam.Response r -> onResponseParam(r);
                case ReconfigParam.Other ignored -> {
                    // SSN/TSN reset and add-stream requests are not implemented (RFC 6525 §5.2.4-§5.2.6).
                }
            }
        }
    }

    private void onResponseParam(ReconfigParam.Response r) {
        ResponseOutcome o = onResponse(r);
        if (o == null || o.result() == ReconfigParam.RESULT_IN_PROGRESS) {
            return;
        }
        if (o.result() == ReconfigParam.RESULT_SUCCESS_PERFORMED
                || o.result() == ReconfigParam.RESULT_SUCCESS_NOTHING_TO_DO) {
            for (int s : o.streams()) {
                sendQueue.completeReset(s);
            }
            listener.onOutgoingStreamsReset(o.streams().clone());
        } else {
            for (int s : o.streams()) {
                sendQueue.cancelReset(s);
            }
            listener.onStreamResetFailed(o.streams().clone(), o.result());
        }
    }

    private static ReConfigChunk response(int seq, int result) {
        return new ReConfigChunk(List.of(new ReconfigParam.Response(seq, result)));
    }
}
