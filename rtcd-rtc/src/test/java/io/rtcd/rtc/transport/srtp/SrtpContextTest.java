package io.rtcd.rtc.transport.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtcd.rtc.transport.DropReason;
import io.rtcd.rtc.transport.TransportCounters;
import io.rtcd.rtc.transport.udp.UdpBuffer;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SrtpContextTest {
    private static SrtpKeys[] pair(SrtpProfile profile) {
        byte[] material = new byte[profile.exportLength()];
        new Random(7).nextBytes(material);
        return new SrtpKeys[] {SrtpKeys.split(profile, material, true), SrtpKeys.split(profile, material, false)};
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void rtpRoundTripsReplayAndTamperAreCountedDrops(SrtpProfile profile) {
        TransportCounters counters = new TransportCounters();
        SrtpKeys[] keys = pair(profile);
        try (SrtpContext client = new SrtpContext(keys[0], counters);
                SrtpContext server = new SrtpContext(keys[1], counters)) {
            byte[] plain = SrtpContextTestData.rtp(1, 0x11223344, 160);
            UdpBuffer buf = UdpBuffer.unpooled(32, 256).fill(plain, 0, plain.length);
            assertTrue(client.protectRtp(buf));
            assertEquals(plain.length + profile.rtpTagLength(), buf.getLength());
            byte[] wire = buf.toArray();

            assertTrue(server.unprotectRtp(buf));
            assertArrayEquals(plain, buf.toArray());

            UdpBuffer replay = UdpBuffer.unpooled(32, 256).fill(wire, 0, wire.length);
            assertFalse(server.unprotectRtp(replay));
            assertEquals(1, counters.drops(DropReason.SRTP_REPLAY));

            byte[] plain2 = SrtpContextTestData.rtp(2, 0x11223344, 160);
            UdpBuffer second = UdpBuffer.unpooled(32, 256).fill(plain2, 0, plain2.length);
            assertTrue(client.protectRtp(second));
            second.getBuffer()[second.getOffset() + 20] ^= 1;
            assertFalse(server.unprotectRtp(second));
            assertEquals(1, counters.drops(DropReason.SRTP_AUTH_FAIL));

            // server -> client direction uses the other key pair
            byte[] down = SrtpContextTestData.rtp(9, 0x55667788, 1000);
            UdpBuffer d = UdpBuffer.unpooled(32, 1100).fill(down, 0, down.length);
            assertTrue(server.protectRtp(d));
            assertTrue(client.unprotectRtp(d));
            assertArrayEquals(down, d.toArray());
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void rtcpRoundTripsAndReplayIsDropped(SrtpProfile profile) {
        TransportCounters counters = new TransportCounters();
        SrtpKeys[] keys = pair(profile);
        try (SrtpContext client = new SrtpContext(keys[0], counters);
                SrtpContext server = new SrtpContext(keys[1], counters)) {
            byte[] plain = SrtpContextTestData.rtcpReceiverReport(0x0A0B0C0D);
            UdpBuffer buf = UdpBuffer.unpooled(32, 128).fill(plain, 0, plain.length);
            assertTrue(client.protectRtcp(buf));
            assertEquals(plain.length + profile.rtcpOverhead(), buf.getLength());
            byte[] wire = buf.toArray();
            assertTrue(server.unprotectRtcp(buf));
            assertArrayEquals(plain, buf.toArray());
            assertFalse(server.unprotectRtcp(UdpBuffer.unpooled(32, 128).fill(wire, 0, wire.length)));
            assertEquals(1, counters.drops(DropReason.SRTCP_REPLAY));
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void forgedSsrcDoesNotCreateContextAndTruncatedIsDropped(SrtpProfile profile) {
        TransportCounters counters = new TransportCounters();
        SrtpKeys[] keys = pair(profile);
        try (SrtpContext server = new SrtpContext(keys[1], counters)) {
            byte[] junk = SrtpContextTestData.rtp(5, 0x01020304, 100);
            assertFalse(server.unprotectRtp(UdpBuffer.unpooled(32, 256).fill(junk, 0, junk.length)));
            assertEquals(1, counters.drops(DropReason.SRTP_AUTH_FAIL));
            assertFalse(server.unprotectRtp(UdpBuffer.unpooled(32, 256).fill(junk, 0, 11)));
            assertEquals(1, counters.drops(DropReason.TRUNCATED));
        }
    }
}
