/**
 * SRTP/SRTCP (RFC 3711, AES-GCM RFC 7714): profiles, key splitting (RFC 5764 §4.2) and the per-session {@link
 * io.rtcd.rtc.transport.srtp.SrtpContext}. RTP goes through rtcd's own in-place transforms ({@code RtpCrypto}: AES-CM
 * + HMAC-SHA1-80 and AES-GCM) over SunJCE's intrinsified AES counter mode and GHASH ({@code IntrinsicCtr}, {@code
 * IntrinsicGhash}, with pure-Java/ECB fallbacks); SRTCP still goes through jitsi-srtp.
 */
package io.rtcd.rtc.transport.srtp;
