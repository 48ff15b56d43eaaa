package io.rtcd.rtc.rtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Arrays;
import org.jitsi.srtp.SrtcpCryptoContext;
import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpCryptoContext;
import org.jitsi.srtp.SrtpErrorStatus;
import org.jitsi.srtp.SrtpPolicy;
import org.jitsi.utils.logging2.LoggerImpl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** jitsi-srtp protects and unprotects a pooled {@link PacketBuffer} in place, without reallocating its array. */
class PacketBufferSrtpTest {
    private static final int SSRC = 0x11223344;
    private final TrackingBufferPool pool = new TrackingBufferPool();

    @AfterEach
    void noLeaks() {
        pool.assertNoLeaks();
    }

    private static SrtpPolicy cm80() {
        return new SrtpPolicy(SrtpPolicy.AESCM_ENCRYPTION, 16, SrtpPolicy.HMACSHA1_AUTHENTICATION, 20, 10, 14);
    }

    private static SrtpPolicy gcm() {
        return new SrtpPolicy(SrtpPolicy.AESGCM_ENCRYPTION, 16, SrtpPolicy.NULL_AUTHENTICATION, 0, 16, 12);
    }

    private static SrtpContextFactory factory(boolean sender, SrtpPolicy policy) {
        byte[] key = new byte[16];
        Arrays.fill(key, (byte) 7);
        byte[] salt = new byte[policy.getSaltKeyLength()];
        Arrays.fill(salt, (byte) 3);
        return new SrtpContextFactory(sender, key, salt, policy, policy, new LoggerImpl("srtp-test"));
    }

    private PacketBuffer fullSizeRtp() {
        byte[] packet = new byte[PacketBuffer.MAX_PACKET - 16];
        byte[] header = Hex.bytes("8060 0001 00000000 11223344");
        System.arraycopy(header, 0, packet, 0, header.length);
        for (int i = header.length; i < packet.length; i++) {
            packet[i] = (byte) i;
        }
        PacketBuffer p = pool.acquire();
        p.put(packet, 0, packet.length);
        return p;
    }

    private void roundTripRtp(SrtpPolicy policy, int tag) throws Exception {
        SrtpContextFactory tx = factory(true, policy);
        SrtpContextFactory rx = factory(false, policy);
        try {
            SrtpCryptoContext send = tx.deriveContext(SSRC, 0);
            SrtpCryptoContext receive = rx.deriveContext(SSRC, 0);
            PacketBuffer p = fullSizeRtp();
            byte[] clear = Arrays.copyOfRange(p.getBuffer(), p.getOffset(), p.getOffset() + p.getLength());
            byte[] array = p.getBuffer();
            assertEquals(SrtpErrorStatus.OK, send.transformPacket(p));
            assertSame(array, p.getBuffer(), "the tag fit the tailroom");
            assertEquals(clear.length + tag, p.getLength());
            assertEquals(SrtpErrorStatus.OK, receive.reverseTransformPacket(p, false));
            assertSame(array, p.getBuffer());
            assertArrayEquals(clear, Arrays.copyOfRange(array, p.getOffset(), p.getOffset() + p.getLength()));
            p.release();
        } finally {
            tx.close();
            rx.close();
        }
    }

    @Test
    void srtpAesCmHmacSha1x80InPlace() throws Exception {
        roundTripRtp(cm80(), 10);
    }

    @Test
    void srtpAeadAesGcmInPlace() throws Exception {
        roundTripRtp(gcm(), 16);
    }

    @Test
    void srtcpInPlace() throws Exception {
        SrtpContextFactory tx = factory(true, cm80());
        SrtpContextFactory rx = factory(false, cm80());
        try {
            SrtcpCryptoContext send = tx.deriveControlContext(SSRC);
            SrtcpCryptoContext receive = rx.deriveControlContext(SSRC);
            PacketBuffer p = pool.acquire();
            int rr = RtcpWriter.writeRr(p, SSRC & 0xFFFF_FFFFL);
            RtcpWriter.appendReportBlock(p, rr, 5, 0, 0, 100, 0, 0, 0);
            RtcpWriter.writePli(p, SSRC & 0xFFFF_FFFFL, 5);
            String clear = Hex.of(p);
            byte[] array = p.getBuffer();
            assertEquals(SrtpErrorStatus.OK, send.transformPacket(p));
            assertSame(array, p.getBuffer());
            assertEquals(clear.length() / 2 + 4 + 10, p.getLength(), "E|index word and tag");
            assertEquals(SrtpErrorStatus.OK, receive.reverseTransformPacket(p));
            assertEquals(clear, Hex.of(p));
            p.release();
        } finally {
            tx.close();
            rx.close();
        }
    }
}
