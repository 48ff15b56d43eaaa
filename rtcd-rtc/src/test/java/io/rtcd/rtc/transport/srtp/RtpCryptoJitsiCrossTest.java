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
import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpCryptoContext;
import org.jitsi.srtp.SrtpErrorStatus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Our RTP transforms against jitsi-srtp (the reference) both ways, on random packets (random CSRC counts, header
 * extensions, payload sizes 0..1200) through a sequence-number wrap (ROC 0 -> 1), then a reordered, duplicated and
 * stale receive order that exercises the RFC 3711 §3.3.2 replay window: identical bytes and identical verdicts. GCM
 * runs on both paths: the JDK intrinsics ({@link IntrinsicCtr}, {@link IntrinsicGhash}) and the forced fallback
 * ({@link EcbCtr}, {@link Ghash}).
 */
class RtpCryptoJitsiCrossTest {
    private static final int SSRC = 0x5501A0B2;

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

    /** The transforms under test: GCM and AES-CM, each on the JDK intrinsics and on the forced fallback. */
    enum Variant {
        GCM_INTRINSICS(SrtpProfile.AEAD_AES_128_GCM),
        GCM_FALLBACK(SrtpProfile.AEAD_AES_128_GCM),
        AES_CM_INTRINSICS(SrtpProfile.AES128_CM_HMAC_SHA1_80),
        AES_CM_FALLBACK(SrtpProfile.AES128_CM_HMAC_SHA1_80);

        final SrtpProfile profile;

        Variant(SrtpProfile profile) {
            this.profile = profile;
        }
    }

    private static RtpCrypto ours(Variant variant, byte[] key, byte[] salt) {
        SessionKeys k = SessionKeys.deriveRtp(variant.profile, key, salt);
        return switch (variant) {
            case GCM_INTRINSICS, GCM_FALLBACK -> {
                boolean intrinsics = variant == Variant.GCM_INTRINSICS;
                GcmKey h = GcmKey.of(k.encryptionKey, intrinsics);
                assertEquals(intrinsics, h.intrinsicGhash(), "GHASH path");
                assertEquals(intrinsics, h.intrinsicCtr(), "counter-mode path");
                yield new AesGcmRtpCrypto(k.encryptionKey, k.salt, h);
            }
            case AES_CM_INTRINSICS, AES_CM_FALLBACK ->
                new AesCmRtpCrypto(k.encryptionKey, k.salt, k.authKey, variant == Variant.AES_CM_INTRINSICS);
        };
    }

    private static byte[] randomRtp(Random r, int seq) {
        int cc = r.nextInt(4) == 0 ? r.nextInt(3) : 0;
        boolean ext = r.nextBoolean();
        int extWords = ext ? r.nextInt(4) : 0;
        int payload = r.nextInt(8) == 0 ? r.nextInt(1201) : 20 + r.nextInt(140);
        byte[] p = new byte[12 + 4 * cc + (ext ? 4 + 4 * extWords : 0) + payload];
        r.nextBytes(p);
        p[0] = (byte) (0x80 | (ext ? 0x10 : 0) | cc);
        p[2] = (byte) (seq >>> 8);
        p[3] = (byte) seq;
        p[8] = (byte) (SSRC >>> 24);
        p[9] = (byte) (SSRC >>> 16);
        p[10] = (byte) (SSRC >>> 8);
        p[11] = (byte) SSRC;
        if (ext) {
            int at = 12 + 4 * cc;
            p[at + 2] = 0;
            p[at + 3] = (byte) extWords;
        }
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

    @ParameterizedTest
    @EnumSource(Variant.class)
    void protectIsByteIdenticalAndEachSideOpensTheOther(Variant variant) throws GeneralSecurityException {
        SrtpProfile profile = variant.profile;
        Random r = new Random(profile.ordinal() * 1000L + 17);
        byte[] key = new byte[profile.keyLength()];
        byte[] salt = new byte[profile.saltLength()];
        r.nextBytes(key);
        r.nextBytes(salt);
        int tag = profile.rtpTagLength();
        SrtpContextFactory jtx = jitsi(profile, true, key, salt);
        SrtpContextFactory jrx = jitsi(profile, false, key, salt);
        try {
            SrtpCryptoContext jitsiSender = jtx.deriveContext(SSRC, 0);
            SrtpCryptoContext jitsiReceiver = jrx.deriveContext(SSRC, 0);
            RtpCrypto ourSender = ours(variant, key, salt);
            RtpCrypto ourReceiver = ours(variant, key, salt);
            List<byte[]> plains = new ArrayList<>();
            List<byte[]> wires = new ArrayList<>();
            int seq = 65_536 - 150;
            for (int i = 0; i < 400; i++, seq = (seq + 1) & 0xFFFF) {
                byte[] plain = randomRtp(r, seq);
                UdpBuffer viaJitsi = UdpBuffer.unpooled(16, plain.length + 64).fill(plain, 0, plain.length);
                assertEquals(SrtpErrorStatus.OK, jitsiSender.transformPacket(viaJitsi));
                byte[] mine = Arrays.copyOf(plain, plain.length + tag);
                assertEquals(plain.length + tag, ourSender.protect(mine, 0, plain.length), "packet " + i);
                assertArrayEquals(viaJitsi.toArray(), mine, "packet " + i);

                // ours -> jitsi
                UdpBuffer in = UdpBuffer.unpooled(16, mine.length + 64).fill(mine, 0, mine.length);
                assertEquals(SrtpErrorStatus.OK, jitsiReceiver.reverseTransformPacket(in, false));
                assertArrayEquals(plain, in.toArray());
                // jitsi -> ours
                byte[] fromJitsi = viaJitsi.toArray();
                assertEquals(plain.length, ourReceiver.unprotect(fromJitsi, 0, fromJitsi.length));
                assertArrayEquals(plain, Arrays.copyOf(fromJitsi, plain.length));
                plains.add(plain);
                wires.add(mine);
            }
            assertEquals(1, ourSender.roc());
            assertEquals(1, ourReceiver.roc());
            assertTrue(wires.size() == plains.size());
        } finally {
            jtx.close();
            jrx.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void replayWindowVerdictsMatchJitsiOnReorderedDuplicatedAndForgedPackets(Variant variant)
            throws GeneralSecurityException {
        SrtpProfile profile = variant.profile;
        Random r = new Random(profile.ordinal() * 7L + 3);
        byte[] key = new byte[profile.keyLength()];
        byte[] salt = new byte[profile.saltLength()];
        r.nextBytes(key);
        r.nextBytes(salt);
        int tag = profile.rtpTagLength();
        List<byte[]> wires = new ArrayList<>();
        RtpCrypto sender = ours(variant, key, salt);
        int seq = 65_536 - 300;
        for (int i = 0; i < 600; i++, seq = (seq + 1) & 0xFFFF) {
            byte[] plain = randomRtp(r, seq);
            byte[] w = Arrays.copyOf(plain, plain.length + tag);
            sender.protect(w, 0, plain.length);
            wires.add(w);
        }
        SrtpContextFactory jrx = jitsi(profile, false, key, salt);
        try {
            SrtpCryptoContext jitsiReceiver = jrx.deriveContext(SSRC, 0);
            RtpCrypto ourReceiver = ours(variant, key, salt);
            int[] verdicts = new int[5];
            for (int step = 0; step < 3000; step++) {
                int pick = Math.min(wires.size() - 1, Math.max(0, step / 5 + r.nextInt(140) - 100));
                byte[] w = wires.get(pick).clone();
                if (r.nextInt(20) == 0) {
                    w[12 + r.nextInt(w.length - 12)] ^= (byte) (1 + r.nextInt(255)); // forged
                }
                UdpBuffer in = UdpBuffer.unpooled(16, w.length + 64).fill(w, 0, w.length);
                int expected = status(jitsiReceiver.reverseTransformPacket(in, false));
                int actual = ourReceiver.unprotect(w, 0, w.length);
                assertEquals(expected, Math.min(actual, 0), "step " + step + " packet " + pick);
                if (actual >= 0) {
                    assertArrayEquals(in.toArray(), Arrays.copyOf(w, actual), "step " + step);
                }
                verdicts[-Math.min(actual, 0)]++;
            }
            // the walk must have exercised every verdict
            assertTrue(
                    verdicts[0] > 0 && verdicts[1] > 0 && verdicts[2] > 0 && verdicts[3] > 0,
                    Arrays.toString(verdicts));
        } finally {
            jrx.close();
        }
    }
}
