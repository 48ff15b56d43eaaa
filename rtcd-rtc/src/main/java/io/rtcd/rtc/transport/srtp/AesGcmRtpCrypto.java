package io.rtcd.rtc.transport.srtp;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AEAD_AES_128_GCM for RTP (RFC 7714 §8): IV = (0x0000 || SSRC || ROC || SEQ) xor salt (§8.1), the RTP header
 * (with CSRCs and extensions) as AAD, the payload encrypted, a 16-byte tag appended (§8.2). GCM (NIST SP 800-38D) is
 * assembled from a {@link KeystreamGenerator} (AES/ECB counter blocks, J0 = IV || 1 for the tag mask, the payload
 * from counter 2) and the table-driven {@link Ghash}, in place, no allocation.
 *
 * <p>Decryption authenticates and decrypts in one pass: the buffer holds garbage when the tag does not match, and
 * the caller drops it (a failed packet is never forwarded or read).
 *
 * <p>Large payloads: the Java GHASH costs ~45 ns per 16-byte block against ~1 ns for SunJCE's CLMUL intrinsic, so
 * above {@value #JAVA_GHASH_MAX_PAYLOAD} payload bytes (video-size packets) the JDK's {@code AES/GCM/NoPadding} is
 * cheaper even with its per-packet {@code Cipher.init} (~1 KB of garbage per packet, what jitsi-srtp does for every
 * packet). Audio-size packets take the allocation-free path. Both produce the same bytes (RFC 7714 / SP 800-38D).
 * If SunJCE refuses an init (it rejects re-using the previous key+IV for encryption, which a NACK resend of the
 * last packet would do) the Java path handles that packet.
 */
final class AesGcmRtpCrypto extends RtpCrypto {
    static final int TAG = 16;
    /** Largest payload the Java GHASH handles; bigger ones go through the JDK's GCM (measured crossover ~280 B). */
    static final int JAVA_GHASH_MAX_PAYLOAD = 256;

    private final KeystreamGenerator keystream;
    private final Ghash ghash;
    private final long saltHi;
    private final long saltLo;
    private final byte[] tag = new byte[TAG];
    private final byte[] iv = new byte[12];
    private final SecretKeySpec keySpec;
    private Cipher jdkGcm;
    /** E(K, J0) of the current packet, the tag mask (SP 800-38D §7.1 step 6). */
    private long maskHi;

    private long maskLo;

    /** @param ghashTables {@link Ghash#tables} of H = AES(key, 0^128), shared by the streams of one key */
    AesGcmRtpCrypto(byte[] key, byte[] salt, long[][] ghashTables) {
        if (salt.length != 12) {
            throw new IllegalArgumentException("AES-GCM session salt must be 12 bytes, got " + salt.length);
        }
        this.keystream = new KeystreamGenerator(key);
        this.keySpec = new SecretKeySpec(key, "AES");
        this.ghash = new Ghash(ghashTables);
        this.saltHi = Bytes.getLong(salt, 0);
        this.saltLo = (long) Bytes.getInt(salt, 8) << 32;
    }

    /** The GHASH tables for a key: H = AES(key, 0^128). */
    static long[][] ghashTables(byte[] key) {
        KeystreamGenerator g = new KeystreamGenerator(key);
        g.generate(0, 0, 0, 1);
        return Ghash.tables(g.stream);
    }

    @Override
    int tagLength() {
        return TAG;
    }

    @Override
    int seal(byte[] b, int off, int len, int hdr, int roc, int seq) {
        if (len - hdr > JAVA_GHASH_MAX_PAYLOAD && jdk(Cipher.ENCRYPT_MODE, b, off, hdr, roc, seq)) {
            try {
                jdkGcm.doFinal(b, off + hdr, len - hdr, b, off + hdr);
                return len + TAG;
            } catch (GeneralSecurityException e) {
                // fall through to the Java path, which produces the same bytes
            }
        }
        transform(b, off, off + hdr, off + len, roc, seq, true);
        Bytes.putLong(b, off + len, ghash.high() ^ maskHi);
        Bytes.putLong(b, off + len + 8, ghash.low() ^ maskLo);
        return len + TAG;
    }

    @Override
    int open(byte[] b, int off, int len, int hdr, int roc, int seq) {
        int n = len - TAG;
        if (n - hdr > JAVA_GHASH_MAX_PAYLOAD && jdk(Cipher.DECRYPT_MODE, b, off, hdr, roc, seq)) {
            try {
                jdkGcm.doFinal(b, off + hdr, n - hdr + TAG, b, off + hdr);
                return n;
            } catch (GeneralSecurityException e) {
                return AUTH_FAIL; // AEADBadTagException: the tag does not match
            }
        }
        transform(b, off, off + hdr, off + n, roc, seq, false);
        Bytes.putLong(tag, 0, ghash.high() ^ maskHi);
        Bytes.putLong(tag, 8, ghash.low() ^ maskLo);
        return Bytes.equal(tag, 0, b, off + n, TAG) ? n : AUTH_FAIL;
    }

    /** Initialises the JDK's GCM for this packet (IV of RFC 7714 §8.1, header as AAD); {@code false} if refused. */
    private boolean jdk(int mode, byte[] b, int off, int hdr, int roc, int seq) {
        long ssrc = Bytes.getInt(b, off + 8) & 0xFFFFFFFFL;
        Bytes.putLong(iv, 0, ivHi(ssrc, roc));
        Bytes.putInt(iv, 8, (int) (ivLo(roc, seq) >>> 32));
        try {
            if (jdkGcm == null) {
                jdkGcm = Cipher.getInstance("AES/GCM/NoPadding");
            }
            jdkGcm.init(mode, keySpec, new GCMParameterSpec(TAG * 8, iv));
            jdkGcm.updateAAD(b, off, hdr);
            return true;
        } catch (GeneralSecurityException | IllegalStateException e) {
            return false;
        }
    }

    private long ivHi(long ssrc, int roc) {
        return saltHi ^ ((ssrc << 16) | ((roc >>> 16) & 0xFFFFL));
    }

    private long ivLo(int roc, int seq) {
        return saltLo ^ (((((long) (roc & 0xFFFF)) << 16) | seq) << 32);
    }

    /** CTR over [text, end) and GHASH over the header and the ciphertext; leaves E(J0) in maskHi/maskLo. */
    private void transform(byte[] b, int off, int text, int end, int roc, int seq, boolean encrypt) {
        long ssrc = Bytes.getInt(b, off + 8) & 0xFFFFFFFFL;
        long hi = ivHi(ssrc, roc);
        long lo = ivLo(roc, seq);
        ghash.reset();
        ghash.update(b, off, text - off);
        byte[] ks = keystream.stream;
        int c = 1;
        int p = text;
        int skip = 16;
        do {
            int n = Math.min(end - p, KeystreamGenerator.CHUNK_BYTES - skip);
            int blocks = (skip + n + 15) >>> 4;
            keystream.generate(hi, lo, c, blocks);
            c += blocks;
            if (skip != 0) {
                maskHi = Bytes.getLong(ks, 0);
                maskLo = Bytes.getLong(ks, 8);
            }
            if (encrypt) {
                Bytes.xor(b, p, ks, skip, n);
                ghash.update(b, p, n);
            } else {
                ghash.update(b, p, n);
                Bytes.xor(b, p, ks, skip, n);
            }
            p += n;
            skip = 0;
        } while (p < end);
        ghash.lengths(text - off, end - text);
    }
}
