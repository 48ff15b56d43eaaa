package io.rtcd.rtc.sctp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtcd.rtc.sctp.packet.DataChunk;
import io.rtcd.rtc.sctp.packet.ForwardTsnChunk;
import io.rtcd.rtc.sctp.packet.SackChunk;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** TSN tracking, SACK gap blocks and reassembly (RFC 9260 §6.2, §6.5, §6.9; RFC 3758 §3.6). */
class ReceivePathTest {
    private final List<String> delivered = new ArrayList<>();
    private final ReassemblyQueue.MessageSink sink = (stream, ppid, msg) ->
            delivered.add(stream + ":" + new String(msg, java.nio.charset.StandardCharsets.US_ASCII));

    private static DataChunk data(int flags, int tsn, int stream, int ssn, String text) {
        byte[] b = text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        return new DataChunk(flags, tsn, stream, ssn, 51, b, 0, b.length);
    }

    @Test
    void gapBlocksAndDuplicatesAreReported() {
        TsnTracker t = new TsnTracker(100);
        for (int tsn : new int[] {100, 101, 103, 104, 107}) {
            t.receive(t.unwrap(tsn));
        }
        assertTrue(t.isDuplicate(t.unwrap(103)));
        t.recordDuplicate(t.unwrap(101));
        SackChunk s = t.buildSack(5000);
        assertEquals(101, s.cumulativeTsnAck());
        assertEquals(List.of(new SackChunk.GapBlock(2, 3), new SackChunk.GapBlock(6, 6)), s.gapBlocks());
        assertArrayEquals(new int[] {101}, s.duplicateTsns());
        assertEquals(0, t.buildSack(5000).duplicateTsns().length, "duplicates reported once");
        t.receive(t.unwrap(102));
        assertEquals(104, t.cumulative());
        t.forwardTo(106);
        assertEquals(107, t.cumulative(), "forward TSN merges with the received 107");
        assertFalse(t.hasGaps());
    }

    @Test
    void tsnWrapAround() {
        TsnTracker t = new TsnTracker(-2); // 0xFFFFFFFE
        t.receive(t.unwrap(-2));
        t.receive(t.unwrap(-1));
        t.receive(t.unwrap(0));
        assertEquals(0, t.buildSack(1).cumulativeTsnAck());
    }

    @Test
    void orderedFragmentsWaitForEarlierSsn() {
        ReassemblyQueue q = new ReassemblyQueue(1000);
        q.add(13, data(0x02, 13, 1, 1, "wor"), sink);
        q.add(14, data(0x01, 14, 1, 1, "ld"), sink);
        assertTrue(delivered.isEmpty(), "SSN 1 waits for SSN 0");
        assertTrue(q.bufferedBytes() > 0);
        q.add(12, data(0x03, 12, 1, 0, "hello "), sink);
        assertEquals(List.of("1:hello ", "1:world"), delivered);
        assertEquals(0, q.bufferedBytes());
    }

    @Test
    void unorderedMessagesSkipTheLine() {
        ReassemblyQueue q = new ReassemblyQueue(1000);
        q.add(20, data(0x02, 20, 1, 5, "late"), sink);
        q.add(21, data(0x07, 21, 2, 0, "now"), sink);
        assertEquals(List.of("2:now"), delivered);
    }

    @Test
    void forwardTsnDropsFragmentsAndSkipsSsn() {
        ReassemblyQueue q = new ReassemblyQueue(1000);
        q.add(31, data(0x02, 31, 1, 0, "partial"), sink); // abandoned: its end never comes
        q.add(34, data(0x03, 34, 1, 2, "after"), sink);
        q.forwardTsn(33, List.of(new ForwardTsnChunk.Skipped(1, 1)), sink);
        assertEquals(List.of("1:after"), delivered);
        assertEquals(0, q.bufferedBytes());
    }

    @Test
    void oversizedMessageIsAViolation() {
        ReassemblyQueue q = new ReassemblyQueue(10);
        q.add(1, data(0x02, 1, 1, 0, "123456"), sink);
        assertFalse(q.violation());
        q.add(2, data(0x00, 2, 1, 0, "789012"), sink);
        assertTrue(q.violation());
    }

    @Test
    void incomingResetRestartsSsn() {
        ReassemblyQueue q = new ReassemblyQueue(1000);
        q.add(1, data(0x03, 1, 1, 0, "a"), sink);
        q.resetStreams(new int[] {1});
        q.add(2, data(0x03, 2, 1, 0, "b"), sink);
        assertEquals(List.of("1:a", "1:b"), delivered);
    }
}
