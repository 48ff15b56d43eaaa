/**
 * The SFU session layer: {@link io.rtcd.rtc.sfu.RtcServer} is the object the service wires.
 *
 * <h2>Wiring</h2>
 *
 * <pre>
 *   RtcServer rtc = new RtcServer(RtcConfig, RtcSignalSink, timers, worker, dtlsExecutor);
 *   rtc.start();                                    // DTLS certificate, UDP bind, RTCP report timer
 *   rtc.initSession(new SessionSpec(group, call, session, user));
 *   rtc.handleSignal(group, session, RtcSignal.inbound(SDP_OFFER, sdp));   // also ANSWER, MUTE, SCREEN_ON, ...
 *   // out: RtcSignalSink.send(SDP_ANSWER | SDP_OFFER | VOICE_ON | VOICE_OFF | ERROR | SESSION_CLOSED)
 *   rtc.closeSession(group, session);
 *   rtc.close();                                    // drains sessions, then closes the UDP port
 * </pre>
 *
 * <h2>Packet path and threads</h2>
 *
 * <ol>
 *   <li>{@code rtcd-udp-rx} (transport's {@code UdpMux}): STUN answered inline; DTLS queued to the session's
 *       {@code DtlsTransport}; SRTP/SRTCP buffers handed to {@link io.rtcd.rtc.sfu.SessionExecutor#offerPacket}
 *       (bounded queue, no allocation, drop counted when full).
 *   <li>The publisher's serial executor (on {@code worker}): SRTP unprotect once, SSRC lookup, RR statistics, VAD,
 *       then {@link io.rtcd.rtc.sfu.RtpForwarder}: for each subscriber a pooled copy, header rewrite (SSRC, PT,
 *       sequence, timestamp, extension ids, mid), SRTP protect with the subscriber's context, send on the shared
 *       socket.
 *   <li>A subscriber's serial executor: its RTCP (PLI/FIR → rate-limited PLI to the publisher), its signalling and
 *       negotiation, its data channel.
 *   <li>{@code dtlsExecutor}: blocking DTLS handshakes; {@code timers}: timeouts, consent, RTCP reports, SCTP timers
 *       (each re-enters the owning session's executor).
 * </ol>
 */
package io.rtcd.rtc.sfu;
