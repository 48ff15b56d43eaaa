/**
 * Typed parser, model and writer for the WebRTC subset of SDP (RFC 8866 syntax; RFC 8829 JSEP usage; RFC 8843
 * BUNDLE; RFC 8285 extmap; RFC 5576 ssrc; RFC 8830 msid; RFC 8841 SCTP; RFC 8851/8853 rid and simulcast; RFC 8839
 * ICE; RFC 8122/8842 fingerprint and setup).
 *
 * <ul>
 *   <li>{@link io.rtcd.rtc.sdp.SdpParser#parse(String)} gives an immutable {@link io.rtcd.rtc.sdp.SessionDescription};
 *       malformed input throws {@link io.rtcd.rtc.sdp.SdpParseException} naming the line.</li>
 *   <li>{@link io.rtcd.rtc.sdp.SdpWriter#write} writes CRLF text; unknown lines are kept in order, so browser offers
 *       round-trip byte for byte.</li>
 *   <li>{@link io.rtcd.rtc.sdp.WebRtcSdpValidator} checks the WebRTC rules (fingerprint, ICE credentials, setup,
 *       rtcp-mux, BUNDLE) before the SFU acts on a description.</li>
 *   <li>{@link io.rtcd.rtc.sdp.SdpAnswerBuilder} answers a browser offer; {@link io.rtcd.rtc.sdp.SdpOfferBuilder}
 *       writes the SFU's own offers for renegotiation.</li>
 * </ul>
 *
 * <p>Everything here is stateless or immutable, hence thread-safe, except the builders (one per use).
 */
package io.rtcd.rtc.sdp;
