package io.rtcd.rtc.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RtpHeaderTest {
    /** Opus, PT 111, seq 6699, ts 960, one-byte extension: audio level id 1 = 0x9e (voice, -30 dBov), 2 pad bytes. */
    static final String OPUS = "906f1a2b 000003c0 11223344 bede0001 109e0000 fcfffe";
    /** P, X, CC=1, M, PT 96, seq 65535, ts 2^32-1, two-byte extension (id 3 len 2, pad, id 15 len 1), 3 pad bytes. */
    static final String VIDEO = "b1e0ffff ffffffff deadbeef 01020304 10000002 0302aabb 000f01cc 01020304 000003";

    @Test
    void parsesOneByteExtensionPacket() {
        byte[] b = Hex.bytes(OPUS);
        assertEquals(DropReason.NONE, RtpHeader.validate(b, 0, b.length));
        assertEquals(2, RtpHeader.version(b, 0));
        assertFalse(RtpHeader.hasPadding(b, 0));
        assertTrue(RtpHeader.hasExtension(b, 0));
        assertFalse(RtpHeader.marker(b, 0));
        assertEquals(111, RtpHeader.payloadType(b, 0));
        assertEquals(6699, RtpHeader.sequence(b, 0));
        assertEquals(960, RtpHeader.timestamp(b, 0));
        assertEquals(0x11223344L, RtpHeader.ssrc(b, 0));
        assertEquals(0, RtpHeader.csrcCount(b, 0));
        assertEquals(RtpHeader.ONE_BYTE_PROFILE, RtpHeader.extensionProfile(b, 0));
        assertEquals(20, RtpHeader.headerLength(b, 0));
        assertEquals(20, RtpHeader.payloadOffset(b, 0));
        assertEquals(3, RtpHeader.payloadLength(b, 0, b.length));
        int raw = AudioLevel.read(b, 0, 1);
        assertTrue(AudioLevel.voiceActivity(raw));
        assertEquals(30, AudioLevel.level(raw));
        assertEquals(AudioLevel.ABSENT, AudioLevel.read(b, 0, 2));
    }

    @Test
    void parsesCsrcTwoByteExtensionAndPadding() {
        byte[] b = Hex.bytes(VIDEO);
        assertEquals(DropReason.NONE, RtpHeader.validate(b, 0, b.length));
        assertTrue(RtpHeader.hasPadding(b, 0));
        assertTrue(RtpHeader.marker(b, 0));
        assertEquals(96, RtpHeader.payloadType(b, 0));
        assertEquals(65535, RtpHeader.sequence(b, 0));
        assertEquals(0xFFFF_FFFFL, RtpHeader.timestamp(b, 0));
        assertEquals(0xDEADBEEFL, RtpHeader.ssrc(b, 0));
        assertEquals(1, RtpHeader.csrcCount(b, 0));
        assertEquals(0x01020304L, RtpHeader.csrc(b, 0, 0));
        assertEquals(0x1000, RtpHeader.extensionProfile(b, 0));
        assertEquals(28, RtpHeader.headerLength(b, 0));
        assertEquals(3, RtpHeader.paddingLength(b, 0, b.length));
        assertEquals(4, RtpHeader.payloadLength(b, 0, b.length));
        assertEquals(22, HeaderExtensions.findData(b, 0, 3));
        assertEquals(2, HeaderExtensions.dataLength(b, 0, 3));
        assertEquals(1, HeaderExtensions.dataLength(b, 0, 15));
        assertEquals(-1, HeaderExtensions.findData(b, 0, 4));
    }

    @Test
    void worksAtAnOffset() {
        byte[] inner = Hex.bytes(OPUS);
        byte[] b = new byte[inner.length + 7];
        System.arraycopy(inner, 0, b, 5, inner.length);
        assertEquals(DropReason.NONE, RtpHeader.validate(b, 5, inner.length));
        assertEquals(6699, RtpHeader.sequence(b, 5));
        assertEquals(0x9e, AudioLevel.read(b, 5, 1));
        assertEquals(25, RtpHeader.payloadOffset(b, 5));
    }

    @Test
    void rewritesFieldsInPlace() {
        byte[] b = Hex.bytes(VIDEO);
        RtpHeader.setPayloadType(b, 0, 45);
        RtpHeader.setSequence(b, 0, 1);
        RtpHeader.setTimestamp(b, 0, 0x80000000L);
        RtpHeader.setSsrc(b, 0, 0xCAFEBABEL);
        assertTrue(RtpHeader.marker(b, 0), "marker kept");
        assertEquals(45, RtpHeader.payloadType(b, 0));
        RtpHeader.setMarker(b, 0, false);
        assertFalse(RtpHeader.marker(b, 0));
        assertEquals("b12d0001 80000000 cafebabe".replace(" ", ""), Hex.of(b).substring(0, 24));
        assertEquals(DropReason.NONE, RtpHeader.validate(b, 0, b.length));
    }

    @Test
    void iteratesExtensionsWithACursor() {
        HeaderExtensionCursor c = new HeaderExtensionCursor();
        byte[] v = Hex.bytes(VIDEO);
        assertTrue(c.reset(v, 0));
        assertFalse(c.isOneByte());
        assertTrue(c.next());
        assertEquals(3, c.id());
        assertEquals(2, c.dataLength());
        assertEquals((byte) 0xaa, v[c.dataOffset()]);
        assertTrue(c.next());
        assertEquals(15, c.id());
        assertEquals((byte) 0xcc, v[c.dataOffset()]);
        assertFalse(c.next());

        byte[] o = Hex.bytes(OPUS);
        assertTrue(c.reset(o, 0));
        assertTrue(c.isOneByte());
        assertTrue(c.next());
        assertEquals(1, c.id());
        assertEquals(1, c.dataLength());
        assertFalse(c.next());

        byte[] none = Hex.bytes("806f0001 00000000 00000001 00");
        assertFalse(c.reset(none, 0));
        assertFalse(c.next());
    }

    @Test
    void oneByteIdFifteenStopsParsing() {
        byte[] b = Hex.bytes("906f0001 00000000 00000001 bede0001 f0112000");
        assertEquals(DropReason.NONE, RtpHeader.validate(b, 0, b.length));
        HeaderExtensionCursor c = new HeaderExtensionCursor();
        assertTrue(c.reset(b, 0));
        assertFalse(c.next());
        assertEquals(-1, HeaderExtensions.findData(b, 0, 2));
    }

    @Test
    void remapsExtensionIdsInPlace() {
        int[] map = new int[256];
        map[1] = 5;
        byte[] o = Hex.bytes(OPUS);
        assertTrue(HeaderExtensions.remapIds(o, 0, map));
        assertEquals("bede0001 509e0000".replace(" ", ""), Hex.of(o).substring(24, 40));
        assertEquals(0x9e, AudioLevel.read(o, 0, 5));

        map[5] = 15;
        byte[] before = o.clone();
        assertFalse(HeaderExtensions.remapIds(o, 0, map), "15 does not fit the one-byte form");
        assertEquals(Hex.of(before), Hex.of(o), "untouched when a mapping does not fit");

        int[] two = new int[256];
        two[3] = 200;
        two[15] = 7;
        byte[] v = Hex.bytes(VIDEO);
        assertTrue(HeaderExtensions.remapIds(v, 0, two));
        assertEquals(22, HeaderExtensions.findData(v, 0, 200));
        assertEquals(1, HeaderExtensions.dataLength(v, 0, 7));
    }
}
