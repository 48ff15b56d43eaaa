package io.rtcd.rtc.transport.srtp;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Arrays;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * AES counter mode through SunJCE's own {@code com.sun.crypto.provider.CounterMode} on an {@code AESCrypt} with this
 * stream's key, whose {@code private int implCrypt(byte[] in, int inOff, int len, byte[] out, int outOff)} HotSpot
 * replaces by the AES-NI counter-mode stub ({@code @IntrinsicCandidate}, intrinsic {@code _counterMode_AESCrypt},
 * 8 blocks in flight: ~2.7 ns per block where {@code AES/ECB} on AVX2 costs ~7). The instance is built once per stream
 * (no {@code Cipher.init} per packet, so no allocation); per packet we write the counter block straight into the
 * mode's {@code counter} array, mark its cached keystream block used up, and call {@code implCrypt} in place through
 * a {@code static final} {@link MethodHandle}. Needs {@code --add-opens java.base/com.sun.crypto.provider=ALL-UNNAMED}
 * like {@link IntrinsicGhash}; otherwise (or if the self-check against {@link KeystreamGenerator} fails) {@link
 * #AVAILABLE} is {@code false}, {@link GcmKey} uses {@link EcbCtr}, and one INFO line says so. The stub does no bounds
 * checks, so {@link #apply} checks the range first. Not thread-safe: one instance per stream context.
 */
final class IntrinsicCtr implements CtrKeystream {
    private static final Logger LOG = LoggerFactory.getLogger(IntrinsicCtr.class);
    private static final int BLOCK = 16;

    /** {@code new AESCrypt()}, {@code AESCrypt.init(boolean, String, byte[])}, {@code new CounterMode(cipher)}. */
    private static final MethodHandle NEW_AES;

    private static final MethodHandle INIT_AES;
    private static final MethodHandle NEW_MODE;
    /** {@code CounterMode.counter} getter, {@code used} setter, {@code implCrypt}, typed on {@code Object}. */
    private static final MethodHandle COUNTER;

    private static final MethodHandle SET_USED;
    private static final MethodHandle CRYPT;
    /** Whether the intrinsic counter mode can be used in this JVM. */
    static final boolean AVAILABLE;

    static {
        MethodHandle[] h = new MethodHandle[6];
        String problem;
        try {
            Class<?> mode = Class.forName("com.sun.crypto.provider.CounterMode");
            Class<?> aes = Class.forName("com.sun.crypto.provider.AESCrypt");
            Class<?> symmetric = Class.forName("com.sun.crypto.provider.SymmetricCipher");
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(mode, MethodHandles.lookup());
            h[0] = lookup.findConstructor(aes, MethodType.methodType(void.class))
                    .asType(MethodType.methodType(Object.class));
            h[1] = lookup.findVirtual(
                            aes, "init", MethodType.methodType(void.class, boolean.class, String.class, byte[].class))
                    .asType(MethodType.methodType(void.class, Object.class, boolean.class, String.class, byte[].class));
            h[2] = lookup.findConstructor(mode, MethodType.methodType(void.class, symmetric))
                    .asType(MethodType.methodType(Object.class, Object.class));
            h[3] = lookup.findGetter(mode, "counter", byte[].class)
                    .asType(MethodType.methodType(byte[].class, Object.class));
            h[4] = lookup.findSetter(mode, "used", int.class)
                    .asType(MethodType.methodType(void.class, Object.class, int.class));
            h[5] = lookup.findVirtual(
                            mode,
                            "implCrypt",
                            MethodType.methodType(
                                    int.class, byte[].class, int.class, int.class, byte[].class, int.class))
                    .asType(MethodType.methodType(
                            int.class, Object.class, byte[].class, int.class, int.class, byte[].class, int.class));
            problem = null;
        } catch (ReflectiveOperationException | RuntimeException e) { // no opens, or another JDK's internals
            problem = e.toString();
        }
        NEW_AES = h[0];
        INIT_AES = h[1];
        NEW_MODE = h[2];
        COUNTER = h[3];
        SET_USED = h[4];
        CRYPT = h[5];
        if (problem == null) {
            problem = selfCheck();
        }
        AVAILABLE = problem == null;
        if (AVAILABLE) {
            LOG.debug("SRTP AES: counter mode through the JDK intrinsic (CounterMode.implCrypt)");
        } else {
            LOG.info(
                    "SRTP AES: JDK counter-mode intrinsic not usable ({}); using AES/ECB counter blocks (slower for"
                            + " video; run with --add-opens java.base/com.sun.crypto.provider=ALL-UNNAMED)",
                    problem);
        }
    }

    /** Compares 3 blocks from a non-zero counter with {@link KeystreamGenerator}; {@code null} if they agree. */
    private static String selfCheck() {
        try {
            byte[] key = new byte[16];
            Arrays.fill(key, (byte) 0x2B);
            IntrinsicCtr ctr = new IntrinsicCtr(key);
            long hi = 0x0123456789ABCDEFL;
            long lo = 0x1122334400FFFFFEL;
            byte[] got = new byte[3 * BLOCK];
            ctr.start(hi, lo);
            ctr.apply(got, 0, BLOCK);
            ctr.apply(got, BLOCK, 2 * BLOCK);
            KeystreamGenerator reference = new KeystreamGenerator(key);
            byte[] want = new byte[3 * BLOCK];
            reference.apply(hi, lo & 0xFFFFFFFF00000000L, (int) lo, want, 0, want.length);
            return Arrays.equals(got, want) ? null : "self-check mismatch";
        } catch (RuntimeException e) {
            return e.toString();
        }
    }

    private final Object mode;
    /** The mode's own counter block, written in place per packet. */
    private final byte[] counter;

    /** @param key AES-128/256 key of this stream; requires the handles (see {@link #AVAILABLE}) */
    IntrinsicCtr(byte[] key) {
        if (CRYPT == null) {
            throw new IllegalStateException("JDK counter mode unavailable");
        }
        try {
            Object aes = NEW_AES.invokeExact();
            INIT_AES.invokeExact(aes, false, "AES", key.clone());
            this.mode = NEW_MODE.invokeExact(aes);
            this.counter = (byte[]) COUNTER.invokeExact(mode);
        } catch (Throwable e) { // InvalidKeyException from init: a key of a length AES does not take
            throw new IllegalArgumentException("AES key rejected: " + e, e);
        }
    }

    @Override
    public void start(long hi, long lo) {
        Bytes.putLong(counter, 0, hi);
        Bytes.putLong(counter, 8, lo);
        try {
            SET_USED.invokeExact(mode, BLOCK); // the cached keystream block is used up: next byte encrypts counter
        } catch (Throwable e) {
            throw new IllegalStateException("JDK counter mode failed", e);
        }
    }

    @Override
    public void apply(byte[] b, int off, int len) {
        Objects.checkFromIndexSize(off, len, b.length); // the stub itself does not check
        if (len == 0) {
            return;
        }
        try {
            int ignored = (int) CRYPT.invokeExact(mode, b, off, len, b, off);
        } catch (Throwable e) {
            throw new IllegalStateException("JDK counter mode failed", e);
        }
    }
}
