/**
 * DTLS 1.2 (RFC 6347) with DTLS-SRTP (RFC 5764) over Bouncy Castle: process certificate and fingerprints (RFC 8122),
 * role from {@code a=setup}, and the push-to-pull {@link io.rtcd.rtc.transport.dtls.DtlsTransport}.
 */
package io.rtcd.rtc.transport.dtls;
