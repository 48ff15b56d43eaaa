package io.rtcd.rtc.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HeaderExtensionEditTest {
    /** One-byte block: id 1 audio level, id 3 transport-cc seq 0x0102, 1 pad byte; payload aabb. */
    private static final String TWO_ELEMENTS = "906f0001 00000001 00000001 bede0002 109e3101 0200 0000 aabb";

    private final TrackingBufferPool pool = new TrackingBufferPool();

    @AfterEach
    void noLeaks() {
        pool.assertNoLeaks();
    }

    @Test
    void removeTurnsAnElementIntoPadding() {
        byte[] b = Hex.bytes(TWO_ELEMENTS);
        assertEquals(DropReason.NONE, RtpHeader.validate(b, 0, b.length));
        int[] map = new int[256];
        map[1] = HeaderExtensions.REMOVE;
        assertTrue(HeaderExtensions.remapIds(b, 0, map));
        assertEquals(DropReason.NONE, RtpHeader.validate(b, 0, b.length));
        assertEquals(AudioLevel.ABSENT, AudioLevel.read(b, 0, 1));
        assertEquals(0x0102, TransportSequence.read(b, 0, 3));
        assertEquals(
                "bede0002 00003101 02000000 aabb".replace(" ", ""), Hex.of(b).substring(24));
    }

    @Test
    void transportSequenceIsRewrittenInPlace() {
        byte[] b = Hex.bytes(TWO_ELEMENTS);
        assertTrue(TransportSequence.write(b, 0, 3, 0xBEEF));
        assertEquals(0xBEEF, TransportSequence.read(b, 0, 3));
        assertEquals(TransportSequence.ABSENT, TransportSequence.read(b, 0, 5));
        assertFalse(TransportSequence.write(b, 0, 1, 1), "audio level element is 1 byte");
    }

    @Test
    void removeExtensionMovesTheHeaderNotThePayload() {
        byte[] src = Hex.bytes(TWO_ELEMENTS);
        PacketBuffer p = pool.acquire();
        p.put(src, 0, src.length);
        byte[] array = p.getBuffer();
        int payloadAt = RtpHeader.payloadOffset(array, p.getOffset());
        assertEquals(12, RtpHeader.removeExtension(p));
        assertEquals(DropReason.NONE, RtpHeader.validate(array, p.getOffset(), p.getLength()));
        assertFalse(RtpHeader.hasExtension(array, p.getOffset()));
        assertEquals(payloadAt, RtpHeader.payloadOffset(array, p.getOffset()), "payload did not move");
        assertEquals("806f0001 00000001 00000001 aabb".replace(" ", ""), Hex.of(p));
        assertEquals(0, RtpHeader.removeExtension(p));
        p.release();
    }

    @Test
    void removeExtensionKeepsCsrcs() {
        byte[] src = Hex.bytes(RtpHeaderTest.VIDEO);
        PacketBuffer p = pool.acquire();
        p.put(src, 0, src.length);
        assertEquals(12, RtpHeader.removeExtension(p));
        byte[] b = p.getBuffer();
        assertEquals(DropReason.NONE, RtpHeader.validate(b, p.getOffset(), p.getLength()));
        assertEquals(0x01020304L, RtpHeader.csrc(b, p.getOffset(), 0));
        assertEquals(4, RtpHeader.payloadLength(b, p.getOffset(), p.getLength()));
        assertEquals(23, p.getLength());
        p.release();
    }
}
