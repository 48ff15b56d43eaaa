/**
 * The SFU's network transport: one process-wide UDP port shared by every session, ICE-lite, DTLS 1.2 and SRTP.
 *
 * <h2>Design decision (lead): our own ICE-lite instead of ice4j</h2>
 *
 * The SFU is always the ICE <em>controlled, lite</em> side (RFC 8445 §2.5): browsers are full agents, make the checks
 * and nominate; a lite server only answers Binding requests. We implement that ourselves ({@code .ice}) on a single
 * {@link java.nio.channels.DatagramChannel} ({@code .udp.UdpMux}) instead of ice4j's single-port harvester: one reader
 * thread and one demultiplexer for STUN, DTLS and SRTP, no per-packet allocation on media, no ice4j threads, timers or
 * side effects, and it is what mediasoup and Janus do, so browsers interoperate (verified with
 * Chromium 156 by {@code ChromiumInteropIT}).
 *
 * <h2>Building blocks</h2>
 *
 * <ul>
 *   <li>{@code udp.UdpMux}: binds the port, reads on thread {@code rtcd-udp-rx} into pooled {@code UdpBuffer}s,
 *       classifies by the first byte (RFC 7983, {@link io.rtcd.rtc.transport.PacketKind}) and routes STUN to the ICE
 *       agent named by the USERNAME ufrag, DTLS and SRTP to the session bound to the source 5-tuple. Sends from any
 *       thread.
 *   <li>{@code ice.IceLiteAgent}: per session; verifies USERNAME, MESSAGE-INTEGRITY, FINGERPRINT; answers; selects
 *       the nominated 5-tuple; consent freshness (RFC 7675).
 *   <li>{@code dtls.DtlsTransport}: Bouncy Castle DTLS 1.2 server or client with use_srtp and extended master secret,
 *       fingerprint-verified certificates ({@code dtls.DtlsCertificate}, one per process), key export.
 *   <li>{@code srtp.SrtpContext}: jitsi-srtp contexts per SSRC, in-place protect/unprotect, counted drops.
 *   <li>{@code tcp.TcpMux}: the ICE-TCP fallback (RFC 6544 passive candidates): one listening port, RFC 4571 framing,
 *       thread {@code rtcd-tcp-io}; a connection is bound to a session by a valid STUN check, like a UDP 5-tuple.
 *   <li>{@link io.rtcd.rtc.transport.TransportSession}: the composition of the three for one SFU session; it sends
 *       on the path ICE selected last, UDP or TCP.
 * </ul>
 *
 * <h2>Threading contract</h2>
 *
 * The UDP reader thread only classifies and hands off: STUN is answered inline (cheap), DTLS datagrams are copied
 * into the session's bounded queue, SRTP buffers are passed to the session's listener, which the SFU layer runs on its
 * per-session serial executor. DTLS handshakes and application-data reads run on an injected executor, consent timers
 * on an injected scheduler. Sending is thread-safe. Every drop is counted under a {@link
 * io.rtcd.rtc.transport.DropReason} in the shared {@link io.rtcd.rtc.transport.TransportCounters}; nothing is logged
 * per packet.
 */
package io.rtcd.rtc.transport;
