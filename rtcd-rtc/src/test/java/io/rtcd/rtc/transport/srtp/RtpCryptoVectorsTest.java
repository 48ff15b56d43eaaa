package io.rtcd.rtc.transport.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Published test vectors: RFC 3711 Appendix B.2/B.3 (AES-CM, key derivation) and RFC 7714 §16.1.1 (AES-GCM), the GCM
 * ones on both paths (the JDK intrinsics and the pure-Java/ECB fallback).
 */
class RtpCryptoVectorsTest {
    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    @Test
    void keyDerivationMatchesRfc3711AppendixB3() {
        byte[] masterKey = hex("E1F97A0D3E018BE0D64FA32C06DE4139");
        byte[] masterSalt = hex("0EC675AD498AFEEBB6960B3AABE6");
        assertArrayEquals(hex("C61E7A93744F39EE10734AFE3FF7A087"), SessionKeys.prf(masterKey, masterSalt, 0, 16));
        assertArrayEquals(
                hex("CEBE321F6FF7716B6FD4AB49AF256A156D38BAA4"), SessionKeys.prf(masterKey, masterSalt, 1, 20));
        assertArrayEquals(hex("30CBBC08863D8C85D49DB34A9AE1"), SessionKeys.prf(masterKey, masterSalt, 2, 14));
    }

    @Test
    void aesCmKeystreamMatchesRfc3711AppendixB2() {
        KeystreamGenerator g = new KeystreamGenerator(hex("2B7E151628AED2A6ABF7158809CF4F3C"));
        long hi = 0xF0F1F2F3F4F5F6F7L;
        long lo = 0xF8F9FAFBFCFD0000L;
        g.generate(hi, lo, 0, 3);
        assertArrayEquals(
                hex("E03EAD0935C95E80E166B16DD92B4EB4 D23513162B02D0F72A43A2FE4A5F97AB"
                        + " 41E95B3BB0A2E8DD477901E4FCA894C0"),
                Arrays.copyOf(g.stream, 48));
        g.generate(hi, lo, 0xFEFF, 3);
        assertArrayEquals(
                hex("EC8CDF7398607CB0F2D21675EA9EA1E4 362B7C3C6773516318A077D7FC5073AE"
                        + " 6A2CC3787889374FBEB4C81B17BA6C44"),
                Arrays.copyOf(g.stream, 48));
    }

    @ParameterizedTest(name = "intrinsics {0}")
    @ValueSource(booleans = {true, false})
    void aesGcmRtpMatchesRfc7714Section16(boolean intrinsic) {
        byte[] key = hex("000102030405060708090a0b0c0d0e0f");
        byte[] salt = hex("517569642070726f2071756f");
        byte[] plain = hex("8040f17b 8041f8d3 5501a0b2 47616c6c 69612065 7374206f 6d6e6973 20646976"
                + " 69736120 696e2070 61727465 73207472 6573");
        byte[] wire = hex("8040f17b 8041f8d3 5501a0b2 f24de3a3 fb34de6c acba861c 9d7e4bca be633bd5"
                + " 0d294e6f 42a5f47a 51c7d19b 36de3adf 8833899d 7f27beb1 6a9152cf 765ee439 0cce");
        AesGcmRtpCrypto sender = new AesGcmRtpCrypto(key, salt, GcmKey.of(key, intrinsic));
        byte[] buf = Arrays.copyOf(plain, plain.length + 16);
        assertEquals(wire.length, sender.protect(buf, 0, plain.length));
        assertArrayEquals(wire, buf);

        AesGcmRtpCrypto receiver = new AesGcmRtpCrypto(key, salt, GcmKey.of(key, intrinsic));
        assertEquals(plain.length, receiver.unprotect(buf, 0, wire.length));
        assertArrayEquals(plain, Arrays.copyOf(buf, plain.length));
        byte[] again = wire.clone();
        assertEquals(RtpCrypto.REPLAY_FAIL, receiver.unprotect(again, 0, again.length));
    }

    @Test
    void theTestJvmReachesTheJdkIntrinsics() {
        // the surefire argLine opens com.sun.crypto.provider; without it every GCM test would only cover the fallback
        assertTrue(IntrinsicGhash.AVAILABLE, "JDK GHASH not reachable: --add-opens missing from the test JVM?");
        byte[] key = hex("000102030405060708090a0b0c0d0e0f");
        assertTrue(IntrinsicCtr.AVAILABLE, "JDK counter mode not reachable");
        assertTrue(GcmKey.of(key).intrinsicGhash());
        assertTrue(GcmKey.of(key).intrinsicCtr());
        assertFalse(GcmKey.of(key, false).intrinsicGhash());
        assertFalse(GcmKey.of(key, false).intrinsicCtr());
    }

    @ParameterizedTest(name = "intrinsics {0}")
    @ValueSource(booleans = {true, false})
    void gcmResendOfTheSamePacketIndexGivesTheSameBytes(boolean intrinsic) {
        byte[] key = hex("000102030405060708090a0b0c0d0e0f");
        byte[] salt = hex("517569642070726f2071756f");
        AesGcmRtpCrypto sender = new AesGcmRtpCrypto(key, salt, GcmKey.of(key, intrinsic));
        for (int payload : new int[] {0, 1, 100, 257, 500, 1200, 1400}) {
            byte[] plain = new byte[12 + payload];
            plain[0] = (byte) 0x80;
            plain[3] = (byte) payload;
            for (int i = 12; i < plain.length; i++) {
                plain[i] = (byte) (i * 13);
            }
            byte[] first = Arrays.copyOf(plain, plain.length + 16);
            byte[] again = Arrays.copyOf(plain, plain.length + 16);
            assertEquals(plain.length + 16, sender.protect(first, 0, plain.length));
            // a NACK answer re-protects the same index right away
            assertEquals(plain.length + 16, sender.protect(again, 0, plain.length));
            assertArrayEquals(first, again, "payload " + payload);
            AesGcmRtpCrypto receiver = new AesGcmRtpCrypto(key, salt, GcmKey.of(key, intrinsic));
            assertEquals(plain.length, receiver.unprotect(first, 0, first.length));
            assertArrayEquals(plain, Arrays.copyOf(first, plain.length));
            again[again.length - 1] ^= 1;
            AesGcmRtpCrypto other = new AesGcmRtpCrypto(key, salt, GcmKey.of(key, intrinsic));
            assertEquals(RtpCrypto.AUTH_FAIL, other.unprotect(again, 0, again.length), "tampered tag");
        }
    }

    @Test
    void headerLengthCountsCsrcsAndExtensionAndRejectsTruncation() {
        byte[] p = new byte[40];
        p[0] = (byte) 0x92; // V=2, X=1, CC=2
        p[12 + 8 + 3] = 2; // two extension words
        assertEquals(12 + 8 + 4 + 8, RtpCrypto.headerLength(p, 0, 40, 0));
        assertEquals(-1, RtpCrypto.headerLength(p, 0, 31, 0));
        assertEquals(-1, RtpCrypto.headerLength(p, 0, 40, 10));
    }
}
