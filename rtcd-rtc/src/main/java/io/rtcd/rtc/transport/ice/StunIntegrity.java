package io.rtcd.rtc.transport.ice;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * MESSAGE-INTEGRITY (HMAC-SHA1, RFC 8489 §14.5) and FINGERPRINT (CRC-32 xor 0x5354554E, §14.7) over a STUN message
 * in a byte array, without copying it. An instance holds a keyed {@link Mac} and scratch space, so it is <b>not
 * thread-safe</b>: give each thread (or each agent, used under its lock) its own.
 *
 * <p>Short-term credentials (ICE, RFC 8445 §7.2.2): the HMAC key is the password after OpaqueString, which for ICE
 * passwords (ice-char: ALPHA / DIGIT / "+" / "/") is the UTF-8 bytes unchanged.
 */
public final class StunIntegrity {
    private final Mac mac;
    private final CRC32 crc = new CRC32();
    private final byte[] lengthScratch = new byte[2];
    private final byte[] digestScratch = new byte[20];
    private final byte[] expectedScratch = new byte[20];

    public StunIntegrity(String password) {
        try {
            mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(password.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 unavailable", e);
        }
    }

    /** Verifies MESSAGE-INTEGRITY of a parsed message. {@code false} if absent or wrong. Constant-time compare. */
    public boolean verifyIntegrity(StunMessage msg) {
        int mi = msg.integrityOffset();
        if (mi < 0) {
            return false;
        }
        computeHmac(msg.buffer(), msg.offset(), mi, digestScratch, 0);
        System.arraycopy(msg.buffer(), mi + 4, expectedScratch, 0, 20);
        return MessageDigest.isEqual(digestScratch, expectedScratch);
    }

    /** Verifies FINGERPRINT of a parsed message. {@code false} if absent or wrong. */
    public boolean verifyFingerprint(StunMessage msg) {
        int fp = msg.fingerprintOffset();
        if (fp < 0) {
            return false;
        }
        return computeFingerprint(msg.buffer(), msg.offset(), fp) == StunMessage.readInt(msg.buffer(), fp + 4);
    }

    /**
     * HMAC-SHA1 over {@code b[start..attrOff)} as if the header length field covered the message up to and including
     * a MESSAGE-INTEGRITY attribute at {@code attrOff}; writes 20 bytes at {@code out[outOff]}.
     */
    void computeHmac(byte[] b, int start, int attrOff, byte[] out, int outOff) {
        int adjusted = attrOff - start - StunMessage.HEADER_LENGTH + StunMessage.INTEGRITY_ATTR_LENGTH;
        lengthScratch[0] = (byte) (adjusted >>> 8);
        lengthScratch[1] = (byte) adjusted;
        mac.update(b, start, 2);
        mac.update(lengthScratch, 0, 2);
        mac.update(b, start + 4, attrOff - start - 4);
        try {
            mac.doFinal(out, outOff);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC output buffer too small", e);
        }
    }

    /**
     * CRC-32 xor 0x5354554E over {@code b[start..attrOff)} as if the header length covered a FINGERPRINT attribute at
     * {@code attrOff}. Callers only use it for the last attribute, so the length field must already be final.
     */
    int computeFingerprint(byte[] b, int start, int attrOff) {
        int adjusted = attrOff - start - StunMessage.HEADER_LENGTH + StunMessage.FINGERPRINT_ATTR_LENGTH;
        crc.reset();
        crc.update(b, start, 2);
        lengthScratch[0] = (byte) (adjusted >>> 8);
        lengthScratch[1] = (byte) adjusted;
        crc.update(lengthScratch, 0, 2);
        crc.update(b, start + 4, attrOff - start - 4);
        return (int) crc.getValue() ^ StunMessage.FINGERPRINT_XOR;
    }
}
