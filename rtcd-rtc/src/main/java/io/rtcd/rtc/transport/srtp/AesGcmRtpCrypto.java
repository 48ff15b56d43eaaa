package io.rtcd.rtc.transport.srtp;

/**
 * AEAD_AES_128_GCM for RTP (RFC 7714 §8): IV = (0x0000 || SSRC || ROC || SEQ) xor salt (§8.1), the RTP header
 * (with CSRCs and extensions) as AAD, the payload encrypted, a 16-byte tag appended (§8.2). GCM (NIST SP 800-38D §7)
 * is assembled from the key's {@link GcmKey}: a {@link CtrKeystream} (J0 = IV || 1 gives the tag mask, the payload is
 * encrypted from counter 2) and a {@link GcmHash} over header and ciphertext. Normally both are SunJCE's own
 * HotSpot-intrinsified functions reached once through method handles ({@link IntrinsicCtr}: AES-NI counter-mode stub;
 * {@link IntrinsicGhash}: CLMUL GHASH stub), with {@link EcbCtr} and {@link Ghash} as the fallback. In place, no
 * allocation, at every payload size: until issue 8 payloads above 256 B went through the JDK's {@code
 * AES/GCM/NoPadding}, whose per-packet {@code Cipher.init} allocates ~1 KB; this path is now cheaper at 1200 B too
 * (docs/performance.md §4).
 *
 * <p>Decryption authenticates first (GHASH over the ciphertext) and decrypts only a packet whose tag matches; a
 * failed packet is left as received and dropped by the caller. A NACK resend of the same index gives the same
 * bytes (SunJCE's encrypt-mode GCM would refuse the IV reuse; we have no such check, by design: same bytes in, same
 * bytes out). Threading: as {@link RtpCrypto} (the subclass state is touched only under its lock).
 */
final class AesGcmRtpCrypto extends RtpCrypto {
    static final int TAG = 16;

    private final CtrKeystream ctr;
    private final GcmHash ghash;
    private final long saltHi;
    private final long saltLo;
    /** E(K, J0) of the current packet, the tag mask (SP 800-38D §7.1 step 6), or the received tag's copy. */
    private final byte[] tag = new byte[TAG];

    /** @param gcmKey the key's prepared state ({@link GcmKey#of}), shared by the streams of one key */
    AesGcmRtpCrypto(byte[] key, byte[] salt, GcmKey gcmKey) {
        if (salt.length != 12) {
            throw new IllegalArgumentException("AES-GCM session salt must be 12 bytes, got " + salt.length);
        }
        this.ctr = gcmKey.newCtr();
        this.ghash = gcmKey.newHash();
        this.saltHi = Bytes.getLong(salt, 0);
        this.saltLo = (long) Bytes.getInt(salt, 8) << 32;
    }

    @Override
    int tagLength() {
        return TAG;
    }

    @Override
    int seal(byte[] b, int off, int len, int hdr, int roc, int seq) {
        int text = off + hdr;
        int n = len - hdr;
        start(b, off, hdr, roc, seq);
        ctr.apply(b, text, n);
        ghash.update(b, text, n);
        ghash.lengths(hdr, n);
        Bytes.putLong(b, off + len, ghash.high() ^ Bytes.getLong(tag, 0));
        Bytes.putLong(b, off + len + 8, ghash.low() ^ Bytes.getLong(tag, 8));
        return len + TAG;
    }

    @Override
    int open(byte[] b, int off, int len, int hdr, int roc, int seq) {
        int end = off + len - TAG;
        int text = off + hdr;
        int n = end - text;
        start(b, off, hdr, roc, seq);
        ghash.update(b, text, n);
        ghash.lengths(hdr, n);
        Bytes.putLong(tag, 0, ghash.high() ^ Bytes.getLong(tag, 0));
        Bytes.putLong(tag, 8, ghash.low() ^ Bytes.getLong(tag, 8));
        if (!Bytes.equal(tag, 0, b, end, TAG)) {
            return AUTH_FAIL; // nothing decrypted: the packet is left as received
        }
        ctr.apply(b, text, n);
        return end - off;
    }

    /**
     * Per packet: the counter at J0 (RFC 7714 §8.1 IV || 0x00000001), its keystream block into {@link #tag} (the
     * mask E(K, J0)), leaving the counter at 2 for the payload; GHASH reset and fed the header (the AAD).
     */
    private void start(byte[] b, int off, int hdr, int roc, int seq) {
        long ssrc = Bytes.getInt(b, off + 8) & 0xFFFFFFFFL;
        long ivHi = saltHi ^ ((ssrc << 16) | ((roc >>> 16) & 0xFFFFL));
        long ivLo = saltLo ^ (((((long) (roc & 0xFFFF)) << 16) | seq) << 32);
        ctr.start(ivHi, ivLo | 1);
        Bytes.putLong(tag, 0, 0);
        Bytes.putLong(tag, 8, 0);
        ctr.apply(tag, 0, TAG);
        ghash.reset();
        ghash.update(b, off, hdr);
    }
}
