package io.rtcd.rtc.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TransportCcFeedbackTest {
    private static final long LOST = TransportCcFeedback.NOT_RECEIVED;
    /** base 100, 3 statuses: received (+4 × 250 µs after the 64 ms reference), lost, received 70 ms later. */
    private static final String GOLDEN = "8fcd0006 11223344 55667788 00640003 00000107 d2000401 18000000";

    private final TrackingBufferPool pool = new TrackingBufferPool();
    private final TransportCcFeedbackWriter writer = new TransportCcFeedbackWriter();

    @AfterEach
    void noLeaks() {
        pool.assertNoLeaks();
    }

    @Test
    void readsGoldenPacket() {
        byte[] b = Hex.bytes(GOLDEN);
        assertEquals(DropReason.NONE, RtcpValidator.validateCompound(b, 0, b.length, true));
        assertTrue(TransportCcFeedback.isTransportCc(b, 0));
        assertEquals(100, TransportCcFeedback.baseSequence(b, 0));
        assertEquals(3, TransportCcFeedback.statusCount(b, 0));
        assertEquals(1, TransportCcFeedback.referenceTime(b, 0));
        assertEquals(7, TransportCcFeedback.feedbackCount(b, 0));
        long[] arrivals = new long[8];
        assertEquals(3, TransportCcFeedback.read(b, 0, b.length, arrivals));
        assertEquals(65_000, arrivals[0]);
        assertEquals(LOST, arrivals[1]);
        assertEquals(135_000, arrivals[2]);
    }

    @Test
    void writesGoldenPacket() {
        PacketBuffer p = pool.acquire();
        assertEquals(3, writer.write(p, 0x11223344L, 0x55667788L, 100, new long[] {65_000, LOST, 135_000}, 3, 7));
        assertEquals(GOLDEN.replace(" ", ""), Hex.of(p));
        p.release();
    }

    @Test
    void roundTripsLongReportsWithRunsLossesAndReordering() {
        int count = 3000;
        long[] in = new long[count];
        long t = 5_000_000;
        for (int i = 0; i < count; i++) {
            t += (i % 97 == 0) ? 40_000 : 1_000 + (i % 5) * 250;
            boolean lost = (i >= 500 && i < 530) || i % 11 == 3;
            in[i] = lost ? LOST : (i % 50 == 7 ? t - 3_000 : t);
        }
        in[count - 1] = t + 1_000;
        PacketBuffer p = pool.acquire();
        assertEquals(count, writer.write(p, 1, 2, 65_000, in, count, 255));
        byte[] b = p.getBuffer();
        int off = p.getOffset();
        assertEquals(0, p.getLength() % 4);
        assertEquals(DropReason.NONE, RtcpValidator.validateCompound(b, off, p.getLength(), true));
        assertEquals(65_000, TransportCcFeedback.baseSequence(b, off));
        long[] out = new long[count];
        assertEquals(count, TransportCcFeedback.read(b, off, p.getLength(), out));
        for (int i = 0; i < count; i++) {
            long expected = in[i] == LOST ? LOST : Math.floorDiv(in[i], 250L) * 250;
            assertEquals(expected, out[i], "status " + i);
        }
        assertTrue(p.getLength() < 20 + 2 * count, "chunks compress: " + p.getLength());
        p.release();
    }

    @Test
    void longRunsUseOneRunLengthChunk() {
        long[] in = new long[100];
        for (int i = 0; i < in.length; i++) {
            in[i] = 64_000 + i * 1_000L;
        }
        PacketBuffer p = pool.acquire();
        assertEquals(100, writer.write(p, 1, 2, 0, in, 100, 0));
        assertEquals(20 + 2 + 100 + 2, p.getLength(), "one chunk, 100 one-byte deltas, 2 padding bytes");
        assertEquals("2064", Hex.of(p).substring(40, 44), "run length chunk: symbol 1, run 100");
        p.release();
    }

    @Test
    void stopsBeforeADeltaThatDoesNotFitAndDropsTrailingLosses() {
        PacketBuffer p = pool.acquire();
        assertEquals(2, writer.write(p, 1, 2, 7, new long[] {1_000, 2_000, LOST, 10_000_000}, 4, 0));
        long[] out = new long[4];
        assertEquals(2, TransportCcFeedback.read(p.getBuffer(), p.getOffset(), p.getLength(), out));
        p.setLength(0);
        assertEquals(2, writer.write(p, 1, 2, 7, new long[] {LOST, 2_000, LOST, LOST}, 4, 0));
        assertEquals(2, TransportCcFeedback.statusCount(p.getBuffer(), p.getOffset()));
        p.setLength(0);
        assertEquals(0, writer.write(p, 1, 2, 7, new long[] {LOST, LOST}, 2, 0));
        assertEquals(0, p.getLength(), "nothing written without a received packet");
        p.release();
    }

    @Test
    void malformedFeedbackIsRejected() {
        long[] out = new long[16];
        byte[] reserved = Hex.bytes("8fcd0005 11223344 55667788 00640003 00000100 60030000");
        assertEquals(-1, TransportCcFeedback.read(reserved, 0, reserved.length, out), "reserved symbol 3");
        byte[] shortDeltas = Hex.bytes("8fcd0005 11223344 55667788 00640003 00000100 d2000401");
        assertEquals(-1, TransportCcFeedback.read(shortDeltas, 0, shortDeltas.length, out), "deltas cut");
        byte[] noChunks = Hex.bytes("8fcd0004 11223344 55667788 00640003 00000100");
        assertEquals(-1, TransportCcFeedback.read(noChunks, 0, noChunks.length, out), "chunks missing");
        byte[] golden = Hex.bytes(GOLDEN);
        assertEquals(-1, TransportCcFeedback.read(golden, 0, golden.length, new long[2]), "output too small");
        byte[] pli = Hex.bytes(RtcpTest.RR_PLI);
        assertEquals(-1, TransportCcFeedback.read(pli, 8, 12, out), "not transport-cc");
    }
}
