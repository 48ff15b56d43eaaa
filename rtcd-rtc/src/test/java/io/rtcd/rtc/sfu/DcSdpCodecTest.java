package io.rtcd.rtc.sfu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

class DcSdpCodecTest {
    private static final String SDP = "v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\na=x:\"q\\\u0001\r\n";

    @Test
    void roundTripsAnyDescription() {
        DcSdpCodec.Description d = DcSdpCodec.decode(DcSdpCodec.encode("offer", SDP));
        assertEquals("offer", d.type());
        assertEquals(SDP, d.sdp());
    }

    @Test
    void usesBin16AndBin32WhenTheCompressedSdpIsLarge() {
        StringBuilder big = new StringBuilder("v=0\r\n");
        java.util.Random r = new java.util.Random(7);
        for (int i = 0; i < 40_000; i++) {
            big.append((char) ('a' + r.nextInt(26)));
        }
        byte[] m = DcSdpCodec.encode("answer", big.toString());
        assertEquals(0xC5, m[1] & 0xFF, "bin 16");
        assertEquals(big.toString(), DcSdpCodec.decode(m).sdp());
    }

    /** What a browser client sends: JSON.stringify of the description, zlib-deflated (pako), as msgpack bin. */
    @Test
    void readsAForeignEncodingWithExtraMembersAndEscapes() {
        String json = "{ \"sdp\" : \"v=0\\r\\ns=\\u002d\\r\\n\", \"type\":\"answer\", \"extra\":\"x\" }";
        byte[] z = zlib(json.getBytes(StandardCharsets.UTF_8), Deflater.BEST_COMPRESSION);
        byte[] m = new byte[3 + z.length];
        m[0] = CallsDcMessages.SDP;
        m[1] = (byte) 0xC4;
        m[2] = (byte) z.length;
        System.arraycopy(z, 0, m, 3, z.length);
        DcSdpCodec.Description d = DcSdpCodec.decode(m);
        assertEquals("answer", d.type());
        assertEquals("v=0\r\ns=-\r\n", d.sdp());
    }

    @Test
    void malformedInputIsAClearError() {
        assertMessage("not msgpack bin", new byte[] {CallsDcMessages.SDP, (byte) 0xA1, 'x'});
        assertMessage("truncated", new byte[] {CallsDcMessages.SDP, (byte) 0xC5, 1});
        assertMessage("bin length", new byte[] {CallsDcMessages.SDP, (byte) 0xC4, 9, 1});
        assertMessage("zlib", new byte[] {CallsDcMessages.SDP, (byte) 0xC4, 3, 1, 2, 3});
        byte[] notJson = zlib("[1,2]".getBytes(StandardCharsets.UTF_8), Deflater.DEFAULT_COMPRESSION);
        assertMessage("JSON", bin(notJson));
        byte[] noSdp = zlib("{\"type\":\"offer\"}".getBytes(StandardCharsets.UTF_8), Deflater.DEFAULT_COMPRESSION);
        assertMessage("needs", bin(noSdp));
        byte[] numberValue = zlib("{\"type\":1}".getBytes(StandardCharsets.UTF_8), Deflater.DEFAULT_COMPRESSION);
        assertMessage("expected", bin(numberValue));
    }

    @Test
    void aZlibBombIsRefusedWithoutExpandingIt() {
        byte[] zeros = new byte[DcSdpCodec.MAX_JSON_BYTES * 4];
        byte[] z = zlib(zeros, Deflater.BEST_COMPRESSION);
        assertTrue(z.length < 8192, "compresses well: " + z.length);
        assertMessage("exceeds", bin(z));
    }

    private static void assertMessage(String part, byte[] message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DcSdpCodec.decode(message));
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }

    private static byte[] bin(byte[] z) {
        byte[] m = new byte[4 + z.length];
        m[0] = CallsDcMessages.SDP;
        m[1] = (byte) 0xC5;
        m[2] = (byte) (z.length >>> 8);
        m[3] = (byte) z.length;
        System.arraycopy(z, 0, m, 4, z.length);
        return m;
    }

    private static byte[] zlib(byte[] data, int level) {
        Deflater d = new Deflater(level);
        d.setInput(data);
        d.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[4096];
        while (!d.finished()) {
            out.write(chunk, 0, d.deflate(chunk));
        }
        d.end();
        return out.toByteArray();
    }
}
