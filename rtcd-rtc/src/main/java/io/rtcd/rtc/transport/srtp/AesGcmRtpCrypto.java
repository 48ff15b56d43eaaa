package io.rtcd.rtc.transport.srtp;

/**
 * AEAD_AES_128_GCM for RTP (RFC 7714 §8): IV = (0x0000 || SSRC || ROC || SEQ) xor salt (§8.1), the RTP header
 * (with CSRCs and extensions) as AAD, the payload encrypted, a 16-byte tag appended (§8.2). GCM (NIST SP 800-38D) is
 * assembled from a {@link KeystreamGenerator} (AES/ECB counter blocks, J0 = IV || 1 for the tag mask, the payload
 * from counter 2) and the table-driven {@link Ghash}, in place, no allocation.
 *
 * <p>Decryption authenticates and decrypts in one pass: the buffer holds garbage when the tag does not match, and
 * the caller drops it (a failed packet is never forwarded or read).
 */
final class AesGcmRtpCrypto extends RtpCrypto {
    static final int TAG = 16;

    private final KeystreamGenerator keystream;
    private final Ghash ghash;
    private final long saltHi;
    private final long saltLo;
    private final byte[] tag = new byte[TAG];
    /** E(K, J0) of the current packet, the tag mask (SP 800-38D §7.1 step 6). */
    private long maskHi;

    private long maskLo;

    /** @param ghashTables {@link Ghash#tables} of H = AES(key, 0^128), shared by the streams of one key */
    AesGcmRtpCrypto(byte[] key, byte[] salt, long[][] ghashTables) {
        if (salt.length != 12) {
            throw new IllegalArgumentException("AES-GCM session salt must be 12 bytes, got " + salt.length);
        }
        this.keystream = new KeystreamGenerator(key);
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
        transform(b, off, off + hdr, off + len, roc, seq, true);
        Bytes.putLong(b, off + len, ghash.high() ^ maskHi);
        Bytes.putLong(b, off + len + 8, ghash.low() ^ maskLo);
        return len + TAG;
    }

    @Override
    int open(byte[] b, int off, int len, int hdr, int roc, int seq) {
        int n = len - TAG;
        transform(b, off, off + hdr, off + n, roc, seq, false);
        Bytes.putLong(tag, 0, ghash.high() ^ maskHi);
        Bytes.putLong(tag, 8, ghash.low() ^ maskLo);
        return Bytes.equal(tag, 0, b, off + n, TAG) ? n : AUTH_FAIL;
    }

    /** CTR over [text, end) and GHASH over the header and the ciphertext; leaves E(J0) in maskHi/maskLo. */
    private void transform(byte[] b, int off, int text, int end, int roc, int seq, boolean encrypt) {
        long ssrc = Bytes.getInt(b, off + 8) & 0xFFFFFFFFL;
        long hi = saltHi ^ ((ssrc << 16) | ((roc >>> 16) & 0xFFFFL));
        long lo = saltLo ^ (((((long) (roc & 0xFFFF)) << 16) | seq) << 32);
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
