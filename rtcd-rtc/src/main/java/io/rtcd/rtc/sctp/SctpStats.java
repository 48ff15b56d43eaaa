package io.rtcd.rtc.sctp;

import io.rtcd.rtc.sctp.packet.SctpDropReason;
import java.util.Map;

/**
 * Immutable snapshot of one association's counters.
 *
 * @param state association state at snapshot time
 * @param packetsIn packets accepted (checksum and tag valid)
 * @param packetsOut packets produced
 * @param messagesIn user messages delivered
 * @param bytesIn user bytes delivered
 * @param messagesOut user messages accepted by {@code send}
 * @param bytesOut user bytes accepted by {@code send}
 * @param dataChunksRetransmitted DATA chunks sent again (T3 or fast retransmit)
 * @param fastRetransmits chunks marked by fast retransmit (§7.2.4)
 * @param t3Expirations T3-rtx timer expirations
 * @param messagesAbandoned messages abandoned by PR-SCTP (RFC 3758 §3.5)
 * @param forwardTsnSent FORWARD TSN chunks sent
 * @param forwardTsnReceived FORWARD TSN chunks received
 * @param initsReceived INIT chunks answered by a stateless INIT ACK
 * @param cwnd congestion window in bytes
 * @param rtoMillis current RTO
 * @param srttMillis smoothed RTT or -1
 * @param bufferedAmount bytes queued or in flight
 * @param drops dropped packets by reason
 */
public record SctpStats(
        SctpState state,
        long packetsIn,
        long packetsOut,
        long messagesIn,
        long bytesIn,
        long messagesOut,
        long bytesOut,
        long dataChunksRetransmitted,
        long fastRetransmits,
        long t3Expirations,
        long messagesAbandoned,
        long forwardTsnSent,
        long forwardTsnReceived,
        long initsReceived,
        long cwnd,
        long rtoMillis,
        long srttMillis,
        long bufferedAmount,
        Map<SctpDropReason, Long> drops) {

    public SctpStats {
        drops = Map.copyOf(drops);
    }

    /** Drops for one reason. */
    public long dropped(SctpDropReason reason) {
        return drops.getOrDefault(reason, 0L);
    }

    /** All drops. */
    public long droppedTotal() {
        long t = 0;
        for (long v : drops.values()) {
            t += v;
        }
        return t;
    }
}
