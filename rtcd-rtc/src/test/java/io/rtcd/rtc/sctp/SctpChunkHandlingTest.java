package io.rtcd.rtc.sctp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtcd.rtc.sctp.packet.Chunk;
import io.rtcd.rtc.sctp.packet.DataChunk;
import io.rtcd.rtc.sctp.packet.ErrorCause;
import io.rtcd.rtc.sctp.packet.ErrorChunk;
import io.rtcd.rtc.sctp.packet.SackChunk;
import io.rtcd.rtc.sctp.packet.SctpDropReason;
import io.rtcd.rtc.sctp.packet.SctpPacket;
import io.rtcd.rtc.sctp.packet.SctpPacketCodec;
import io.rtcd.rtc.sctp.packet.UnknownChunk;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Packet-level behaviour driven by hand: unknown-chunk action bits, delayed SACK, bundling. */
class SctpChunkHandlingTest {
    private final VirtualClock clock = new VirtualClock(3_000_000);
    private final RecordingListener la = new RecordingListener();
    private final RecordingListener lb = new RecordingListener();
    private final SctpAssociation a = new SctpAssociation(SctpOptions.defaults(), la, clock, new Random(1));
    private final SctpAssociation b = new SctpAssociation(SctpOptions.defaults(), lb, clock, new Random(2));
    private int tagB;
    private int nextTsn;

    private void handshake() {
        a.connect();
        pump(a, b);
        pump(b, a);
        List<byte[]> echo = pump(a, b);
        tagB = SctpTestPackets.decode(echo.get(0)).verificationTag();
        pump(b, a);
        assertTrue(la.connected && lb.connected);
        a.send(0, 51, new byte[] {1}, SendOptions.RELIABLE_ORDERED);
        byte[] first = a.pollOutgoingPacket();
        DataChunk d = (DataChunk) SctpTestPackets.decode(first).chunks().get(0);
        nextTsn = d.tsn();
    }

    private List<byte[]> pump(SctpAssociation from, SctpAssociation to) {
        List<byte[]> moved = new ArrayList<>();
        byte[] p;
        while ((p = from.pollOutgoingPacket()) != null) {
            moved.add(p);
            to.receivePacket(p, 0, p.length, clock.now());
        }
        return moved;
    }

    private List<Chunk> drainChunks(SctpAssociation x) {
        List<Chunk> out = new ArrayList<>();
        byte[] p;
        while ((p = x.pollOutgoingPacket()) != null) {
            out.addAll(SctpTestPackets.decode(p).chunks());
        }
        return out;
    }

    private void toB(Chunk... chunks) {
        byte[] p = SctpPacketCodec.encode(new SctpPacket(5000, 5000, tagB, List.of(chunks)));
        b.receivePacket(p, 0, p.length, clock.now());
    }

    private DataChunk data(int tsn, String text) {
        byte[] d = text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        return new DataChunk(0x07, tsn, 0, 0, 51, d, 0, d.length);
    }

    @Test
    void unknownChunkUpperBitsDecideTheAction() {
        handshake();
        toB(new UnknownChunk(0x3f, 0, new byte[3]), data(nextTsn, "x"));
        assertEquals(1, b.stats().dropped(SctpDropReason.UNRECOGNIZED_CHUNK));
        assertTrue(lb.messages.isEmpty(), "00: stop processing, discard the packet");
        assertTrue(drainChunks(b).stream().noneMatch(c -> c instanceof ErrorChunk));

        toB(new UnknownChunk(0x7f, 0, new byte[3]), data(nextTsn, "x"));
        assertTrue(lb.messages.isEmpty(), "01: stop processing");
        assertTrue(
                drainChunks(b).stream()
                        .anyMatch(c -> c instanceof ErrorChunk e
                                && e.causes().get(0).type() == ErrorCause.UNRECOGNIZED_CHUNK_TYPE),
                "01: report");

        toB(new UnknownChunk(0xbf, 0, new byte[3]), data(nextTsn, "y"));
        assertEquals(1, lb.messages.size(), "10: skip and continue");
        assertTrue(drainChunks(b).stream().noneMatch(c -> c instanceof ErrorChunk));

        toB(new UnknownChunk(0xff, 0, new byte[0]), data(nextTsn + 1, "z"));
        assertEquals(2, lb.messages.size(), "11: skip and continue");
        assertTrue(drainChunks(b).stream().anyMatch(c -> c instanceof ErrorChunk), "11: and report");
    }

    @Test
    void sackIsDelayedUntilTheSecondPacketOrTheTimer() {
        handshake();
        toB(data(nextTsn, "1"));
        assertTrue(drainChunks(b).stream().noneMatch(c -> c instanceof SackChunk), "first packet: delayed");
        long deadline = b.nextTimeoutMillis();
        assertEquals(clock.now() + 200, deadline, "delayed ack timer 200 ms");
        toB(data(nextTsn + 1, "2"));
        assertTrue(drainChunks(b).stream().anyMatch(c -> c instanceof SackChunk), "second packet: immediate");
        toB(data(nextTsn + 2, "3"));
        assertTrue(drainChunks(b).isEmpty());
        clock.advance(200);
        b.handleTimeout(clock.now());
        assertTrue(drainChunks(b).stream().anyMatch(c -> c instanceof SackChunk), "timer fired");
        toB(data(nextTsn + 5, "gap"));
        SackChunk gapSack = (SackChunk) drainChunks(b).stream()
                .filter(c -> c instanceof SackChunk)
                .findFirst()
                .orElseThrow();
        assertEquals(List.of(new SackChunk.GapBlock(3, 3)), gapSack.gapBlocks(), "gap: immediate SACK with block");
        toB(data(nextTsn + 1, "dup"));
        SackChunk dupSack = (SackChunk) drainChunks(b).stream()
                .filter(c -> c instanceof SackChunk)
                .findFirst()
                .orElseThrow();
        assertEquals(1, dupSack.duplicateTsns().length, "duplicate reported at once");
    }

    @Test
    void queuedSmallMessagesAreBundledAndPacketsRespectTheMtu() {
        handshake();
        pump(a, b);
        pump(b, a);
        a.send(5, 53, new byte[20_000], SendOptions.RELIABLE_ORDERED); // fills the initial congestion window
        for (int i = 0; i < 40; i++) {
            a.send(i % 3, 51, new byte[100], SendOptions.RELIABLE_ORDERED);
        }
        int maxDataChunks = 0;
        for (int round = 0; round < 50 && lb.messages.size() < 42; round++) {
            for (byte[] p : pump(a, b)) {
                assertTrue(p.length <= 1200, "packet of " + p.length);
                long n = SctpTestPackets.decode(p).chunks().stream()
                        .filter(c -> c instanceof DataChunk)
                        .count();
                maxDataChunks = Math.max(maxDataChunks, (int) n);
            }
            pump(b, a);
            clock.advance(200);
            a.handleTimeout(clock.now());
            b.handleTimeout(clock.now());
        }
        assertEquals(42, lb.messages.size());
        assertTrue(maxDataChunks >= 8, "bundled " + maxDataChunks + " DATA chunks into one packet");
    }
}
