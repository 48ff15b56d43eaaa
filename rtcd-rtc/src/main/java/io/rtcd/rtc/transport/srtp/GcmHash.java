package io.rtcd.rtc.transport.srtp;

/**
 * The running GHASH of one GCM message (NIST SP 800-38D §6.4, §7.1 step 5): {@code S = GHASH_H(A || 0^v || C || 0^u
 * || [len(A)]_64 || [len(C)]_64)}. Call {@link #reset}, then {@link #update} with the AAD (one call, zero-padded to
 * a block), then {@link #update} with the ciphertext in pieces whose lengths are multiples of 16 except the last,
 * then {@link #lengths}; {@link #high}/{@link #low} are S afterwards. No allocation.
 *
 * <p>Two implementations, chosen once per session key by {@link GcmKey}: {@link IntrinsicGhash} (the JDK's
 * CLMUL/PMULL intrinsic) and {@link Ghash} (pure Java tables, the fallback). Not thread-safe: one instance belongs to
 * one stream context.
 */
interface GcmHash {
    /** Starts a new message (S = 0). */
    void reset();

    /** Absorbs {@code len} bytes; a trailing partial block is zero-padded (so only the last call may be partial). */
    void update(byte[] b, int off, int len);

    /** Absorbs the final length block (bit lengths of the AAD and of the ciphertext) and completes S. */
    void lengths(long aadBytes, long textBytes);

    /** High 64 bits of S (bytes 0-7, big-endian), valid after {@link #lengths}. */
    long high();

    /** Low 64 bits of S (bytes 8-15). */
    long low();
}
