/**
 * The shared UDP socket: {@link io.rtcd.rtc.transport.udp.UdpMux} (one port, one reader thread, RFC 7983 demux) and
 * its pooled {@link io.rtcd.rtc.transport.udp.UdpBuffer}s.
 */
package io.rtcd.rtc.transport.udp;
