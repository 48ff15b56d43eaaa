package io.rtcd.rtc.transport.srtp;

/**
 * SRTP protection of the RTP packets of one SSRC in one direction (RFC 3711 §3.3): rollover counter, index guess
 * (§3.3.1, Appendix A) and the 64-packet replay window (§3.3.2), with the profile's transform in the subclass.
 * Everything works in place on the caller's array; nothing is allocated per packet. The state machine mirrors
 * jitsi-srtp's {@code SrtpCryptoContext} decision for decision (tests compare the two), configured as {@link
 * SrtpProfile} configures jitsi-srtp: no sender-side replay check, because a NACK answer (RFC 4585 §6.2.1) resends a
 * packet with its original index — the same bytes, so the same ciphertext; RFC 3711 §3.3.2 only requires the
 * receiver's check.
 *
 * <p>Threading: {@link #protect} and {@link #unprotect} are {@code synchronized}: one SSRC is normally used by one
 * thread at a time, so the lock is uncontended.
 *
 * <p>Results: a non-negative value is the new packet length; a negative one is one of the status constants.
 */
abstract class RtpCrypto {
    static final int AUTH_FAIL = -1;
    /** The index was already seen inside the replay window. */
    static final int REPLAY_FAIL = -2;
    /** The index is older than the replay window. */
    static final int REPLAY_OLD = -3;

    static final int INVALID = -4;
    static final int REPLAY_WINDOW = 64;

    private boolean seqSet;
    private int roc;
    private int highestSeq;
    private long window;
    private int guessedRoc;

    /** Bytes protection appends. */
    abstract int tagLength();

    /**
     * Encrypts {@code b[off+hdr..off+len)} and appends the tag at {@code off+len} (the caller guarantees the room).
     *
     * @return the new length
     */
    abstract int seal(byte[] b, int off, int len, int hdr, int roc, int seq);

    /**
     * Authenticates and decrypts; {@code len} includes the tag.
     *
     * @return the plaintext length, or {@link #AUTH_FAIL}
     */
    abstract int open(byte[] b, int off, int len, int hdr, int roc, int seq);

    /** Protects an RTP packet in place; {@code b} must have {@link #tagLength()} bytes of room after it. */
    final synchronized int protect(byte[] b, int off, int len) {
        int hdr = headerLength(b, off, len, 0);
        if (hdr < 0) {
            return INVALID;
        }
        int seq = Bytes.getShort(b, off + 2);
        if (!seqSet) {
            seqSet = true;
            highestSeq = seq;
        }
        long index = guessIndex(seq);
        int n = seal(b, off, len, hdr, guessedRoc, seq);
        if (n >= 0) {
            update(seq, index);
        }
        return n;
    }

    /** Replay-checks, authenticates and decrypts an SRTP packet in place. */
    final synchronized int unprotect(byte[] b, int off, int len) {
        int hdr = headerLength(b, off, len, tagLength());
        if (hdr < 0) {
            return INVALID;
        }
        int seq = Bytes.getShort(b, off + 2);
        boolean first = false;
        if (!seqSet) {
            seqSet = true;
            highestSeq = seq;
            first = true;
        }
        long index = guessIndex(seq);
        int result = checkReplay(index);
        if (result == 0) {
            result = open(b, off, len, hdr, guessedRoc, seq);
            if (result >= 0) {
                update(seq, index);
            }
        }
        if (result < 0 && first) {
            seqSet = false;
            highestSeq = 0;
        }
        return result;
    }

    /** Forgets the index and replay state (a context reused for another SSRC). */
    final synchronized void reset() {
        seqSet = false;
        roc = 0;
        highestSeq = 0;
        window = 0;
        guessedRoc = 0;
    }

    /** Rollover counter of the highest index seen (for tests). */
    final synchronized int roc() {
        return roc;
    }

    /**
     * Length of the RTP header with CSRCs and extension (RFC 3550 §5.1/§5.3.1), or -1 if {@code len} cannot hold it
     * plus {@code tag} bytes.
     */
    static int headerLength(byte[] b, int off, int len, int tag) {
        int need = 12 + tag;
        if (len < need) {
            return -1;
        }
        need += 4 * (b[off] & 0x0F);
        if (len < need) {
            return -1;
        }
        if ((b[off] & 0x10) != 0) {
            need += 4;
            if (len < need) {
                return -1;
            }
            need += 4 * Bytes.getShort(b, off + need - tag - 2);
            if (len < need) {
                return -1;
            }
        }
        return need - tag;
    }

    /** RFC 3711 Appendix A: the ROC this sequence number most likely belongs to. */
    private long guessIndex(int seq) {
        if (highestSeq < 0x8000) {
            guessedRoc = seq - highestSeq > 0x8000 ? roc - 1 : roc;
        } else {
            guessedRoc = highestSeq - 0x8000 > seq ? roc + 1 : roc;
        }
        return ((long) guessedRoc << 16) | seq;
    }

    /** RFC 3711 §3.3.2. */
    private int checkReplay(long index) {
        long delta = index - (((long) roc << 16) | highestSeq);
        if (delta > 0) {
            return 0;
        }
        if (-delta >= REPLAY_WINDOW) {
            return REPLAY_OLD;
        }
        return ((window >>> (int) -delta) & 1) != 0 ? REPLAY_FAIL : 0;
    }

    private void update(int seq, long index) {
        long delta = index - (((long) roc << 16) | highestSeq);
        if (delta >= REPLAY_WINDOW) {
            window = 1;
        } else if (delta > 0) {
            window = (window << (int) delta) | 1;
        } else {
            window |= 1L << (int) -delta;
        }
        if (guessedRoc == roc) {
            if (seq > highestSeq) {
                highestSeq = seq & 0xFFFF;
            }
        } else if (guessedRoc == roc + 1) {
            highestSeq = seq & 0xFFFF;
            roc = guessedRoc;
        }
    }
}
