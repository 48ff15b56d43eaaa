package io.rtcd.rtc.transport.srtp;

/**
 * AES in counter mode for one stream context, applied in place: {@link #start} sets the 128-bit counter block, each
 * {@link #apply} XORs the keystream of the next counters (incremented as a 128-bit big-endian integer, which equals
 * GCM's inc32 and RFC 3711's addition for any packet shorter than 2^32 blocks) into the bytes. Every call but the
 * last of a packet must cover whole blocks. Two implementations: {@link IntrinsicCtr} (SunJCE's counter-mode stub)
 * and {@link EcbCtr} (counter blocks through {@code AES/ECB}, the fallback). Not thread-safe.
 */
interface CtrKeystream {
    /** Sets the counter block {@code hi || lo} for the next {@link #apply}. */
    void start(long hi, long lo);

    /** {@code b[off..off+len) ^= keystream}, continuing from the previous call. */
    void apply(byte[] b, int off, int len);
}
