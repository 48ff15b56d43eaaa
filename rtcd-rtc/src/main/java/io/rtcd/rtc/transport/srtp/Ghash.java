package io.rtcd.rtc.transport.srtp;

/**
 * GHASH of AES-GCM (NIST SP 800-38D §6.4) in plain Java: multiplication by the hash subkey H in GF(2^128) with
 * Shoup's 8-bit tables (256 multiples of H, 4 KiB per key, built once per session key and shared read-only by every
 * stream of that key) and a shared 256-entry reduction table. A block costs 16 table steps; no allocation.
 *
 * <p><b>Side channels</b>: the table index depends on secret data (the running hash), so this is not constant-time
 * against an attacker who can observe this process's cache lines (a co-tenant on the same core). That is the same
 * class of exposure as table-based AES, which we accept for an SFU that runs on hosts it controls; the AES itself is
 * the JDK's (AES-NI). The remote network attacker sees no timing difference beyond noise: tag comparison is
 * constant-time ({@link Bytes#equal}).
 *
 * <p>Since issue 8 this is the <b>fallback</b> of {@link IntrinsicGhash} (the JDK's CLMUL intrinsic, ~3 ns per
 * block against ~45 here), used only when that cannot be reached ({@link GcmKey}).
 *
 * <p>Not thread-safe: the running state ({@link #reset}, {@link #update}) belongs to one stream context.
 */
final class Ghash implements GcmHash {
    /** Reduction of the 8 bits shifted out by a multiplication by x^8 (R = 0xE1 || 0^120, SP 800-38D §6.3). */
    private static final long[] REDUCE = new long[256];

    static {
        for (int r = 0; r < 256; r++) {
            long v = 0;
            for (int k = 0; k < 8; k++) {
                if (((r >>> k) & 1) != 0) {
                    v ^= (0xE1L << 56) >>> (7 - k);
                }
            }
            REDUCE[r] = v;
        }
    }

    /** Multiples of H for one key: {@code [0]} high halves, {@code [1]} low halves, indexed by a block byte. */
    static long[][] tables(byte[] h) {
        long[] th = new long[256];
        long[] tl = new long[256];
        long vh = Bytes.getLong(h, 0);
        long vl = Bytes.getLong(h, 8);
        // Byte bit 0x80 is the coefficient of x^0, 0x01 of x^7 (GCM bit order): T[0x80] = H, T[0x40] = H*x, ...
        for (int bit = 0x80; bit != 0; bit >>>= 1) {
            th[bit] = vh;
            tl[bit] = vl;
            long carry = vl & 1;
            vl = (vl >>> 1) | (vh << 63);
            vh = (vh >>> 1) ^ (carry != 0 ? 0xE1L << 56 : 0);
        }
        for (int i = 2; i < 256; i <<= 1) {
            for (int j = 1; j < i; j++) {
                th[i | j] = th[i] ^ th[j];
                tl[i | j] = tl[i] ^ tl[j];
            }
        }
        return new long[][] {th, tl};
    }

    private final long[] th;
    private final long[] tl;
    private final byte[] partial = new byte[16];
    private long yh;
    private long yl;

    Ghash(long[][] tables) {
        this.th = tables[0];
        this.tl = tables[1];
    }

    @Override
    public void reset() {
        yh = 0;
        yl = 0;
    }

    @Override
    public void update(byte[] b, int off, int len) {
        int end = off + len;
        int p = off;
        for (; p + 16 <= end; p += 16) {
            block(Bytes.getLong(b, p), Bytes.getLong(b, p + 8));
        }
        if (p < end) {
            int n = end - p;
            System.arraycopy(b, p, partial, 0, n);
            for (int i = n; i < 16; i++) {
                partial[i] = 0;
            }
            block(Bytes.getLong(partial, 0), Bytes.getLong(partial, 8));
        }
    }

    @Override
    public void lengths(long aadBytes, long textBytes) {
        block(aadBytes << 3, textBytes << 3);
    }

    @Override
    public long high() {
        return yh;
    }

    @Override
    public long low() {
        return yl;
    }

    /** Y = (Y xor X) * H, Horner over the 16 bytes from the last to the first. */
    private void block(long xh, long xl) {
        long vh = yh ^ xh;
        long vl = yl ^ xl;
        long zh = 0;
        long zl = 0;
        for (int s = 0; s < 64; s += 8) {
            int idx = (int) (vl >>> s) & 0xFF;
            int r = (int) zl & 0xFF;
            zl = (zl >>> 8) | (zh << 56);
            zh = (zh >>> 8) ^ REDUCE[r] ^ th[idx];
            zl ^= tl[idx];
        }
        for (int s = 0; s < 64; s += 8) {
            int idx = (int) (vh >>> s) & 0xFF;
            int r = (int) zl & 0xFF;
            zl = (zl >>> 8) | (zh << 56);
            zh = (zh >>> 8) ^ REDUCE[r] ^ th[idx];
            zl ^= tl[idx];
        }
        yh = zh;
        yl = zl;
    }
}
