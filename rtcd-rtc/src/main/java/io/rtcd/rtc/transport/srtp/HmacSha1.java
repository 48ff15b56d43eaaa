package io.rtcd.rtc.transport.srtp;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * HMAC-SHA1 (RFC 2104) of an SRTP packet and its ROC (RFC 3711 §4.2), on one reused {@link MessageDigest} (the JDK's
 * SHA-1, SHA-NI intrinsic where the CPU has it). Unlike {@code javax.crypto.Mac}, whose {@code doFinal} returns a new
 * array, nothing is allocated per call. Not thread-safe: one instance per stream context.
 */
final class HmacSha1 {
    static final int LENGTH = 20;
    private static final int BLOCK = 64;

    private final MessageDigest sha1;
    private final byte[] ipad = new byte[BLOCK];
    private final byte[] opad = new byte[BLOCK];
    private final byte[] inner = new byte[LENGTH];
    private final byte[] roc = new byte[4];

    HmacSha1(byte[] key) {
        if (key.length > BLOCK) {
            throw new IllegalArgumentException("HMAC key longer than a SHA-1 block: " + key.length);
        }
        try {
            this.sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 unavailable", e);
        }
        for (int i = 0; i < BLOCK; i++) {
            byte k = i < key.length ? key[i] : 0;
            ipad[i] = (byte) (k ^ 0x36);
            opad[i] = (byte) (k ^ 0x5C);
        }
    }

    /** Writes HMAC(key, b[off..off+len) || ROC) — 20 bytes — into {@code out} at {@code outOff}. */
    void compute(byte[] b, int off, int len, int rocValue, byte[] out, int outOff) {
        try {
            sha1.update(ipad, 0, BLOCK);
            sha1.update(b, off, len);
            Bytes.putInt(roc, 0, rocValue);
            sha1.update(roc, 0, 4);
            sha1.digest(inner, 0, LENGTH);
            sha1.update(opad, 0, BLOCK);
            sha1.update(inner, 0, LENGTH);
            sha1.digest(out, outOff, LENGTH);
        } catch (DigestException e) {
            throw new IllegalStateException("SHA-1 digest into a 20-byte buffer failed", e);
        }
    }
}
