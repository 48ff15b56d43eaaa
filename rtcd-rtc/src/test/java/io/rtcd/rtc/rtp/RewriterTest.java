package io.rtcd.rtc.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RewriterTest {
    private static final long A = 0x1111L;
    private static final long B = 0x2222L;

    @Test
    void sequenceContinuesAcrossSourceSwitch() {
        SequenceRewriter s = new SequenceRewriter();
        assertEquals(100, s.rewrite(A, 100));
        assertEquals(101, s.rewrite(A, 101));
        assertEquals(103, s.rewrite(A, 103), "gaps stay gaps");
        assertEquals(102, s.rewrite(A, 102), "reordering preserved");
        assertEquals(104, s.rewrite(B, 40_000), "switch continues at highest + 1");
        assertEquals(105, s.rewrite(B, 40_001));
        assertEquals(SequenceRewriter.DROP, s.rewrite(B, 39_999), "older than the switch point");
        assertEquals(40_001, s.reverse(105));
        assertEquals(SequenceRewriter.DROP, s.reverse(103), "sent for the previous source");
        assertEquals(106, s.rewrite(A, 5), "switch back");
    }

    @Test
    void sequenceWrapsAround() {
        SequenceRewriter s = new SequenceRewriter(65534);
        assertEquals(65534, s.rewrite(A, 10));
        assertEquals(65535, s.rewrite(A, 11));
        assertEquals(0, s.rewrite(A, 12));
        assertEquals(1, s.rewrite(A, 13));
        assertEquals(2, s.rewrite(B, 65535), "switch across the wrap");
        assertEquals(3, s.rewrite(B, 0), "input wrap");
        assertEquals(3, s.highestSent());
        assertEquals(65535, s.reverse(2));
    }

    @Test
    void longRunsOfOneSourceKeepFlowingPastHalfTheSequenceSpace() {
        // Regression: comparing with the source's first number wrapped after 2^15 packets and dropped every packet.
        SequenceRewriter s = new SequenceRewriter(500);
        for (int n = 0; n < 3 * 65536; n++) {
            int in = (7000 + n) & 0xFFFF;
            assertEquals((500 + n) & 0xFFFF, s.rewrite(A, in), "packet " + n);
            if (n > 10 && n % 1000 == 0) {
                int late = (in - 3) & 0xFFFF;
                assertEquals((500 + n - 3) & 0xFFFF, s.rewrite(A, late), "late packet " + n + " still forwarded");
                assertEquals(late, s.reverse((500 + n - 3) & 0xFFFF), "NACK of a recent packet maps back");
            }
        }
        assertEquals(499, s.highestSent());
        assertEquals(500, s.rewrite(B, 9), "a switch after a long run continues at highest + 1");
    }

    @Test
    void incomingWrapWithinSource() {
        SequenceRewriter s = new SequenceRewriter(1000);
        assertEquals(1000, s.rewrite(A, 65535));
        assertEquals(1001, s.rewrite(A, 0));
        assertEquals(SequenceRewriter.DROP, s.rewrite(A, 65534), "before the first is dropped");
        assertThrows(IllegalArgumentException.class, () -> new SequenceRewriter(65536));
    }

    @Test
    void timestampContinuesWithElapsedTime() {
        TimestampRewriter t = new TimestampRewriter(90_000, 3000);
        long now = 1_000_000_000L;
        assertEquals(5000, t.rewrite(A, 5000, now));
        assertEquals(8000, t.rewrite(A, 8000, now + 33_000_000L));
        long switched = t.rewrite(B, 123_456_789L, now + 133_000_000L);
        assertEquals(8000 + 9000, switched, "100 ms later at 90 kHz");
        assertEquals(17_000 + 3000, t.rewrite(B, 123_456_789L + 3000, now + 166_000_000L));
        assertEquals(20_000 + 3000, t.rewrite(A, 999, now + 166_000_000L), "switch with no time passed: one frame");
    }

    @Test
    void timestampWrapsAround() {
        TimestampRewriter t = new TimestampRewriter(48_000, 960);
        long now = 0;
        assertEquals(0xFFFF_FC40L, t.rewrite(A, 0xFFFF_FC40L, now));
        assertEquals(0, t.rewrite(A, 0x1_0000_0000L & 0xFFFF_FFFFL, now + 20_000_000L), "wraps to 0");
        assertEquals(960, t.rewrite(B, 77, now + 40_000_000L), "48 kHz x 20 ms after the wrap");
        assertEquals(0xFFFF_FFFFL, t.rewrite(B, (77 - 961) & 0xFFFF_FFFFL, now), "older stays older");
        assertEquals(960, t.lastSent());
        assertThrows(IllegalArgumentException.class, () -> new TimestampRewriter(0, 960));
    }

    @Test
    void streamRewriterRewritesHeaderInPlace() {
        RtpStreamRewriter r =
                new RtpStreamRewriter(0xCAFEL, new SequenceRewriter(7), new TimestampRewriter(48_000, 960));
        byte[] p1 = Hex.bytes(RtpHeaderTest.OPUS);
        assertTrue(r.rewrite(p1, 0, 0));
        assertEquals(7, RtpHeader.sequence(p1, 0));
        assertEquals(960, RtpHeader.timestamp(p1, 0));
        assertEquals(0xCAFEL, RtpHeader.ssrc(p1, 0));
        byte[] p2 = Hex.bytes(RtpHeaderTest.OPUS);
        RtpHeader.setSsrc(p2, 0, 0x9999L);
        assertTrue(r.rewrite(p2, 0, 20_000_000L));
        assertEquals(8, RtpHeader.sequence(p2, 0));
        assertEquals(1920, RtpHeader.timestamp(p2, 0));
        byte[] late = Hex.bytes(RtpHeaderTest.OPUS);
        RtpHeader.setSsrc(late, 0, 0x9999L);
        RtpHeader.setSequence(late, 0, 6698);
        assertFalse(r.rewrite(late, 0, 20_000_000L));
        assertEquals(0xCAFEL, r.outgoingSsrc());
    }
}
