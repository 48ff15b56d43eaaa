package io.rtcd.rtc.transport.srtp;

/**
 * SRTCP protection of the RTCP packets of one sender SSRC in one direction (RFC 3711 §3.4), in place on the caller's
 * array, nothing allocated per packet. The 31-bit SRTCP index with the E flag follows the packet; the first 8 bytes
 * (header and sender SSRC) stay in the clear. Two transforms, chosen by the profile:
 *
 * <ul>
 *   <li>AES128_CM_HMAC_SHA1_80 (RFC 3711 §4.1.1, §4.2): the bytes after the first 8 encrypted with IV = (k_s * 2^16)
 *       xor (SSRC * 2^64) xor (index * 2^16), then HMAC-SHA1-80 over header, ciphertext and E||index; wire layout
 *       {@code header | ciphertext | E||index | tag(10)}.
 *   <li>AEAD_AES_128_GCM (RFC 7714 §9): IV = (0x0000 || SSRC || 0x0000 || index) xor salt (§9.1), AAD = the first 8
 *       bytes and E||index (§9.2; with E = 0 the whole packet is AAD and nothing is encrypted), the 16-byte tag after
 *       the ciphertext; wire layout {@code header | ciphertext | tag(16) | E||index}.
 * </ul>
 *
 * <p>Decisions mirror jitsi-srtp's {@code SrtcpCryptoContext}, which this replaces (its per-packet {@code
 * Cipher.init} allocated ~1.5 KB per RTCP packet, the largest steady-state allocation of the server): the sender
 * numbers packets from 0 and always sets E; the receiver checks the 64-packet replay window (§3.3.2 applied to the
 * SRTCP index) before authenticating, decrypts only an authenticated packet and then moves the window. Tests compare
 * the two byte for byte and verdict for verdict.
 *
 * <p>Threading: {@link #protect} and {@link #unprotect} are {@code synchronized} (one SSRC is normally used by one
 * thread at a time, so uncontended). Results as {@link RtpCrypto}: a non-negative value is the new packet length,
 * a negative one a status constant of {@link RtpCrypto}.
 */
final class RtcpCrypto {
    static final int HEADER = 8;
    private static final int INDEX = 4;
    private static final int E_FLAG = 0x8000_0000;
    private static final int GCM_TAG = AesGcmRtpCrypto.TAG;
    private static final int CM_TAG = AesCmRtpCrypto.TAG;

    private final boolean gcm;
    private final CtrKeystream ctr;
    /** GCM only. */
    private final GcmHash ghash;
    /** AES-CM only. */
    private final HmacSha1 hmac;

    private final long saltHi;
    private final long saltLo;
    /** GCM: the tag mask E(K, J0); AES-CM: the computed MAC. */
    private final byte[] tag = new byte[HmacSha1.LENGTH];
    /** GCM: the AAD (header and E||index) gathered in one block; with E = 0 the received tag while it is checked. */
    private final byte[] scratch = new byte[16];

    private int sentIndex;
    private int receivedIndex;
    private long window;

    /**
     * @param keys the SRTCP session keys ({@link SessionKeys#deriveRtcp})
     * @param gcmKey the prepared GCM key of {@code keys} (shared by the streams of one key), {@code null} for AES-CM
     * @param intrinsics {@code false} forces the AES-CM keystream onto {@link EcbCtr} (tests run both paths)
     */
    RtcpCrypto(SessionKeys keys, GcmKey gcmKey, boolean intrinsics) {
        this.gcm = keys.profile == SrtpProfile.AEAD_AES_128_GCM;
        byte[] salt = keys.salt;
        if (gcm) {
            if (salt.length != 12) {
                throw new IllegalArgumentException("AES-GCM session salt must be 12 bytes, got " + salt.length);
            }
            this.ctr = gcmKey.newCtr();
            this.ghash = gcmKey.newHash();
            this.hmac = null;
            this.saltHi = Bytes.getLong(salt, 0);
            this.saltLo = (long) Bytes.getInt(salt, 8) << 32;
        } else {
            if (salt.length != 14) {
                throw new IllegalArgumentException("AES-CM session salt must be 14 bytes, got " + salt.length);
            }
            this.ctr = intrinsics && IntrinsicCtr.AVAILABLE
                    ? new IntrinsicCtr(keys.encryptionKey)
                    : new EcbCtr(keys.encryptionKey);
            this.ghash = null;
            this.hmac = new HmacSha1(keys.authKey);
            this.saltHi = Bytes.getLong(salt, 0);
            this.saltLo = ((long) Bytes.getInt(salt, 8) << 32) | ((long) Bytes.getShort(salt, 12) << 16);
        }
    }

    /** Bytes protection appends: E||index and the tag. */
    int overhead() {
        return INDEX + (gcm ? GCM_TAG : CM_TAG);
    }

    /**
     * Encrypts and authenticates an RTCP packet of at least 8 bytes in place; {@code b} must have {@link #overhead()}
     * bytes of room after it.
     *
     * @return the new length, or {@link RtpCrypto#INVALID}
     */
    synchronized int protect(byte[] b, int off, int len) {
        if (len < HEADER) {
            return RtpCrypto.INVALID;
        }
        int index = sentIndex;
        int word = index | E_FLAG;
        int n;
        if (gcm) {
            int text = len - HEADER;
            startGcm(b, off, index, word);
            ctr.apply(b, off + HEADER, text);
            ghash.update(b, off + HEADER, text);
            ghash.lengths(HEADER + INDEX, text);
            Bytes.putLong(b, off + len, ghash.high() ^ Bytes.getLong(tag, 0));
            Bytes.putLong(b, off + len + 8, ghash.low() ^ Bytes.getLong(tag, 8));
            Bytes.putInt(b, off + len + GCM_TAG, word);
            n = len + GCM_TAG + INDEX;
        } else {
            cryptCm(b, off, len, index);
            Bytes.putInt(b, off + len, word);
            hmac.compute(b, off, len, word, tag, 0);
            System.arraycopy(tag, 0, b, off + len + INDEX, CM_TAG);
            n = len + INDEX + CM_TAG;
        }
        sentIndex = (index + 1) & ~E_FLAG;
        return n;
    }

    /**
     * Replay-checks, authenticates and decrypts an SRTCP packet in place; a packet that fails is dropped by the
     * caller (its bytes may have been rearranged).
     *
     * @return the RTCP length, or a negative {@link RtpCrypto} status
     */
    synchronized int unprotect(byte[] b, int off, int len) {
        if (len < HEADER + overhead()) {
            return RtpCrypto.INVALID;
        }
        int at = gcm ? off + len - INDEX : off + len - INDEX - CM_TAG;
        int word = Bytes.getInt(b, at);
        int index = word & ~E_FLAG;
        boolean encrypted = (word & E_FLAG) != 0;
        int replay = checkReplay(index);
        if (replay != 0) {
            return replay;
        }
        int n = gcm ? openGcm(b, off, len, index, word, encrypted) : openCm(b, off, at - off, index, word, encrypted);
        if (n >= 0) {
            update(index);
        }
        return n;
    }

    private int openCm(byte[] b, int off, int n, int index, int word, boolean encrypted) {
        hmac.compute(b, off, n, word, tag, 0);
        if (!Bytes.equal(tag, 0, b, off + n + INDEX, CM_TAG)) {
            return RtpCrypto.AUTH_FAIL;
        }
        if (encrypted) {
            cryptCm(b, off, n, index);
        }
        return n;
    }

    private int openGcm(byte[] b, int off, int len, int index, int word, boolean encrypted) {
        int tagAt = off + len - INDEX - GCM_TAG;
        int n = tagAt - off;
        long s0;
        long s1;
        if (encrypted) {
            startGcm(b, off, index, word);
            ghash.update(b, off + HEADER, n - HEADER);
            ghash.lengths(HEADER + INDEX, n - HEADER);
        } else {
            // RFC 7714 §9.2, E = 0: AAD = the whole RTCP packet || E||index, no ciphertext. Put E||index right after
            // the packet (over the tag, kept aside) so the AAD is contiguous.
            startGcm(b, off, index, word, false);
            System.arraycopy(b, tagAt, scratch, 0, GCM_TAG);
            Bytes.putInt(b, tagAt, word);
            ghash.update(b, off, n + INDEX);
            ghash.lengths(n + INDEX, 0);
            System.arraycopy(scratch, 0, b, tagAt, GCM_TAG);
        }
        s0 = ghash.high() ^ Bytes.getLong(tag, 0);
        s1 = ghash.low() ^ Bytes.getLong(tag, 8);
        if (s0 != Bytes.getLong(b, tagAt) | s1 != Bytes.getLong(b, tagAt + 8)) {
            return RtpCrypto.AUTH_FAIL; // nothing decrypted
        }
        if (encrypted) {
            ctr.apply(b, off + HEADER, n - HEADER);
        }
        return n;
    }

    private void startGcm(byte[] b, int off, int index, int word) {
        startGcm(b, off, index, word, true);
    }

    /**
     * Per packet: the counter at J0 = IV || 1 (RFC 7714 §9.1), its keystream block into {@link #tag} (the mask),
     * leaving the counter at 2; GHASH reset and, if {@code aad}, fed the AAD of an encrypted packet (§9.2).
     */
    private void startGcm(byte[] b, int off, int index, int word, boolean aad) {
        long ssrc = Bytes.getInt(b, off + 4) & 0xFFFFFFFFL;
        ctr.start(saltHi ^ (ssrc << 16), (saltLo ^ ((long) index << 32)) | 1);
        Bytes.putLong(tag, 0, 0);
        Bytes.putLong(tag, 8, 0);
        ctr.apply(tag, 0, GCM_TAG);
        ghash.reset();
        if (aad) {
            System.arraycopy(b, off, scratch, 0, HEADER);
            Bytes.putInt(scratch, HEADER, word);
            ghash.update(scratch, 0, HEADER + INDEX);
        }
    }

    /** AES-CM (RFC 3711 §4.1.1) of {@code b[off+8..off+len)} with the SRTCP index in place of the RTP index. */
    private void cryptCm(byte[] b, int off, int len, int index) {
        long ssrc = Bytes.getInt(b, off + 4) & 0xFFFFFFFFL;
        ctr.start(saltHi ^ ssrc, saltLo ^ ((long) index << 16));
        ctr.apply(b, off + HEADER, len - HEADER);
    }

    /** The replay window of RFC 3711 §3.3.2 over the SRTCP index, as jitsi-srtp keeps it (no index wrap). */
    private int checkReplay(int index) {
        long delta = index - receivedIndex;
        if (delta > 0) {
            return 0;
        }
        if (-delta >= RtpCrypto.REPLAY_WINDOW) {
            return RtpCrypto.REPLAY_OLD;
        }
        return ((window >>> (int) -delta) & 1) != 0 ? RtpCrypto.REPLAY_FAIL : 0;
    }

    private void update(int index) {
        long delta = index - receivedIndex;
        if (delta >= RtpCrypto.REPLAY_WINDOW) {
            window = 1;
            receivedIndex = index;
        } else if (delta > 0) {
            window = (window << (int) delta) | 1;
            receivedIndex = index;
        } else {
            window |= 1L << (int) -delta;
        }
    }

    /** Forgets the indexes and the replay state (a context reused for another SSRC). */
    synchronized void reset() {
        sentIndex = 0;
        receivedIndex = 0;
        window = 0;
    }
}
