/**
 * ICE-TCP fallback (RFC 6544): one process-wide listening socket for passive host candidates, RFC 4571 framing
 * (a 2-byte big-endian length before each STUN, DTLS or SRTP packet), and the same demultiplexing, authentication and
 * session binding as the shared UDP port. See {@link io.rtcd.rtc.transport.tcp.TcpMux}.
 */
package io.rtcd.rtc.transport.tcp;
