package io.rtcd.rtc.transport.srtp;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES counter-mode keystream for one stream context: counter blocks {@code (hi, lo | c)} are written into a reused
 * scratch array and encrypted with one {@code AES/ECB/NoPadding} {@link Cipher} initialised once (HotSpot's AES
 * intrinsics), {@value #CHUNK_BLOCKS} blocks per call, into a second scratch array. Input and output arrays differ,
 * so SunJCE does not copy; nothing is allocated per packet. Not thread-safe.
 */
final class KeystreamGenerator {
    /** Blocks per ECB call: 512 bytes of scratch each for counters and keystream. */
    static final int CHUNK_BLOCKS = 32;

    static final int CHUNK_BYTES = CHUNK_BLOCKS * 16;

    private final Cipher ecb;
    private final byte[] counters = new byte[CHUNK_BYTES];
    /** The keystream of the last {@link #generate} call. */
    final byte[] stream = new byte[CHUNK_BYTES];

    KeystreamGenerator(byte[] key) {
        try {
            ecb = Cipher.getInstance("AES/ECB/NoPadding");
            ecb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/ECB unavailable", e);
        }
    }

    /** Fills {@link #stream} with E(hi || lo | c) for c = first .. first + blocks - 1 (blocks ≤ CHUNK_BLOCKS). */
    void generate(long hi, long lo, int first, int blocks) {
        for (int i = 0; i < blocks; i++) {
            Bytes.putLong(counters, i * 16, hi);
            Bytes.putLong(counters, i * 16 + 8, lo | ((first + i) & 0xFFFFFFFFL));
        }
        try {
            ecb.update(counters, 0, blocks * 16, stream, 0);
        } catch (ShortBufferException e) {
            throw new IllegalStateException("keystream scratch too small", e);
        }
    }

    /**
     * XORs the keystream for counters from {@code first} into {@code b[off..off+len)}.
     *
     * @return the next unused counter
     */
    int apply(long hi, long lo, int first, byte[] b, int off, int len) {
        int c = first;
        int p = off;
        int end = off + len;
        while (p < end) {
            int n = Math.min(end - p, CHUNK_BYTES);
            int blocks = (n + 15) >>> 4;
            generate(hi, lo, c, blocks);
            Bytes.xor(b, p, stream, 0, n);
            c += blocks;
            p += n;
        }
        return c;
    }
}
