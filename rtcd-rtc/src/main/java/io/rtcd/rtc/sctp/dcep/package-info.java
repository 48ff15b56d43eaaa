/**
 * WebRTC data channels over an {@link io.rtcd.rtc.sctp.SctpAssociation}: the Data Channel Establishment Protocol
 * (RFC 8832: DATA_CHANNEL_OPEN / ACK on PPID 50) and the channel API of RFC 8831 (PPIDs 51/53/56/57, reliability
 * types, stream-id parity by DTLS role, close by stream reset). {@link io.rtcd.rtc.sctp.dcep.DataChannelManager} owns
 * the association and shares its single-owner threading contract. Negotiated (out-of-band, {@code negotiated: true})
 * channels are not supported: every channel is opened in-band with DCEP.
 */
package io.rtcd.rtc.sctp.dcep;
