/**
 * SRTP/SRTCP (RFC 3711, AES-GCM RFC 7714) on jitsi-srtp with the JDK's SunJCE AES: profiles, key splitting (RFC
 * 5764 §4.2) and the per-session {@link io.rtcd.rtc.transport.srtp.SrtpContext}.
 */
package io.rtcd.rtc.transport.srtp;
