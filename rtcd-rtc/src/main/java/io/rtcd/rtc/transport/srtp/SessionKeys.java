package io.rtcd.rtc.transport.srtp;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * The SRTP session keys of one direction (RFC 3711 §4.3.1 with key derivation rate 0, AES-CM PRF §4.3.3; RFC 7714
 * §11 for AEAD_AES_128_GCM, whose 96-bit master salt is left-aligned in the 112-bit PRF input): encryption key,
 * salt and (AES-CM only) authentication key, for SRTP or SRTCP. Derived once per session and direction; never logged.
 */
final class SessionKeys {
    /** RFC 3711 §4.3.2 labels for SRTP. */
    static final int LABEL_RTP_ENCRYPTION = 0;

    static final int LABEL_RTP_AUTH = 1;
    static final int LABEL_RTP_SALT = 2;
    /** RFC 3711 §4.3.2 labels for SRTCP. */
    static final int LABEL_RTCP_ENCRYPTION = 3;

    static final int LABEL_RTCP_AUTH = 4;
    static final int LABEL_RTCP_SALT = 5;

    final SrtpProfile profile;
    final byte[] encryptionKey;
    final byte[] salt;
    /** {@code null} for GCM. */
    final byte[] authKey;

    SessionKeys(SrtpProfile profile, byte[] encryptionKey, byte[] salt, byte[] authKey) {
        this.profile = profile;
        this.encryptionKey = encryptionKey;
        this.salt = salt;
        this.authKey = authKey;
    }

    /** Derives the SRTP (not SRTCP) session keys from a master key and salt. */
    static SessionKeys deriveRtp(SrtpProfile profile, byte[] masterKey, byte[] masterSalt) {
        return derive(profile, masterKey, masterSalt, LABEL_RTP_ENCRYPTION, LABEL_RTP_AUTH, LABEL_RTP_SALT);
    }

    /** Derives the SRTCP session keys (RFC 3711 §4.3.2 labels 3-5) from a master key and salt. */
    static SessionKeys deriveRtcp(SrtpProfile profile, byte[] masterKey, byte[] masterSalt) {
        return derive(profile, masterKey, masterSalt, LABEL_RTCP_ENCRYPTION, LABEL_RTCP_AUTH, LABEL_RTCP_SALT);
    }

    private static SessionKeys derive(
            SrtpProfile profile, byte[] masterKey, byte[] masterSalt, int encLabel, int authLabel, int saltLabel) {
        byte[] key = prf(masterKey, masterSalt, encLabel, profile.keyLength());
        byte[] salt = prf(masterKey, masterSalt, saltLabel, profile.saltLength());
        byte[] auth = profile == SrtpProfile.AES128_CM_HMAC_SHA1_80
                ? prf(masterKey, masterSalt, authLabel, HmacSha1.LENGTH)
                : null;
        return new SessionKeys(profile, key, salt, auth);
    }

    /**
     * AES-CM PRF (RFC 3711 §4.3.3): the first {@code length} bytes of the AES-CTR keystream under the master key
     * with IV = (master_salt xor (label || r)) * 2^16, r = 0 (key derivation rate 0, so the index never enters).
     */
    static byte[] prf(byte[] masterKey, byte[] masterSalt, int label, int length) {
        byte[] iv = new byte[16];
        System.arraycopy(masterSalt, 0, iv, 0, masterSalt.length);
        iv[7] ^= (byte) label;
        int blocks = (length + 15) / 16;
        byte[] counters = new byte[blocks * 16];
        for (int i = 0; i < blocks; i++) {
            System.arraycopy(iv, 0, counters, i * 16, 16);
            counters[i * 16 + 15] = (byte) i;
        }
        try {
            Cipher ecb = Cipher.getInstance("AES/ECB/NoPadding");
            ecb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(masterKey, "AES"));
            byte[] stream = ecb.doFinal(counters);
            byte[] out = new byte[length];
            System.arraycopy(stream, 0, out, 0, length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES unavailable for SRTP key derivation", e);
        }
    }
}
