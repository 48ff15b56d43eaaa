package io.rtcd.rtc.transport.srtp;

import org.bouncycastle.tls.SRTPProtectionProfile;
import org.jitsi.srtp.SrtpPolicy;

/**
 * The DTLS-SRTP protection profiles we negotiate (RFC 5764 §4.1.2, RFC 7714 §14.2), with their key/salt/tag sizes.
 * Order of preference when we choose: {@link #AEAD_AES_128_GCM} first (cheaper per packet),
 * then {@link #AES128_CM_HMAC_SHA1_80} (what every browser also supports).
 */
public enum SrtpProfile {
    /** SRTP_AEAD_AES_128_GCM (0x0007), RFC 7714: 128-bit key, 96-bit salt, 16-byte tag, no separate auth key. */
    AEAD_AES_128_GCM(SRTPProtectionProfile.SRTP_AEAD_AES_128_GCM, 16, 12, 16, 16),
    /** SRTP_AES128_CM_HMAC_SHA1_80 (0x0001), RFC 5764 §4.1.2: 128-bit key, 112-bit salt, 80-bit tag. */
    AES128_CM_HMAC_SHA1_80(SRTPProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80, 16, 14, 10, 10);

    private final int tlsId;
    private final int keyLength;
    private final int saltLength;
    private final int rtpTagLength;
    private final int rtcpTagLength;

    SrtpProfile(int tlsId, int keyLength, int saltLength, int rtpTagLength, int rtcpTagLength) {
        this.tlsId = tlsId;
        this.keyLength = keyLength;
        this.saltLength = saltLength;
        this.rtpTagLength = rtpTagLength;
        this.rtcpTagLength = rtcpTagLength;
    }

    /** The SRTPProtectionProfile value carried in the use_srtp extension. */
    public int tlsId() {
        return tlsId;
    }

    public int keyLength() {
        return keyLength;
    }

    public int saltLength() {
        return saltLength;
    }

    /** Bytes appended to an RTP packet by protection (auth tag or GCM tag). */
    public int rtpTagLength() {
        return rtpTagLength;
    }

    /** Bytes appended to an RTCP packet by protection: tag plus the 4-byte E|SRTCP index word. */
    public int rtcpOverhead() {
        return rtcpTagLength + 4;
    }

    /** Length of the keying material to export: client key + server key + client salt + server salt. */
    public int exportLength() {
        return 2 * (keyLength + saltLength);
    }

    /** The profile for a use_srtp id, or {@code null} if we do not support it. */
    public static SrtpProfile fromTlsId(int tlsId) {
        for (SrtpProfile p : values()) {
            if (p.tlsId == tlsId) {
                return p;
            }
        }
        return null;
    }

    /**
     * SRTP policy. The sender-side replay check is off: the SFU answers a Generic NACK (RFC 4585 §6.2.1) by sending
     * the lost packet again with its original SSRC and sequence number (no RTX, RFC 4588), which is the same packet
     * index; RFC 3711 §3.3.2 only requires the replay check of the receiver. Regression test: RtcServerIT NACK.
     */
    SrtpPolicy newRtpPolicy() {
        SrtpPolicy p = policy();
        p.setSendReplayEnabled(false);
        return p;
    }

    SrtpPolicy newRtcpPolicy() {
        // Same parameters for SRTCP in both profiles (the _32 variants would differ; we do not offer them).
        return policy();
    }

    private SrtpPolicy policy() {
        return switch (this) {
            case AEAD_AES_128_GCM ->
                new SrtpPolicy(SrtpPolicy.AESGCM_ENCRYPTION, 16, SrtpPolicy.NULL_AUTHENTICATION, 0, 16, 12);
            case AES128_CM_HMAC_SHA1_80 ->
                new SrtpPolicy(SrtpPolicy.AESCM_ENCRYPTION, 16, SrtpPolicy.HMACSHA1_AUTHENTICATION, 20, 10, 14);
        };
    }
}
