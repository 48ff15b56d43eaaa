/**
 * Pure-Java, sans-I/O SCTP for WebRTC data channels (RFC 8831: SCTP over DTLS per RFC 8261), written in-house in the
 * style of WebRTC's dcSCTP because no usable SCTP artifact is reachable.
 *
 * <h2>Shape</h2>
 *
 * {@link io.rtcd.rtc.sctp.SctpAssociation} owns no thread, socket or clock. The host:
 *
 * <ol>
 *   <li>passes every DTLS application-data record to {@code receivePacket(buf, off, len, now)} (the buffer is not
 *       retained: everything needed is copied while decoding);
 *   <li>drains {@code pollOutgoingPacket()} after every call and hands each packet to {@code
 *       DtlsTransport.sendApplicationData};
 *   <li>schedules one host timer at {@code nextTimeoutMillis()} and calls {@code handleTimeout(now)} when it fires
 *       (re-reading {@code nextTimeoutMillis()} after every call);
 *   <li>calls {@code connect()} once DTLS is up (both WebRTC peers do; INIT collision is handled, RFC 9260 §5.2.1).
 * </ol>
 *
 * {@link io.rtcd.rtc.sctp.SctpDriver} does steps 2-3 for a host that provides a packet sink and a scheduler.
 *
 * <p>All calls for one association must come from one serial owner (the session's DTLS executor). Events arrive
 * synchronously through {@link io.rtcd.rtc.sctp.SctpAssociationListener}. Malformed or unexpected input is counted
 * by {@link io.rtcd.rtc.sctp.packet.SctpDropReason} in {@link io.rtcd.rtc.sctp.SctpStats}, never thrown.
 *
 * <h2>Roles (one small class each)</h2>
 *
 * <ul>
 *   <li>{@code packet}: packet and per-chunk codecs, CRC32c.
 *   <li>{@code SctpAssociation}: state machine, handshake with a stateless HMAC cookie ({@code StateCookie},
 *       {@code InitNegotiation}), verification tags, timers ({@code SctpTimer}), shutdown and abort.
 *   <li>Send path: {@code SendQueue} (per-stream queues, round robin, fragmentation, SSNs), {@code DataTransmitter}
 *       (scheduling, SACK processing, PR-SCTP), {@code RetransmissionQueue}, {@code CongestionController}, {@code
 *       RtoEstimator}, {@code PacketAssembler} (bundling up to the MTU).
 *   <li>Receive path: {@code DataReceiver} (window, delayed SACK), {@code TsnTracker} (gap blocks, duplicates),
 *       {@code ReassemblyQueue} (ordered/unordered delivery, FORWARD TSN).
 *   <li>{@code StreamResetHandler}: RFC 6525 outgoing stream reset, used to close data channels.
 *   <li>{@code dcep}: RFC 8832 DCEP and the data-channel API.
 * </ul>
 *
 * <h2>RFC coverage</h2>
 *
 * Implemented: RFC 9260 §3 (formats, unknown chunk/parameter action bits), §5.1-§5.2.1 (association setup, cookie,
 * INIT collision), §5.2.4 case D (duplicate COOKIE ECHO), §6.1-§6.2 (transmission, delayed SACK, windows), §6.3
 * (RTO, T3-rtx), §6.4 (invalid stream), §6.5-§6.6 (ordered/unordered), §6.8 + Appendix B (CRC32c), §6.9
 * (fragmentation), §6.10 (bundling), §7.2 (slow start, congestion avoidance, fast retransmit/recovery), §8.1 (error
 * counter), §8.3 (heartbeat), §8.4 (out-of-the-blue, partly), §8.5 (verification tags, T bit), §9.1 (ABORT), §9.2
 * (SHUTDOWN); RFC 3758 (FORWARD TSN, limited-retransmission and timed reliability); RFC 6525 §4.1, §4.4, §5.1.2,
 * §5.2.2, §5.2.7 (outgoing SSN reset, responses, deferred reset); RFC 8831 §6, §8 (PPIDs, channel close); RFC 8832
 * (DCEP).
 *
 * <p>Deliberately left out: I-DATA / message interleaving (RFC 8260), ECN, ASCONF and multi-homing (RFC 5061 beyond
 * Supported Extensions), SCTP-AUTH (RFC 4895: DTLS authenticates), association restart (§5.2.2, §5.2.4 A), SSN/TSN
 * reset and add-streams (RFC 6525 §5.2.4-§5.2.6; Incoming SSN Reset requests are answered "denied"), zero checksum,
 * handover, reneging (gap-acked chunks are treated as delivered), T5 shutdown guard, path MTU discovery (fixed MTU
 * 1200 as RFC 8831 §5 suggests), OOTB ABORT replies (§8.4 item 8).
 *
 * <h2>Interop</h2>
 *
 * Checked against real stacks through the SFU (rtcd-service ITs): Chromium's dcSCTP ({@code DataChannelChromiumIT},
 * {@code RealtimeChromiumIT}) and libdatachannel's usrsctp ({@code NodeDataChannelIT}, node-datachannel): association
 * setup with either side's INIT first, DCEP open/ack, 1 MiB reliable ordered in 16 KiB messages byte-exact, 256 KiB
 * messages (fragmentation and reassembly, §6.9), unordered {@code maxRetransmits: 0} channels (RFC 3758), channels
 * closed by the peer's and by our outgoing stream reset (RFC 6525 §5.1.2, §5.2.2) and stream ids reused afterwards.
 */
package io.rtcd.rtc.sctp;
