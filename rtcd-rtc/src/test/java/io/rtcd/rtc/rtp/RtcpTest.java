package io.rtcd.rtc.rtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RtcpTest {
    /** SR (RC=1) + SDES CNAME "rtcdtest": the compound a sender emits (RFC 3550 §6.1). */
    static final String SR_SDES = "81c8000c 11223344 e76a3c00 80000000 0001e240 00000064 00002710"
            + " 55667788 40fffffe 00010010 00000020 3c008000 00010000"
            + " 81ca0004 11223344 01087274 63647465 73740000";

    static final String RR_PLI = "80c90001 11223344 81ce0002 11223344 55667788";
    static final String FIR = "84ce0004 11223344 00000000 55667788 07000000";
    static final String NACK = "81cd0003 11223344 55667788 03e80005";
    static final String REMB = "8fce0005 11223344 00000000 52454d42 010a5b8d 55667788";
    static final String BYE = "81cb0001 11223344";

    private final TrackingBufferPool pool = new TrackingBufferPool();

    @AfterEach
    void noLeaks() {
        pool.assertNoLeaks();
    }

    private static DropReason check(String hex, boolean rsize) {
        byte[] b = Hex.bytes(hex);
        return RtcpValidator.validateCompound(b, 0, b.length, rsize);
    }

    @Test
    void parsesSenderReportAndSdes() {
        byte[] b = Hex.bytes(SR_SDES);
        assertEquals(DropReason.NONE, RtcpValidator.validateCompound(b, 0, b.length, false));
        RtcpCompoundIterator it = new RtcpCompoundIterator();
        it.reset(b, 0, b.length);
        assertTrue(it.next());
        assertEquals(RtcpHeader.SR, it.packetType());
        assertEquals(52, it.packetLength());
        int sr = it.packetOffset();
        assertEquals(0x11223344L, SenderReport.ssrc(b, sr));
        assertEquals(0xe76a3c0080000000L, SenderReport.ntpTimestamp(b, sr));
        assertEquals(0x3c008000L, SenderReport.compactNtp(b, sr));
        assertEquals(123456, SenderReport.rtpTimestamp(b, sr));
        assertEquals(100, SenderReport.packetCount(b, sr));
        assertEquals(10000, SenderReport.octetCount(b, sr));
        assertEquals(1, SenderReport.reportCount(b, sr));
        int block = SenderReport.blockOffset(sr, 0);
        assertEquals(0x55667788L, ReportBlock.ssrc(b, block));
        assertEquals(0x40, ReportBlock.fractionLost(b, block));
        assertEquals(-2, ReportBlock.cumulativeLost(b, block));
        assertEquals(0x00010010L, ReportBlock.highestSequence(b, block));
        assertEquals(32, ReportBlock.jitter(b, block));
        assertEquals(0x3c008000L, ReportBlock.lastSenderReport(b, block));
        assertEquals(65536, ReportBlock.delaySinceLastSenderReport(b, block));
        assertTrue(it.next());
        assertEquals(RtcpHeader.SDES, it.packetType());
        assertEquals("rtcdtest", Sdes.firstCname(b, it.packetOffset(), it.packetLength()));
        assertEquals(0x11223344L, Sdes.firstSsrc(b, it.packetOffset()));
        assertFalse(it.next());
    }

    @Test
    void writesSenderReportCompoundByteForByte() {
        PacketBuffer p = pool.acquire();
        int sr = RtcpWriter.writeSr(p, 0x11223344L, 0xe76a3c0080000000L, 123456, 100, 10000);
        RtcpWriter.appendReportBlock(p, sr, 0x55667788L, 0x40, -2, 0x00010010L, 32, 0x3c008000L, 65536);
        RtcpWriter.writeSdesCname(p, 0x11223344L, "rtcdtest".getBytes(StandardCharsets.US_ASCII));
        assertEquals(SR_SDES.replace(" ", ""), Hex.of(p));
        p.release();
    }

    @Test
    void parsesAndWritesReceiverReportWithPli() {
        byte[] b = Hex.bytes(RR_PLI);
        assertEquals(DropReason.NONE, RtcpValidator.validateCompound(b, 0, b.length, false));
        assertEquals(0, ReceiverReport.reportCount(b, 0));
        assertEquals(0x11223344L, ReceiverReport.ssrc(b, 0));
        assertTrue(RtcpFeedback.isPli(b, 8));
        assertEquals(0x55667788L, RtcpFeedback.mediaSsrc(b, 8));

        PacketBuffer p = pool.acquire();
        RtcpWriter.writeRr(p, 0x11223344L);
        RtcpWriter.writePli(p, 0x11223344L, 0x55667788L);
        assertEquals(RR_PLI.replace(" ", ""), Hex.of(p));
        p.release();
    }

    @Test
    void receiverReportBlocksAreAppended() {
        PacketBuffer p = pool.acquire();
        int rr = RtcpWriter.writeRr(p, 1);
        RtcpWriter.appendReportBlock(p, rr, 2, 0, 5, 7, 0, 0, 0);
        RtcpWriter.appendReportBlock(p, rr, 3, 0, -1, 9, 0, 0, 0);
        byte[] b = p.getBuffer();
        assertEquals(DropReason.NONE, RtcpValidator.validateCompound(b, p.getOffset(), p.getLength(), false));
        assertEquals(2, ReceiverReport.reportCount(b, rr));
        assertEquals(56, RtcpHeader.packetLength(b, rr));
        assertEquals(3, ReportBlock.ssrc(b, ReceiverReport.blockOffset(rr, 1)));
        assertEquals(-1, ReportBlock.cumulativeLost(b, ReceiverReport.blockOffset(rr, 1)));
        p.release();
    }

    @Test
    void firGoldenAndRewrite() {
        byte[] b = Hex.bytes(FIR);
        assertEquals(DropReason.NONE, RtcpValidator.validateCompound(b, 0, b.length, true));
        assertTrue(RtcpFeedback.isFir(b, 0));
        assertEquals(1, Fir.entryCount(b, 0, b.length));
        assertEquals(0x55667788L, Fir.ssrc(b, 0, 0));
        assertEquals(7, Fir.sequenceNumber(b, 0, 0));
        assertTrue(RtcpFeedback.setKeyframeRequestTarget(b, 0, b.length, 0xAABBCCDDL));
        assertEquals(0xAABBCCDDL, Fir.ssrc(b, 0, 0));
        assertEquals(0, RtcpFeedback.mediaSsrc(b, 0));

        PacketBuffer p = pool.acquire();
        RtcpWriter.writeFir(p, 0x11223344L, 0x55667788L, 7);
        assertEquals(FIR.replace(" ", ""), Hex.of(p));
        p.release();
    }

    @Test
    void pliRewriteTargetsMediaSsrc() {
        byte[] b = Hex.bytes(RR_PLI);
        assertTrue(RtcpFeedback.setKeyframeRequestTarget(b, 8, 12, 0x01020304L));
        assertEquals(0x01020304L, RtcpFeedback.mediaSsrc(b, 8));
        assertFalse(RtcpFeedback.setKeyframeRequestTarget(b, 0, 8, 5), "an RR is not a keyframe request");
    }

    @Test
    void nackGolden() {
        byte[] b = Hex.bytes(NACK);
        assertEquals(DropReason.NONE, RtcpValidator.validateCompound(b, 0, b.length, true));
        assertTrue(RtcpFeedback.isNack(b, 0));
        assertEquals(1, Nack.entryCount(b, 0));
        int[] lost = new int[32];
        int n = Nack.lostSequences(b, 0, lost);
        assertArrayEquals(new int[] {1000, 1001, 1003}, Arrays.copyOf(lost, n));

        PacketBuffer p = pool.acquire();
        RtcpWriter.writeNack(p, 0x11223344L, 0x55667788L, 1000, 5);
        assertEquals(NACK.replace(" ", ""), Hex.of(p));
        p.release();
    }

    @Test
    void nackWrapsAroundAndRespectsOutputSize() {
        byte[] b = Hex.bytes("81cd0003 00000001 00000002 ffff8001");
        int[] lost = new int[2];
        assertEquals(2, Nack.lostSequences(b, 0, lost));
        assertArrayEquals(new int[] {65535, 0}, lost);
        int[] all = new int[17];
        assertEquals(3, Nack.lostSequences(b, 0, all));
        assertEquals(15, all[2]);
    }

    @Test
    void rembGolden() {
        byte[] b = Hex.bytes(REMB);
        assertEquals(DropReason.NONE, RtcpValidator.validateCompound(b, 0, b.length, true));
        assertTrue(Remb.isRemb(b, 0, b.length));
        assertEquals(1, Remb.ssrcCount(b, 0));
        assertEquals(618036, Remb.bitrate(b, 0));
        assertEquals(0x55667788L, Remb.ssrc(b, 0, 0));
        assertFalse(Remb.isRemb(b, 0, 20), "too short for its SSRC list");

        PacketBuffer p = pool.acquire();
        RtcpWriter.writeRemb(p, 0x11223344L, 618036, new long[] {0x55667788L}, 1);
        assertEquals(REMB.replace(" ", ""), Hex.of(p));
        p.release();
    }

    @Test
    void byeGolden() {
        byte[] b = Hex.bytes(BYE);
        assertEquals(DropReason.NONE, RtcpValidator.validateCompound(b, 0, b.length, true));
        assertEquals(1, Bye.sourceCount(b, 0));
        assertEquals(0x11223344L, Bye.ssrc(b, 0, 0));
        PacketBuffer p = pool.acquire();
        RtcpWriter.writeBye(p, 0x11223344L);
        assertEquals(BYE.replace(" ", ""), Hex.of(p));
        p.release();
    }

    @Test
    void malformedCompounds() {
        assertEquals(DropReason.TRUNCATED, check("80c900", false));
        assertEquals(DropReason.BAD_VERSION, check("40c90001 11223344", false));
        assertEquals(DropReason.BAD_RTCP_LENGTH, check("80c90002 11223344", false), "length past the end");
        assertEquals(DropReason.BAD_RTCP_LENGTH, check("80c90001 11223344 8000", false), "trailing bytes");
        assertEquals(DropReason.BAD_RTCP_FIRST_PACKET, check(FIR, false));
        assertEquals(DropReason.BAD_RTCP_PADDING, check("a0c90001 11223344 80c90001 11223344", false));
        assertEquals(DropReason.PADDING_OVERFLOW, check("a0c90002 11223344 00000000", false), "zero padding");
        assertEquals(DropReason.PADDING_OVERFLOW, check("a0c90002 11223344 0000000c", false), "padding too big");
        assertEquals(
                DropReason.BAD_RTCP_BODY,
                check("81c80006 11223344 00000000 00000000 00000000 00000000 00000000", false),
                "SR with RC=1 but no block");
        assertEquals(
                DropReason.BAD_RTCP_BODY,
                check("80c90001 11223344 81ca0002 11223344 01ff7274", false),
                "SDES item past the end");
        assertEquals(DropReason.BAD_RTCP_BODY, check("80c90001 11223344 81ce0001 11223344", false), "short PLI");
        assertEquals(DropReason.NONE, check("a0c90002 11223344 00000004", false), "valid padding");
    }

    @Test
    void randomInputNeverThrows() {
        java.util.Random r = new java.util.Random(7);
        RtcpCompoundIterator it = new RtcpCompoundIterator();
        int valid = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] b = new byte[4 + r.nextInt(60)];
            r.nextBytes(b);
            b[0] = (byte) ((b[0] & 0x3F) | 0x80);
            b[1] = (byte) (200 + r.nextInt(8));
            Bytes.put16(b, 2, r.nextInt(b.length / 4));
            if (RtcpValidator.validateCompound(b, 0, b.length, true) != DropReason.NONE) {
                continue;
            }
            valid++;
            it.reset(b, 0, b.length);
            int packets = 0;
            while (it.next() && packets++ < 32) {
                int o = it.packetOffset();
                if (it.packetType() == RtcpHeader.SDES) {
                    Sdes.firstCname(b, o, it.packetLength());
                }
                if (RtcpFeedback.isNack(b, o)) {
                    Nack.lostSequences(b, o, new int[17]);
                }
                Remb.isRemb(b, o, it.packetLength());
            }
        }
        assertTrue(valid > 100, "the fuzz reached valid compounds: " + valid);
    }
}
