package io.rtcd.rtc.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RtpValidationTest {

    private static DropReason check(String hex) {
        byte[] b = Hex.bytes(hex);
        return RtpHeader.validate(b, 0, b.length);
    }

    @Test
    void truncated() {
        assertEquals(DropReason.TRUNCATED, check("806f0001 00000000 000000"));
        assertEquals(DropReason.TRUNCATED, check(""));
    }

    @Test
    void badVersion() {
        assertEquals(DropReason.BAD_VERSION, check("406f0001 00000000 00000001"));
        assertEquals(DropReason.BAD_VERSION, check("c06f0001 00000000 00000001"));
    }

    @Test
    void csrcOverflow() {
        assertEquals(DropReason.CSRC_OVERFLOW, check("8f6f0001 00000000 00000001 00000002"));
    }

    @Test
    void badExtensionLength() {
        assertEquals(DropReason.BAD_EXTENSION_LENGTH, check("906f0001 00000000 00000001 bede"), "header cut");
        assertEquals(DropReason.BAD_EXTENSION_LENGTH, check("906f0001 00000000 00000001 bede0002 10ff0000"), "words");
        assertEquals(DropReason.BAD_EXTENSION_LENGTH, check("906f0001 00000000 00000001 bede0001 130000ff"), "element");
        assertEquals(
                DropReason.BAD_EXTENSION_LENGTH, check("906f0001 00000000 00000001 10000001 0105aabb"), "two-byte");
        assertEquals(
                DropReason.BAD_EXTENSION_LENGTH, check("906f0001 00000000 00000001 10000001 000000 01"), "id only");
    }

    @Test
    void paddingOverflow() {
        assertEquals(DropReason.PADDING_OVERFLOW, check("a06f0001 00000000 00000001 aabb00"), "zero count");
        assertEquals(DropReason.PADDING_OVERFLOW, check("a06f0001 00000000 00000001 aabb05"), "past header");
        assertEquals(DropReason.NONE, check("a06f0001 00000000 00000001 aabb03"), "padding only payload");
    }

    @Test
    void opaqueExtensionProfilesAreAccepted() {
        assertEquals(DropReason.NONE, check("906f0001 00000000 00000001 abcd0001 ffffffff"));
    }

    @Test
    void randomInputNeverThrows() {
        Random r = new Random(42);
        HeaderExtensionCursor c = new HeaderExtensionCursor();
        int valid = 0;
        int[] map = new int[256];
        map[1] = 2;
        for (int i = 0; i < 20_000; i++) {
            byte[] b = new byte[r.nextInt(48)];
            r.nextBytes(b);
            if (b.length > 0) {
                b[0] = (byte) ((b[0] & 0x3F) | 0x80);
            }
            if (RtpHeader.validate(b, 0, b.length) != DropReason.NONE) {
                continue;
            }
            valid++;
            assertTrue(RtpHeader.payloadLength(b, 0, b.length) >= 0);
            if (c.reset(b, 0)) {
                int n = 0;
                while (c.next() && n++ < 64) {
                    assertTrue(c.dataOffset() + c.dataLength() <= b.length);
                }
            }
            AudioLevel.read(b, 0, 1);
            HeaderExtensions.remapIds(b, 0, map);
        }
        assertTrue(valid > 1000, "the fuzz reached valid packets: " + valid);
    }
}
