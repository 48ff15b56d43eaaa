package io.rtcd.rtc.sctp.packet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

/** Golden encodings derived from the RFC 9260 §3.3, RFC 3758 §3.2 and RFC 6525 §3-4 layouts. */
class SctpPacketCodecTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final int TAG = 0x11223344;

    /** chunk -> expected bytes of the chunk including padding. */
    static Map<Chunk, String> golden() {
        return Map.ofEntries(
                Map.entry(
                        new DataChunk(0x03, 1, 2, 3, 51, "abc".getBytes(StandardCharsets.US_ASCII), 0, 3),
                        "00030013" + "00000001" + "0002" + "0003" + "00000033" + "616263" + "00"),
                Map.entry(
                        new InitChunk(false, 0x12345678, 0x10000, 10, 11, 1, List.of()),
                        "01000014" + "12345678" + "00010000" + "000a" + "000b" + "00000001"),
                Map.entry(
                        new InitChunk(
                                true,
                                0x12345678,
                                0x10000,
                                10,
                                11,
                                1,
                                List.of(new SctpParam(SctpParam.STATE_COOKIE, HEX.parseHex("cafe")))),
                        "0200001a" + "12345678" + "00010000" + "000a" + "000b" + "00000001" + "00070006cafe" + "0000"),
                Map.entry(
                        new SackChunk(0x10, 0x8000, List.of(new SackChunk.GapBlock(2, 3)), new int[] {0xe}),
                        "03000018" + "00000010" + "00008000" + "0001" + "0001" + "00020003" + "0000000e"),
                Map.entry(new HeartbeatChunk(false, HEX.parseHex("01020304")), "0400000c" + "00010008" + "01020304"),
                Map.entry(new HeartbeatChunk(true, HEX.parseHex("01020304")), "0500000c" + "00010008" + "01020304"),
                Map.entry(
                        new AbortChunk(true, List.of(ErrorCause.text(ErrorCause.USER_INITIATED_ABORT, "x"))),
                        "06010009" + "000c000578" + "000000"),
                Map.entry(new ShutdownChunk(0x10), "07000008" + "00000010"),
                Map.entry(new ShutdownAckChunk(), "08000004"),
                Map.entry(
                        new ErrorChunk(List.of(new SctpParam(ErrorCause.STALE_COOKIE, HEX.parseHex("00001000")))),
                        "0900000c" + "00030008" + "00001000"),
                Map.entry(new CookieEchoChunk(HEX.parseHex("cafebabe")), "0a000008" + "cafebabe"),
                Map.entry(new CookieAckChunk(), "0b000004"),
                Map.entry(new ShutdownCompleteChunk(true), "0e010004"),
                Map.entry(
                        new ForwardTsnChunk(5, List.of(new ForwardTsnChunk.Skipped(1, 2))),
                        "c000000c" + "00000005" + "00010002"),
                Map.entry(
                        new ReConfigChunk(List.of(new ReconfigParam.OutgoingResetRequest(1, 0, 9, new int[] {1, 3}))),
                        "82000018" + "000d0014" + "00000001" + "00000000" + "00000009" + "00010003"),
                Map.entry(
                        new ReConfigChunk(
                                List.of(new ReconfigParam.Response(1, ReconfigParam.RESULT_SUCCESS_PERFORMED))),
                        "82000010" + "0010000c" + "00000001" + "00000001"),
                Map.entry(
                        new ReConfigChunk(List.of(new ReconfigParam.IncomingResetRequest(7, new int[] {4}))),
                        "8200000e" + "000e000a" + "00000007" + "0004" + "0000"));
    }

    static byte[] packet(String chunkHex) {
        byte[] body = HEX.parseHex(chunkHex);
        byte[] p = new byte[12 + body.length];
        WireBytes.put16(p, 0, 5000);
        WireBytes.put16(p, 2, 5001);
        WireBytes.put32(p, 4, TAG);
        System.arraycopy(body, 0, p, 12, body.length);
        fixChecksum(p);
        return p;
    }

    static void fixChecksum(byte[] p) {
        int crc = SctpPacketCodec.checksum(p, 0, p.length);
        p[8] = (byte) crc;
        p[9] = (byte) (crc >>> 8);
        p[10] = (byte) (crc >>> 16);
        p[11] = (byte) (crc >>> 24);
    }

    @Test
    void everyChunkTypeEncodesToItsGoldenBytesAndRoundTrips() {
        for (Map.Entry<Chunk, String> e : golden().entrySet()) {
            byte[] enc = SctpPacketCodec.encode(new SctpPacket(5000, 5001, TAG, List.of(e.getKey())));
            assertEquals(
                    e.getValue(),
                    HEX.formatHex(enc, 12, enc.length),
                    e.getKey().getClass().getSimpleName());
            SctpPacketCodec.Result r = SctpPacketCodec.decode(enc, 0, enc.length);
            assertNull(r.dropReason(), e.getKey().getClass().getSimpleName());
            assertEquals(e.getKey().getClass(), r.packet().chunks().get(0).getClass());
            byte[] again = SctpPacketCodec.encode(r.packet());
            assertArrayEquals(enc, again, "re-encoding " + e.getKey().getClass().getSimpleName());
        }
    }

    @Test
    void headerFieldsDecode() {
        SctpPacket p = SctpPacketCodec.decode(packet("0b000004"), 0, 16).packet();
        assertEquals(5000, p.sourcePort());
        assertEquals(5001, p.destinationPort());
        assertEquals(TAG, p.verificationTag());
        assertInstanceOf(CookieAckChunk.class, p.chunks().get(0));
    }

    @Test
    void crc32cKnownVectors() {
        CRC32C c = new CRC32C();
        c.update("123456789".getBytes(StandardCharsets.US_ASCII));
        assertEquals(0xE3069283L, c.getValue());
        // RFC 3720 §B.4: 32 bytes of zeros -> bytes on the wire aa 36 91 8a (value 0x8a9136aa, least significant first)
        c.reset();
        c.update(new byte[32]);
        assertEquals(0x8A9136AAL, c.getValue());
        byte[] pkt = SctpPacketCodec.encode(new SctpPacket(1, 2, 3, List.of(new CookieAckChunk())));
        CRC32C whole = new CRC32C();
        byte[] zeroed = pkt.clone();
        zeroed[8] = zeroed[9] = zeroed[10] = zeroed[11] = 0;
        whole.update(zeroed);
        long v = whole.getValue();
        assertArrayEquals(
                new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)},
                new byte[] {pkt[8], pkt[9], pkt[10], pkt[11]},
                "checksum stored least significant byte first");
    }

    @Test
    void checksumMatchesAnIndependentWireVector() {
        // INIT with an IPv4 address parameter as built by Scapy's SCTP regression tests: the checksum field on the
        // wire reads 40 2c 0b 5f.
        byte[] p = HEX.parseHex("000000000000000000000000" + "0100001c" + "00000000" + "00000000" + "0000" + "0000"
                + "00000000" + "00050008" + "7f000001");
        int crc = SctpPacketCodec.checksum(p, 0, p.length);
        assertArrayEquals(
                HEX.parseHex("402c0b5f"),
                new byte[] {(byte) crc, (byte) (crc >>> 8), (byte) (crc >>> 16), (byte) (crc >>> 24)});
    }

    @Test
    void badChecksumIsDropped() {
        byte[] p = packet("0b000004");
        p[8] ^= 1;
        assertEquals(
                SctpDropReason.BAD_CHECKSUM,
                SctpPacketCodec.decode(p, 0, p.length).dropReason());
    }

    @Test
    void tooShortIsDropped() {
        assertEquals(
                SctpDropReason.TOO_SHORT,
                SctpPacketCodec.decode(new byte[12], 0, 12).dropReason());
        assertEquals(
                SctpDropReason.TOO_SHORT,
                SctpPacketCodec.decode(new byte[20], 10, 11).dropReason());
        assertEquals(
                SctpDropReason.TOO_SHORT, SctpPacketCodec.decode(null, 0, 0).dropReason());
    }

    @Test
    void unknownChunkIsKeptWithItsActionBits() {
        SctpPacket p = SctpPacketCodec.decode(packet("c1000005aa000000"), 0, 20).packet();
        UnknownChunk u = assertInstanceOf(UnknownChunk.class, p.chunks().get(0));
        assertEquals(0xc1, u.type());
        assertTrue(u.report());
        assertEquals(false, u.stopProcessing());
        assertArrayEquals(HEX.parseHex("c1000005aa"), u.asCauseInfo());
    }

    /** Malformed variants per chunk type: each must come back as a drop reason, never an exception. */
    @Test
    void malformedChunksAreDropped() {
        String[] bad = {
            "0003000d" + "000000010002000300", // DATA truncated inside header
            "00030010" + "00000001" + "0002" + "0003" + "00000033", // DATA without user data (§3.3.1)
            "00030014" + "00000001" + "0002" + "0003" + "00000033" + "6162", // DATA length beyond packet
            "01000010" + "12345678" + "00010000" + "000a" + "000b", // INIT too short
            "01000014" + "00000000" + "00010000" + "000a" + "000b" + "00000001", // INIT tag 0
            "01000014" + "12345678" + "00010000" + "0000" + "000b" + "00000001", // INIT OS 0
            "01000014" + "12345678" + "00010000" + "000a" + "0000" + "00000001", // INIT MIS 0
            "01000018" + "12345678" + "00010000" + "000a" + "000b" + "00000001" + "00070003", // param length 3
            "01000018" + "12345678" + "00010000" + "000a" + "000b" + "00000001" + "00070010", // param past chunk
            "02000014" + "12345678" + "00010000" + "000a" + "000b" + "00000001", // INIT ACK without cookie
            "03000014" + "00000010" + "00008000" + "0001" + "0001" + "00020003", // SACK counts mismatch
            "03000014" + "00000010" + "00008000" + "0001" + "0000" + "00030002", // SACK gap start > end
            "0300000c" + "00000010" + "00008000", // SACK too short
            "04000008" + "00020004", // HEARTBEAT without info
            "04000006" + "0001" + "0000", // HEARTBEAT truncated param
            "06010007" + "000c0005", // ABORT cause longer than chunk
            "0700000c" + "00000010" + "00000000", // SHUTDOWN wrong length
            "07000006" + "0000" + "0000", // SHUTDOWN short
            "08000008" + "00000000", // SHUTDOWN ACK with value
            "0900000a" + "00030004" + "00000000", // ERROR trailing bytes that are not a cause
            "0a000004", // COOKIE ECHO empty
            "0b000008" + "00000000", // COOKIE ACK with value
            "0e010008" + "00000000", // SHUTDOWN COMPLETE with value
            "c000000a" + "00000005" + "0001" + "0000", // FORWARD TSN odd pair
            "c0000006" + "0000" + "0000", // FORWARD TSN too short
            "82000004", // RE-CONFIG empty
            "82000010" + "000d000c" + "00000001" + "00000000", // outgoing reset request too short
            "82000010" + "0010000a" + "00000001" + "0001" + "0000", // response wrong length
            "82000018" + "000d0014" + "00000001" + "00000000" + "00000009" + "0001", // param past chunk
            "00000003", // chunk length < 4
            "0b00", // trailing partial chunk header
            "0b000004" + "0a000005" + "ca", // missing padding at packet end
        };
        for (String hex : bad) {
            byte[] p = packet(hex);
            SctpPacketCodec.Result r = SctpPacketCodec.decode(p, 0, p.length);
            assertNull(r.packet(), hex);
            assertNotNull(r.dropReason(), hex);
        }
    }

    /** Sweeps every chunk length field value over every golden chunk: no exception, and sane outcomes. */
    @Test
    void everyLengthFieldValueIsHandled() {
        for (String hex : golden().values()) {
            byte[] base = packet(hex);
            for (int len = 0; len <= 0xFFFF; len += len < 64 ? 1 : 97) {
                byte[] p = base.clone();
                WireBytes.put16(p, 14, len);
                fixChecksum(p);
                SctpPacketCodec.Result r = SctpPacketCodec.decode(p, 0, p.length);
                assertTrue(r.packet() != null ^ r.dropReason() != null);
                if (len < 4 || len > p.length - 12) {
                    assertEquals(SctpDropReason.MALFORMED_CHUNK, r.dropReason(), hex + " len " + len);
                }
            }
            for (int cut = 13; cut < base.length; cut++) {
                byte[] p = java.util.Arrays.copyOf(base, cut);
                fixChecksum(p);
                SctpPacketCodec.Result r = SctpPacketCodec.decode(p, 0, p.length);
                assertTrue(r.packet() != null ^ r.dropReason() != null);
            }
        }
    }

    @Test
    void reconfigResultsAndParamsDecode() {
        byte[] p = packet(golden().entrySet().stream()
                .filter(e -> e.getKey() instanceof ReConfigChunk rc
                        && rc.params().get(0) instanceof ReconfigParam.OutgoingResetRequest)
                .findFirst()
                .orElseThrow()
                .getValue());
        ReConfigChunk rc = (ReConfigChunk)
                SctpPacketCodec.decode(p, 0, p.length).packet().chunks().get(0);
        ReconfigParam.OutgoingResetRequest req =
                (ReconfigParam.OutgoingResetRequest) rc.params().get(0);
        assertEquals(1, req.requestSeq());
        assertEquals(9, req.senderLastTsn());
        assertArrayEquals(new int[] {1, 3}, req.streams());
    }
}
