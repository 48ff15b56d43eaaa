package io.rtcd.rtc.transport.srtp;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GHASH (NIST SP 800-38D §6.4) through SunJCE's own block function, {@code
 * com.sun.crypto.provider.GHASH.processBlocks(byte[] data, int inOfs, int blocks, long[] st, long[] subH)}, which
 * HotSpot replaces by a CLMUL/AVX (x86) or PMULL (aarch64) stub ({@code @IntrinsicCandidate}, intrinsic {@code
 * _ghash_processBlocks}). It is private, so it is reached through a {@link MethodHandle} resolved once; that needs
 * {@code --add-opens java.base/com.sun.crypto.provider=ALL-UNNAMED} (set by the jars' manifests, {@code ./rtcd},
 * {@code scripts/bench.sh} and the test argLine). Called through the {@code static final} handle, C2 inlines the call
 * and emits the stub (checked with {@code -XX:+PrintIntrinsics}): ~3 ns per block against ~45 for {@link Ghash}.
 *
 * <p>The state is the JDK's: {@code st} = S as two big-endian longs, {@code subH} = H in {@code [0..1]} followed by
 * room for the powers of H that the AVX stub computes on its first call and keeps there (so {@code subH} belongs to
 * this instance; its length is read from a {@code GHASH} instance of this JDK). The stub does no bounds checks (SunJCE
 * checks before calling it), so it is only ever given this class's own buffer with an in-range block count.
 *
 * <p>Message bytes are gathered in a 512-byte buffer (zero-padding the AAD and the last ciphertext block) and handed
 * to the stub in as few calls as possible: the stub aggregates 8 blocks at a time (~2.7 ns per block) but costs ~19
 * ns for a lone block, so one 9-block call for a 100-byte audio packet is ~4× cheaper than hashing header, payload
 * and length block separately in place.
 *
 * <p>If the handle cannot be obtained (the opens missing, a JDK without this method) or a self-check disagrees with
 * {@link Ghash}, {@link #AVAILABLE} is {@code false}, {@link GcmKey} uses {@link Ghash}, and one INFO line says so
 * when this class initialises (never per packet). Not thread-safe: one instance per stream context.
 */
final class IntrinsicGhash implements GcmHash {
    private static final Logger LOG = LoggerFactory.getLogger(IntrinsicGhash.class);
    private static final String JDK_GHASH = "com.sun.crypto.provider.GHASH";

    /** Gathering buffer: 32 blocks. */
    static final int BUFFER_BYTES = 512;

    /** {@code GHASH.processBlocks}, or {@code null} when unavailable. */
    private static final MethodHandle PROCESS_BLOCKS;
    /** Length of the JDK's {@code subkeyHtbl} (18 in JDK 17-25: H and 8 powers for the AVX stub). */
    private static final int SUBKEY_LONGS;
    /** Whether the intrinsic path can be used in this JVM. */
    static final boolean AVAILABLE;

    static {
        MethodHandle handle = null;
        int subkeyLongs = 0;
        String problem;
        try {
            Class<?> ghash = Class.forName(JDK_GHASH);
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(ghash, MethodHandles.lookup());
            handle = lookup.findStatic(
                    ghash,
                    "processBlocks",
                    MethodType.methodType(void.class, byte[].class, int.class, int.class, long[].class, long[].class));
            Object instance = lookup.findConstructor(ghash, MethodType.methodType(void.class, byte[].class))
                    .invoke(new byte[16]);
            long[] table = (long[])
                    lookup.findGetter(ghash, "subkeyHtbl", long[].class).invoke(instance);
            long[] state =
                    (long[]) lookup.findGetter(ghash, "state", long[].class).invoke(instance);
            subkeyLongs = table.length;
            problem = state.length != 2 || subkeyLongs < 2 || subkeyLongs > 64
                    ? "unexpected state layout (" + state.length + ", " + subkeyLongs + " longs)"
                    : selfCheck(handle, subkeyLongs);
        } catch (Throwable e) { // IllegalAccessException without the opens, NoSuch* on another JDK
            problem = e.toString();
        }
        AVAILABLE = problem == null;
        PROCESS_BLOCKS = AVAILABLE ? handle : null;
        SUBKEY_LONGS = AVAILABLE ? subkeyLongs : 0;
        if (AVAILABLE) {
            LOG.debug("SRTP AES-GCM: GHASH through the JDK intrinsic ({}.processBlocks)", JDK_GHASH);
        } else {
            LOG.info(
                    "SRTP AES-GCM: JDK GHASH intrinsic not usable ({}); using the pure-Java GHASH (slower for video;"
                            + " run with --add-opens java.base/com.sun.crypto.provider=ALL-UNNAMED)",
                    problem);
        }
    }

    /** Compares the JDK function with {@link Ghash} on a fixed message; {@code null} if they agree. */
    private static String selfCheck(MethodHandle handle, int subkeyLongs) throws Throwable {
        byte[] h = new byte[16];
        byte[] data = new byte[48];
        for (int i = 0; i < 16; i++) {
            h[i] = (byte) (0x5B * i + 0x11);
        }
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (0x3D * i + 7);
        }
        long[] subH = new long[subkeyLongs];
        subH[0] = Bytes.getLong(h, 0);
        subH[1] = Bytes.getLong(h, 8);
        long[] st = new long[2];
        handle.invokeExact(data, 0, 3, st, subH);
        Ghash reference = new Ghash(Ghash.tables(h));
        reference.reset();
        reference.update(data, 0, data.length);
        return st[0] == reference.high() && st[1] == reference.low() ? null : "self-check mismatch";
    }

    private final long[] st = new long[2];
    private final long[] subH;
    private final byte[] buffer = new byte[BUFFER_BYTES];
    /** Bytes gathered in {@link #buffer}; a multiple of 16 between calls, always below {@link #BUFFER_BYTES}. */
    private int fill;

    /** @param hHi H bytes 0-7, @param hLo H bytes 8-15 (big-endian); requires {@link #AVAILABLE} */
    IntrinsicGhash(long hHi, long hLo) {
        if (!AVAILABLE) {
            throw new IllegalStateException("JDK GHASH intrinsic unavailable");
        }
        subH = new long[SUBKEY_LONGS];
        subH[0] = hHi;
        subH[1] = hLo;
    }

    @Override
    public void reset() {
        st[0] = 0;
        st[1] = 0;
        fill = 0;
    }

    @Override
    public void update(byte[] b, int off, int len) {
        int p = off;
        int end = off + len;
        while (p < end) {
            int n = Math.min(end - p, BUFFER_BYTES - fill);
            System.arraycopy(b, p, buffer, fill, n);
            fill += n;
            p += n;
            if (fill == BUFFER_BYTES) {
                flush();
            }
        }
        int partial = fill & 15;
        if (partial != 0) {
            for (int i = fill; i < fill + 16 - partial; i++) {
                buffer[i] = 0;
            }
            fill += 16 - partial;
            if (fill == BUFFER_BYTES) {
                flush();
            }
        }
    }

    @Override
    public void lengths(long aadBytes, long textBytes) {
        Bytes.putLong(buffer, fill, aadBytes << 3);
        Bytes.putLong(buffer, fill + 8, textBytes << 3);
        fill += 16;
        flush();
    }

    @Override
    public long high() {
        return st[0];
    }

    @Override
    public long low() {
        return st[1];
    }

    /** Hashes the gathered blocks: one stub call, {@code fill / 16 ≤ 32} blocks of our own buffer. */
    private void flush() {
        if (fill == 0) {
            return;
        }
        try {
            PROCESS_BLOCKS.invokeExact(buffer, 0, fill >>> 4, st, subH);
        } catch (Throwable e) { // the JDK method throws nothing; keep the compiler happy
            throw new IllegalStateException("JDK GHASH failed", e);
        }
        fill = 0;
    }
}
