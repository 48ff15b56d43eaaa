package io.rtcd.rtc.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PacketKindTest {
    @Test
    void classifiesEveryFirstByteByRfc7983() {
        for (int b = 0; b < 256; b++) {
            PacketKind expected;
            if (b <= 3) {
                expected = PacketKind.STUN;
            } else if (b >= 20 && b <= 63) {
                expected = PacketKind.DTLS;
            } else if (b >= 128 && b <= 191) {
                expected = PacketKind.RTP;
            } else {
                expected = PacketKind.GARBAGE; // includes ZRTP 16..19 and TURN channels 64..79
            }
            assertEquals(expected, PacketKind.classify((byte) b), "first byte " + b);
        }
    }

    @Test
    void tellsRtcpFromRtpBySecondByte() {
        assertTrue(PacketKind.isRtcp((byte) 200)); // SR
        assertTrue(PacketKind.isRtcp((byte) 201)); // RR
        assertTrue(PacketKind.isRtcp((byte) 205)); // RTPFB
        assertFalse(PacketKind.isRtcp((byte) 111)); // Opus, no marker
        assertFalse(PacketKind.isRtcp((byte) (0x80 | 96))); // VP8 with marker bit = 224
    }
}
