package io.rtcd.rtc.sctp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtcd.rtc.sctp.packet.ChunkType;
import io.rtcd.rtc.sctp.packet.CookieAckChunk;
import io.rtcd.rtc.sctp.packet.InitChunk;
import io.rtcd.rtc.sctp.packet.SackChunk;
import io.rtcd.rtc.sctp.packet.SctpDropReason;
import io.rtcd.rtc.sctp.packet.SctpPacket;
import io.rtcd.rtc.sctp.packet.SctpPacketCodec;
import io.rtcd.rtc.sctp.packet.SctpParam;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Packets captured from other SCTP stacks (Wireshark dumps published with WebRTC's dcSCTP packet tests): an
 * usrsctp-style INIT with ECN, AUTH and ASCONF parameters, a bundled COOKIE ACK + SACK, and a corrupted checksum.
 * They check our CRC32c byte order and parameter handling against independent implementations.
 */
class CapturedPacketsTest {
    private static final HexFormat HEX = HexFormat.of();

    /** INIT 5000->5000, tag 0, checksum aa019d33, OS/MIS 1000, initial TSN 1426601527. */
    static final byte[] USRSCTP_INIT = HEX.parseHex("13881388" + "00000000" + "aa019d33"
            + "0100005a0eddca0800020000" + "03e803e855083637" + "80000004" + "c0000004" + "80080009c00fc18082000000"
            + "80020024c5a86155090e6f420050634cc8d6b908dfd53e17c99cb143284eaf64682ac297"
            + "8004000600010000" + "8003000680c10000");

    @Test
    void usrsctpInitParsesWithItsChecksum() {
        SctpPacketCodec.Result r = SctpPacketCodec.decode(USRSCTP_INIT, 0, USRSCTP_INIT.length);
        assertNull(r.dropReason());
        SctpPacket p = r.packet();
        assertEquals(5000, p.sourcePort());
        assertEquals(0, p.verificationTag());
        InitChunk init = assertInstanceOf(InitChunk.class, p.chunks().get(0));
        assertEquals(0x0eddca08, init.initiateTag());
        assertEquals(131072, init.advertisedReceiverWindow());
        assertEquals(1000, init.outboundStreams());
        assertEquals(1000, init.inboundStreams());
        assertEquals(1426601527, init.initialTsn());
        assertNotNull(init.param(SctpParam.FORWARD_TSN_SUPPORTED));
        assertEquals(6, init.params().size());
        assertTrue(InitNegotiation.supports(init, ChunkType.RE_CONFIG));
        assertTrue(InitNegotiation.supports(init, ChunkType.FORWARD_TSN));
    }

    @Test
    void usrsctpInitIsAnsweredWithAnInitAckWithoutSpuriousReports() {
        SctpAssociation server =
                new SctpAssociation(SctpOptions.defaults(), new RecordingListener(), () -> 0L, new Random(1));
        server.receivePacket(USRSCTP_INIT, 0, USRSCTP_INIT.length, 0);
        byte[] reply = server.pollOutgoingPacket();
        assertNotNull(reply);
        SctpPacket p = SctpTestPackets.decode(reply);
        assertEquals(0x0eddca08, p.verificationTag(), "INIT ACK carries the peer's initiate tag");
        InitChunk ack = assertInstanceOf(InitChunk.class, p.chunks().get(0));
        assertTrue(ack.ack());
        assertNotNull(ack.param(SctpParam.STATE_COOKIE));
        // ECN, Random, HMAC-Algo and Chunk-List have action bits 10: skipped silently (RFC 9260 §3.2.1)
        assertNull(ack.param(SctpParam.UNRECOGNIZED_PARAMETER));
    }

    @Test
    void bundledCookieAckAndSackParse() {
        byte[] d = HEX.parseHex("04d210e1697e3a4ec06e8b360b00000403000010aea9525200020000" + "00000000");
        SctpPacket p = SctpPacketCodec.decode(d, 0, d.length).packet();
        assertNotNull(p);
        assertEquals(1234, p.sourcePort());
        assertEquals(4321, p.destinationPort());
        assertEquals(0x697e3a4e, p.verificationTag());
        assertInstanceOf(CookieAckChunk.class, p.chunks().get(0));
        SackChunk sack = assertInstanceOf(SackChunk.class, p.chunks().get(1));
        assertEquals(0xaea95252, sack.cumulativeTsnAck());
        assertEquals(131072, sack.advertisedReceiverWindow());
    }

    @Test
    void capturedPacketWithWrongChecksumIsDropped() {
        byte[] d = HEX.parseHex("138813880eddca082a81f5310300001055083640000200000000" + "0000");
        assertEquals(
                SctpDropReason.BAD_CHECKSUM,
                SctpPacketCodec.decode(d, 0, d.length).dropReason());
    }

    @Test
    void zeroSizeChunkGarbageIsDropped() {
        byte[] d = HEX.parseHex("ffffffffff0a0a0a5c0a0a0a0a0a000000");
        assertNotNull(SctpPacketCodec.decode(d, 0, d.length).dropReason());
    }
}
