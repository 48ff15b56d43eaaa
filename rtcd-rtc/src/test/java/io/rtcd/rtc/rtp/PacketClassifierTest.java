package io.rtcd.rtc.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PacketClassifierTest {

    private static PacketKind kind(int first, int second) {
        return PacketClassifier.classify(new byte[] {(byte) first, (byte) second}, 0, 2);
    }

    @Test
    void firstByteRangesOfRfc7983() {
        for (int b = 0; b <= 3; b++) {
            assertEquals(PacketKind.STUN, kind(b, 1));
        }
        for (int b = 16; b <= 19; b++) {
            assertEquals(PacketKind.ZRTP, kind(b, 0));
        }
        for (int b = 20; b <= 63; b++) {
            assertEquals(PacketKind.DTLS, kind(b, 0xfe));
        }
        for (int b = 64; b <= 79; b++) {
            assertEquals(PacketKind.TURN_CHANNEL, kind(b, 0));
        }
        for (int b : new int[] {4, 15, 80, 127, 192, 255}) {
            assertEquals(PacketKind.UNKNOWN, kind(b, 0));
        }
    }

    @Test
    void rtcpByPacketTypeOfRfc5761() {
        for (int pt = 192; pt <= 223; pt++) {
            assertEquals(PacketKind.RTCP, kind(0x80, pt));
        }
        assertEquals(PacketKind.RTP, kind(0x80, 111));
        assertEquals(PacketKind.RTP, kind(0x80, 0x80 | 96), "VP8 with marker");
        assertEquals(PacketKind.RTP, kind(0x90, 191));
        assertEquals(PacketKind.RTP, kind(0xbf, 224));
    }

    @Test
    void goldenDatagrams() {
        byte[] stun = Hex.bytes("0001 0000 2112a442 000000000000000000000000");
        assertEquals(PacketKind.STUN, PacketClassifier.classify(stun, 0, stun.length));
        byte[] dtls = Hex.bytes("16 fefd 0000 000000000000 0010");
        assertEquals(PacketKind.DTLS, PacketClassifier.classify(dtls, 0, dtls.length));
        byte[] rtp = Hex.bytes(RtpHeaderTest.OPUS);
        assertEquals(PacketKind.RTP, PacketClassifier.classify(PacketBuffer.copyOf(rtp, 0, rtp.length)));
        byte[] rtcp = Hex.bytes(RtcpTest.RR_PLI);
        assertEquals(PacketKind.RTCP, PacketClassifier.classify(rtcp, 0, rtcp.length));
    }

    @Test
    void shortInput() {
        assertEquals(PacketKind.UNKNOWN, PacketClassifier.classify(new byte[0], 0, 0));
        assertEquals(PacketKind.UNKNOWN, PacketClassifier.classify(new byte[] {(byte) 0x80}, 0, 1));
        assertEquals(PacketKind.STUN, PacketClassifier.classify(new byte[] {0}, 0, 1));
    }
}
