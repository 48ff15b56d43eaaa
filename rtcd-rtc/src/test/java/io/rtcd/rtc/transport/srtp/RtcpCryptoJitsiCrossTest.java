package io.rtcd.rtc.transport.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtcd.rtc.transport.udp.UdpBuffer;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.jitsi.srtp.SrtcpCryptoContext;
import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpErrorStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Our SRTCP transform ({@link RtcpCrypto}) against jitsi-srtp's {@code SrtcpCryptoContext} (the reference it
 * replaced) both ways, on random compound-RTCP-sized packets: identical bytes from the sender, each side opens the
 * other's, then a reordered, duplicated and forged receive walk with identical verdicts (replay window over the SRTCP
 * index). GCM and AES-CM, each on the JDK intrinsics and on the forced fallback.
 */
class RtcpCryptoJitsiCrossTest {
    private static final int SSRC = 0x1234ABCD;

    enum Variant {
        GCM_INTRINSICS(SrtpProfile.AEAD_AES_128_GCM, true),
        GCM_FALLBACK(SrtpProfile.AEAD_AES_128_GCM, false),
        AES_CM_INTRINSICS(SrtpProfile.AES128_CM_HMAC_SHA1_80, true),
        AES_CM_FALLBACK(SrtpProfile.AES128_CM_HMAC_SHA1_80, false);

        final SrtpProfile profile;
        final boolean intrinsics;

        Variant(SrtpProfile profile, boolean intrinsics) {
            this.profile = profile;
            this.intrinsics = intrinsics;
        }
    }

    private static SrtpContextFactory jitsi(SrtpProfile profile, boolean sender, byte[] key, byte[] salt) {
        SrtpEngine.initialize();
        return new SrtpContextFactory(
                sender,
                key,
                salt,
                profile.newRtpPolicy(),
                profile.newRtcpPolicy(),
                SrtpEngine.quietLogger(sender ? "test-tx" : "test-rx"));
    }

    private static RtcpCrypto ours(Variant v, byte[] key, byte[] salt) {
        SessionKeys k = SessionKeys.deriveRtcp(v.profile, key, salt);
        GcmKey g = v.profile == SrtpProfile.AEAD_AES_128_GCM ? GcmKey.of(k.encryptionKey, v.intrinsics) : null;
        if (g != null) {
            assertEquals(v.intrinsics && IntrinsicGhash.AVAILABLE, g.intrinsicGhash(), "GHASH path");
        }
        return new RtcpCrypto(k, g, v.intrinsics);
    }

    private static byte[] randomRtcp(Random r) {
        int words = r.nextInt(8) == 0 ? r.nextInt(300) : r.nextInt(20);
        byte[] p = new byte[8 + 4 * words];
        r.nextBytes(p);
        p[0] = (byte) (0x80 | (p[0] & 0x1F));
        p[1] = (byte) 201;
        p[4] = (byte) (SSRC >>> 24);
        p[5] = (byte) (SSRC >>> 16);
        p[6] = (byte) (SSRC >>> 8);
        p[7] = (byte) SSRC;
        return p;
    }

    private static int status(SrtpErrorStatus s) {
        return switch (s) {
            case OK -> 0;
            case AUTH_FAIL -> RtpCrypto.AUTH_FAIL;
            case REPLAY_FAIL -> RtpCrypto.REPLAY_FAIL;
            case REPLAY_OLD -> RtpCrypto.REPLAY_OLD;
            default -> RtpCrypto.INVALID;
        };
    }

    private static byte[][] keyAndSalt(SrtpProfile profile, long seed) {
        Random r = new Random(seed);
        byte[] key = new byte[profile.keyLength()];
        byte[] salt = new byte[profile.saltLength()];
        r.nextBytes(key);
        r.nextBytes(salt);
        return new byte[][] {key, salt};
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void protectIsByteIdenticalAndEachSideOpensTheOther(Variant v) throws GeneralSecurityException {
        byte[][] ks = keyAndSalt(v.profile, v.ordinal() * 31L + 5);
        int overhead = v.profile.rtcpOverhead();
        Random r = new Random(v.ordinal());
        SrtpContextFactory jtx = jitsi(v.profile, true, ks[0], ks[1]);
        SrtpContextFactory jrx = jitsi(v.profile, false, ks[0], ks[1]);
        try {
            SrtcpCryptoContext jitsiSender = jtx.deriveControlContext(SSRC);
            SrtcpCryptoContext jitsiReceiver = jrx.deriveControlContext(SSRC);
            RtcpCrypto ourSender = ours(v, ks[0], ks[1]);
            RtcpCrypto ourReceiver = ours(v, ks[0], ks[1]);
            assertEquals(overhead, ourSender.overhead());
            for (int i = 0; i < 300; i++) {
                byte[] plain = randomRtcp(r);
                UdpBuffer viaJitsi = UdpBuffer.unpooled(16, plain.length + 64).fill(plain, 0, plain.length);
                assertEquals(SrtpErrorStatus.OK, jitsiSender.transformPacket(viaJitsi));
                byte[] mine = Arrays.copyOf(plain, plain.length + overhead);
                assertEquals(plain.length + overhead, ourSender.protect(mine, 0, plain.length), "packet " + i);
                assertArrayEquals(viaJitsi.toArray(), mine, "packet " + i);

                UdpBuffer in = UdpBuffer.unpooled(16, mine.length + 64).fill(mine, 0, mine.length);
                assertEquals(SrtpErrorStatus.OK, jitsiReceiver.reverseTransformPacket(in), "packet " + i);
                assertArrayEquals(plain, in.toArray());
                byte[] fromJitsi = viaJitsi.toArray();
                assertEquals(plain.length, ourReceiver.unprotect(fromJitsi, 0, fromJitsi.length), "packet " + i);
                assertArrayEquals(plain, Arrays.copyOf(fromJitsi, plain.length));
            }
        } finally {
            jtx.close();
            jrx.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void replayVerdictsMatchJitsiOnReorderedDuplicatedAndForgedPackets(Variant v) throws GeneralSecurityException {
        byte[][] ks = keyAndSalt(v.profile, v.ordinal() * 17L + 1);
        int overhead = v.profile.rtcpOverhead();
        Random r = new Random(v.ordinal() + 99);
        RtcpCrypto sender = ours(v, ks[0], ks[1]);
        List<byte[]> wires = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            byte[] plain = randomRtcp(r);
            byte[] w = Arrays.copyOf(plain, plain.length + overhead);
            sender.protect(w, 0, plain.length);
            wires.add(w);
        }
        SrtpContextFactory jrx = jitsi(v.profile, false, ks[0], ks[1]);
        try {
            SrtcpCryptoContext jitsiReceiver = jrx.deriveControlContext(SSRC);
            RtcpCrypto ourReceiver = ours(v, ks[0], ks[1]);
            int[] verdicts = new int[5];
            for (int step = 0; step < 2500; step++) {
                int pick = Math.min(wires.size() - 1, Math.max(0, step / 5 + r.nextInt(140) - 100));
                byte[] w = wires.get(pick).clone();
                if (r.nextInt(20) == 0) {
                    w[8 + r.nextInt(w.length - 12)] ^= (byte) (1 + r.nextInt(255)); // forged (not the index)
                }
                UdpBuffer in = UdpBuffer.unpooled(16, w.length + 64).fill(w, 0, w.length);
                int expected = status(jitsiReceiver.reverseTransformPacket(in));
                int actual = ourReceiver.unprotect(w, 0, w.length);
                assertEquals(expected, Math.min(actual, 0), "step " + step + " packet " + pick);
                if (actual >= 0) {
                    assertArrayEquals(in.toArray(), Arrays.copyOf(w, actual), "step " + step);
                }
                verdicts[-Math.min(actual, 0)]++;
            }
            assertTrue(
                    verdicts[0] > 0 && verdicts[1] > 0 && verdicts[2] > 0 && verdicts[3] > 0,
                    Arrays.toString(verdicts));
        } finally {
            jrx.close();
        }
    }

    /**
     * RFC 7714 §9.2 with E = 0: the whole packet and E||index are AAD, nothing is encrypted. The reference tag comes
     * from the JDK's {@code AES/GCM} with the §9.1 IV; a tampered payload fails and leaves the packet as received.
     */
    @Test
    void gcmUnencryptedPacketMatchesTheJdkGcm() throws GeneralSecurityException {
        byte[][] ks = keyAndSalt(SrtpProfile.AEAD_AES_128_GCM, 3);
        SessionKeys k = SessionKeys.deriveRtcp(SrtpProfile.AEAD_AES_128_GCM, ks[0], ks[1]);
        byte[] plain = randomRtcp(new Random(4));
        int index = 0x01020304;
        byte[] iv = new byte[12];
        iv[2] = (byte) (SSRC >>> 24);
        iv[3] = (byte) (SSRC >>> 16);
        iv[4] = (byte) (SSRC >>> 8);
        iv[5] = (byte) SSRC;
        Bytes.putInt(iv, 8, index);
        for (int i = 0; i < 12; i++) {
            iv[i] ^= k.salt[i];
        }
        byte[] aad = Arrays.copyOf(plain, plain.length + 4);
        Bytes.putInt(aad, plain.length, index); // E = 0
        javax.crypto.Cipher jdk = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
        jdk.init(
                javax.crypto.Cipher.ENCRYPT_MODE,
                new javax.crypto.spec.SecretKeySpec(k.encryptionKey, "AES"),
                new javax.crypto.spec.GCMParameterSpec(128, iv));
        jdk.updateAAD(aad);
        byte[] tag = jdk.doFinal();
        byte[] wire = new byte[plain.length + 20];
        System.arraycopy(plain, 0, wire, 0, plain.length);
        System.arraycopy(tag, 0, wire, plain.length, 16);
        Bytes.putInt(wire, plain.length + 16, index);

        RtcpCrypto rx = new RtcpCrypto(k, GcmKey.of(k.encryptionKey), true);
        byte[] tampered = wire.clone();
        tampered[9] ^= 1;
        byte[] asReceived = tampered.clone();
        assertEquals(RtpCrypto.AUTH_FAIL, rx.unprotect(tampered, 0, tampered.length));
        assertArrayEquals(asReceived, tampered);
        assertEquals(plain.length, rx.unprotect(wire, 0, wire.length));
        assertArrayEquals(plain, Arrays.copyOf(wire, plain.length));
    }
}
