package io.rtcd.rtc.sfu;

import io.rtcd.rtc.transport.udp.UdpBuffer;

/**
 * Where a session's outbound packets go once its transport is connected: SRTP/SRTCP protect in place and send to
 * the ICE-selected address. Thread-safe and allocation-free; the caller keeps buffer ownership.
 */
interface MediaPort {
    /** @return {@code false} if dropped (not connected, protect or send failed; counted by the implementation) */
    boolean sendRtp(UdpBuffer packet);

    /** @return {@code false} if dropped */
    boolean sendRtcp(UdpBuffer packet);
}
