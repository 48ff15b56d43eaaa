package io.rtcd.rtc.sfu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CallsDcMessagesTest {
    @Test
    void readsTypeInEveryUnsignedForm() {
        assertEquals(1, CallsDcMessages.type(new byte[] {1}));
        assertEquals(7, CallsDcMessages.type(new byte[] {(byte) 0xCC, 7}));
        assertEquals(300, CallsDcMessages.type(new byte[] {(byte) 0xCD, 1, 44}));
        assertEquals(-1, CallsDcMessages.type(new byte[] {(byte) 0xA1, 'x'}));
        assertEquals(-1, CallsDcMessages.type(new byte[0]));
    }

    @Test
    void lockResponseIsTypeThenMsgpackBool() {
        assertArrayEquals(new byte[] {7, (byte) 0xC3}, CallsDcMessages.lockResponse(true));
        assertArrayEquals(new byte[] {7, (byte) 0xC2}, CallsDcMessages.lockResponse(false));
    }

    @Test
    void mediaMapIsMsgpackMapOfMaps() {
        Map<String, String[]> m = new LinkedHashMap<>();
        m.put("f0", new String[] {"voice", "sessA"});
        ByteArrayOutputStream want = new ByteArrayOutputStream();
        want.write(9);
        want.write(0x81);
        str(want, "f0");
        want.write(0x82);
        str(want, "type");
        str(want, "voice");
        str(want, "sender_id");
        str(want, "sessA");
        assertArrayEquals(want.toByteArray(), CallsDcMessages.mediaMap(m));
    }

    private static void str(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.write(0xA0 | b.length);
        out.write(b, 0, b.length);
    }
}
