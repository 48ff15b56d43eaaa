package io.rtcd.rtc.transport.srtp;

/**
 * One AES-GCM session key and what every stream of it needs, prepared once per key: the hash subkey H = AES(key,
 * 0^128) (NIST SP 800-38D §6.4, §7.1 step 1) and the choice of implementations. With the JDK's intrinsics reachable
 * ({@link IntrinsicGhash#AVAILABLE}, {@link IntrinsicCtr#AVAILABLE}) each stream gets its own {@link IntrinsicGhash}
 * (its subkey table is written by the stub, so it is not shared) and {@link IntrinsicCtr}; otherwise the key's 4 KiB
 * {@link Ghash} tables are built here once and shared read-only by its streams, and the keystream comes from {@link
 * EcbCtr}. Immutable, thread-safe.
 */
final class GcmKey {
    private final byte[] aesKey;
    private final long hHi;
    private final long hLo;
    /** Shoup tables of the Java GHASH; {@code null} on the intrinsic path. */
    private final long[][] tables;

    private final boolean intrinsicCtr;

    private GcmKey(byte[] aesKey, long hHi, long hLo, long[][] tables, boolean intrinsicCtr) {
        this.aesKey = aesKey;
        this.hHi = hHi;
        this.hLo = hLo;
        this.tables = tables;
        this.intrinsicCtr = intrinsicCtr;
    }

    /** For an AES key, on the intrinsic paths where this JVM allows them. */
    static GcmKey of(byte[] aesKey) {
        return of(aesKey, true);
    }

    /**
     * For an AES key; {@code intrinsics = false} forces both pure-Java/ECB fallbacks (tests run both paths). Asking
     * for an intrinsic that is unavailable also gives its fallback.
     */
    static GcmKey of(byte[] aesKey, boolean intrinsics) {
        KeystreamGenerator g = new KeystreamGenerator(aesKey);
        g.generate(0, 0, 0, 1);
        long hi = Bytes.getLong(g.stream, 0);
        long lo = Bytes.getLong(g.stream, 8);
        boolean ghash = intrinsics && IntrinsicGhash.AVAILABLE;
        return new GcmKey(
                aesKey.clone(), hi, lo, ghash ? null : Ghash.tables(g.stream), intrinsics && IntrinsicCtr.AVAILABLE);
    }

    /** Whether {@link #newHash} returns the intrinsic GHASH. */
    boolean intrinsicGhash() {
        return tables == null;
    }

    /** Whether {@link #newCtr} returns the intrinsic counter mode. */
    boolean intrinsicCtr() {
        return intrinsicCtr;
    }

    /** A fresh running GHASH for one stream of this key. */
    GcmHash newHash() {
        return tables == null ? new IntrinsicGhash(hHi, hLo) : new Ghash(tables);
    }

    /** A fresh counter-mode keystream for one stream of this key. */
    CtrKeystream newCtr() {
        return intrinsicCtr ? new IntrinsicCtr(aesKey) : new EcbCtr(aesKey);
    }
}
