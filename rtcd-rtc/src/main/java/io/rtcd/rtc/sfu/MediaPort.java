package io.rtcd.rtc.sfu;

import io.rtcd.rtc.transport.udp.UdpBuffer;
import io.rtcd.rtc.transport.udp.UdpSendBatch;

/**
 * Where a session's outbound packets go once its transport is connected: SRTP/SRTCP protect in place and send to
 * the ICE-selected address. Thread-safe and allocation-free; the caller keeps buffer ownership.
 */
interface MediaPort {
    /** @return {@code false} if dropped (not connected, protect or send failed; counted by the implementation) */
    boolean sendRtp(UdpBuffer packet);

    /** @return {@code false} if dropped */
    boolean sendRtcp(UdpBuffer packet);

    /**
     * Protects {@code packet} in place and adds it to {@code batch} if this port's path is the batch's socket, else
     * sends it at once (so does this default). The caller owns {@code batch} and flushes it on the same thread.
     */
    default UdpSendBatch.Outcome sendRtp(UdpBuffer packet, UdpSendBatch batch) {
        return sendRtp(packet) ? UdpSendBatch.Outcome.SENT : UdpSendBatch.Outcome.DROPPED;
    }

    /** The calling thread's send batch of this port's UDP socket, or {@code null} (no batching: this default). */
    default UdpSendBatch sendBatch() {
        return null;
    }
}
