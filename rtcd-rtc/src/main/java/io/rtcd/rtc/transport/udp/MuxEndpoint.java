package io.rtcd.rtc.transport.udp;

/**
 * Receiver of the non-STUN datagrams of one selected 5-tuple, registered with {@link UdpMux#bind}. Both callbacks run
 * on the UDP reader thread ({@code rtcd-udp-rx}): they must only hand off (enqueue, submit) and never block or do
 * crypto. Each call transfers ownership of {@code buffer}: the endpoint must eventually {@link UdpBuffer#release()}
 * it (or pass it on to someone who will).
 */
public interface MuxEndpoint {
    /** A datagram whose first byte is 20..63 (DTLS records, RFC 7983). */
    void onDtlsDatagram(UdpBuffer buffer);

    /** A datagram whose first byte is 128..191 (SRTP or SRTCP, RFC 7983; tell them apart with the second byte). */
    void onSrtpDatagram(UdpBuffer buffer);
}
