package io.rtcd.rtc.transport.srtp;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Big-endian reads/writes and XOR on byte arrays for the SRTP transforms; no allocation. */
final class Bytes {
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    private Bytes() {}

    static long getLong(byte[] b, int off) {
        return (long) LONG.get(b, off);
    }

    static void putLong(byte[] b, int off, long v) {
        LONG.set(b, off, v);
    }

    static int getInt(byte[] b, int off) {
        return (int) INT.get(b, off);
    }

    static void putInt(byte[] b, int off, int v) {
        INT.set(b, off, v);
    }

    static int getShort(byte[] b, int off) {
        return ((b[off] & 0xFF) << 8) | (b[off + 1] & 0xFF);
    }

    /** {@code b[off..off+n) ^= ks[ksOff..ksOff+n)}. */
    static void xor(byte[] b, int off, byte[] ks, int ksOff, int n) {
        int i = 0;
        for (; i + 8 <= n; i += 8) {
            putLong(b, off + i, getLong(b, off + i) ^ getLong(ks, ksOff + i));
        }
        for (; i < n; i++) {
            b[off + i] ^= ks[ksOff + i];
        }
    }

    /** Constant-time comparison of {@code n} bytes (no early exit on the first difference). */
    static boolean equal(byte[] a, int aOff, byte[] b, int bOff, int n) {
        int diff = 0;
        for (int i = 0; i < n; i++) {
            diff |= a[aOff + i] ^ b[bOff + i];
        }
        return diff == 0;
    }
}
