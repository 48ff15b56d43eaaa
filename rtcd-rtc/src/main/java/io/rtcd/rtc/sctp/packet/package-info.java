/**
 * SCTP wire format (RFC 9260 §3, RFC 3758 §3.2, RFC 6525 §3-4): one immutable record per chunk type, each with its own
 * value codec, and {@link io.rtcd.rtc.sctp.packet.SctpPacketCodec} for the common header, bundling, padding and the
 * CRC32c checksum. Decoding bounds-checks every length and reports failures as a {@link
 * io.rtcd.rtc.sctp.packet.SctpDropReason}; it never throws. Stateless and thread-safe.
 */
package io.rtcd.rtc.sctp.packet;
