/**
 * Media packet buffers and allocation-free RTP/RTCP codecs for the SFU packet path.
 *
 * <ul>
 *   <li>{@link io.rtcd.rtc.rtp.PacketBuffer} (a jitsi-srtp {@code ByteArrayBuffer} with head- and tailroom) from an
 *       injected {@link io.rtcd.rtc.rtp.BufferPool}; the ownership rule is in {@code PacketBuffer}'s Javadoc. Tests use
 *       {@link io.rtcd.rtc.rtp.TrackingBufferPool} and assert no leaks.</li>
 *   <li>{@link io.rtcd.rtc.rtp.PacketClassifier}: STUN / DTLS / RTP / RTCP demux of one socket (RFC 7983, RFC 5761).
 *   </li>
 *   <li>{@link io.rtcd.rtc.rtp.RtpHeader}, {@link io.rtcd.rtc.rtp.HeaderExtensions},
 *       {@link io.rtcd.rtc.rtp.HeaderExtensionCursor}, {@link io.rtcd.rtc.rtp.AudioLevel},
 *       {@link io.rtcd.rtc.rtp.TransportSequence}: static views and in-place rewriters over the packet bytes (RFC
 *       3550, RFC 8285, RFC 6464).</li>
 *   <li>{@link io.rtcd.rtc.rtp.RtcpValidator}, {@link io.rtcd.rtc.rtp.RtcpCompoundIterator} and the per-type views
 *       (SR, RR, report blocks, SDES, BYE, NACK, PLI, FIR, REMB, transport-cc), plus
 *       {@link io.rtcd.rtc.rtp.RtcpWriter} and {@link io.rtcd.rtc.rtp.TransportCcFeedbackWriter}.</li>
 *   <li>{@link io.rtcd.rtc.rtp.SequenceRewriter}, {@link io.rtcd.rtc.rtp.TimestampRewriter},
 *       {@link io.rtcd.rtc.rtp.RtpStreamRewriter}: continuous outgoing numbering when a subscriber's source
 *       switches.</li>
 * </ul>
 *
 * <p>Malformed packets are never exceptions: validators return a {@link io.rtcd.rtc.rtp.DropReason} to count. The
 * codecs keep no state; the cursors, iterators and rewriters are per-stage objects used from one thread.
 */
package io.rtcd.rtc.rtp;
