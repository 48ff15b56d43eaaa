package io.rtcd.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IdGeneratorTest {

    @Test
    void idsAre26CharsOfTheMattermostAlphabet() {
        for (int i = 0; i < 1000; i++) {
            String id = IdGenerator.newId();
            assertEquals(26, id.length(), id);
            for (char c : id.toCharArray()) {
                assertTrue(IdGenerator.ALPHABET.indexOf(c) >= 0, id);
            }
        }
    }

    @Test
    void idsAreUnique() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            assertTrue(seen.add(IdGenerator.newId()));
        }
    }

    @Test
    void encodingIsBase32MsbFirst() {
        // 128 zero bits -> 26 times index 0 ('y'); 128 one bits -> 25 times index 31 ('9') + "111" padded "11100" = 28
        assertEquals("y".repeat(26), IdGenerator.encode(new byte[16]));
        byte[] ones = new byte[16];
        java.util.Arrays.fill(ones, (byte) 0xff);
        assertEquals("9".repeat(25) + "h", IdGenerator.encode(ones));
        // 0x08 = 00001 000.. -> 'b' (1) then 'y'
        assertEquals("by", IdGenerator.encode(new byte[] {0x08}));
    }
}
