package io.rtcd.rtc.transport.srtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link IntrinsicGhash} (SunJCE's GHASH stub) against the pure-Java {@link Ghash} on random keys and messages. The
 * loop runs long enough for C2 to compile the caller with the intrinsic (so the stub, not the JDK's Java fallback of
 * the same method, is what is compared), with AAD and ciphertext lengths that cross the 8-block aggregation of the
 * stub and the 512-byte gathering buffer, and ciphertext fed in pieces as {@link AesGcmRtpCrypto} feeds it.
 */
class IntrinsicGhashTest {
    private static void hash(GcmHash g, byte[] aad, byte[] text, int piece) {
        g.reset();
        g.update(aad, 0, aad.length);
        for (int p = 0; p < text.length; p += piece) {
            g.update(text, p, Math.min(piece, text.length - p));
        }
        g.lengths(aad.length, text.length);
    }

    @Test
    void matchesTheJavaGhashOnRandomInputs() {
        assertTrue(IntrinsicGhash.AVAILABLE, "JDK GHASH not reachable: --add-opens missing from the test JVM?");
        Random r = new Random(7714);
        long deadline = System.nanoTime() + 20_000_000_000L;
        int checked = 0;
        for (int key = 0; key < 8; key++) {
            byte[] h = new byte[16];
            r.nextBytes(h);
            IntrinsicGhash fast = new IntrinsicGhash(Bytes.getLong(h, 0), Bytes.getLong(h, 8));
            Ghash reference = new Ghash(Ghash.tables(h));
            for (int i = 0; i < 4000 && System.nanoTime() < deadline; i++) {
                byte[] aad = new byte[r.nextInt(16) == 0 ? r.nextInt(700) : 12 + 4 * r.nextInt(8)];
                byte[] text = new byte[r.nextInt(4) == 0 ? r.nextInt(1500) : r.nextInt(200)];
                r.nextBytes(aad);
                r.nextBytes(text);
                int piece = 16 * (1 + r.nextInt(40));
                hash(fast, aad, text, piece);
                hash(reference, aad, text, piece);
                assertEquals(reference.high(), fast.high(), "key " + key + " message " + i);
                assertEquals(reference.low(), fast.low(), "key " + key + " message " + i);
                checked++;
            }
        }
        assertTrue(checked >= 10_000, "only " + checked + " messages compared before the time bound");
    }

    @Test
    void gcmTestCase4HashMatchesSp80038dAppendix() {
        // McGrew-Viega GCM spec test case 4 (AES-128): H, A (20 B), C (60 B), GHASH(H, A, C)
        HexFormat hex = HexFormat.of();
        byte[] h = hex.parseHex("b83b533708bf535d0aa6e52980d53b78");
        byte[] aad = hex.parseHex("feedfacedeadbeeffeedfacedeadbeefabaddad2");
        byte[] text = hex.parseHex("42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e"
                + "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091");
        IntrinsicGhash fast = new IntrinsicGhash(Bytes.getLong(h, 0), Bytes.getLong(h, 8));
        hash(fast, aad, text, 16);
        byte[] s = new byte[16];
        Bytes.putLong(s, 0, fast.high());
        Bytes.putLong(s, 8, fast.low());
        assertEquals("698e57f70e6ecc7fd9463b7260a9ae5f", hex.formatHex(s));
    }
}
