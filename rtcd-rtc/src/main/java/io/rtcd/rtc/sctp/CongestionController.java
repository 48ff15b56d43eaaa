package io.rtcd.rtc.sctp;

/**
 * Congestion window bookkeeping for the single path (RFC 9260 §7.2): slow start (§7.2.1), congestion avoidance
 * (§7.2.2), reaction to T3-rtx expiry (§7.2.3) and fast retransmit / fast recovery (§7.2.4). Not thread-safe.
 */
final class CongestionController {
    private final int mtu;
    private long cwnd;
    private long ssthresh;
    private long partialBytesAcked;
    private boolean inFastRecovery;
    private long fastRecoveryExitTsn;

    CongestionController(int mtu, long peerRwnd) {
        this.mtu = mtu;
        this.cwnd = Math.min(4L * mtu, Math.max(2L * mtu, 4380));
        this.ssthresh = Math.max(peerRwnd, 4L * mtu);
    }

    long cwnd() {
        return cwnd;
    }

    long ssthresh() {
        return ssthresh;
    }

    boolean inFastRecovery() {
        return inFastRecovery;
    }

    /**
     * Acknowledgement of {@code bytesAcked} new bytes that advanced the cumulative TSN to {@code cumTsn}.
     *
     * @param fullyUtilized whether the flight size was at least cwnd before this SACK (§7.2.1 rule 1, §7.2.2)
     */
    void onAck(long bytesAcked, boolean cumAdvanced, long cumTsn, boolean fullyUtilized) {
        if (inFastRecovery && cumTsn >= fastRecoveryExitTsn) {
            inFastRecovery = false;
        }
        if (!cumAdvanced || bytesAcked <= 0 || inFastRecovery) {
            return;
        }
        if (cwnd <= ssthresh) {
            if (fullyUtilized) {
                cwnd += Math.min(bytesAcked, mtu);
            }
        } else {
            partialBytesAcked += bytesAcked;
            if (partialBytesAcked >= cwnd && fullyUtilized) {
                partialBytesAcked -= cwnd;
                cwnd += mtu;
            }
        }
    }

    /** All data acknowledged: partial_bytes_acked resets (§7.2.2). */
    void onAllAcked() {
        partialBytesAcked = 0;
    }

    /** T3-rtx expiry (§7.2.3). */
    void onRetransmitTimeout() {
        ssthresh = Math.max(cwnd / 2, 4L * mtu);
        cwnd = mtu;
        partialBytesAcked = 0;
        inFastRecovery = false;
    }

    /** Fast retransmit entering fast recovery until {@code highestOutstandingTsn} is acked (§7.2.4). */
    void onFastRetransmit(long highestOutstandingTsn) {
        if (inFastRecovery) {
            return;
        }
        ssthresh = Math.max(cwnd / 2, 4L * mtu);
        cwnd = ssthresh;
        partialBytesAcked = 0;
        inFastRecovery = true;
        fastRecoveryExitTsn = highestOutstandingTsn;
    }

    /** Idle for more than an RTO: cwnd decays (§7.2.1 "restart"). */
    void onIdle() {
        cwnd = Math.max(cwnd / 2, Math.min(4L * mtu, Math.max(2L * mtu, 4380)));
    }
}
