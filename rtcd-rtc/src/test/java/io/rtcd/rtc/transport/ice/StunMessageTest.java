package io.rtcd.rtc.transport.ice;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Golden-bytes tests of the STUN codec against the RFC 5769 test vectors (§2.1-§2.3). */
class StunMessageTest {
    static final String PASSWORD = "VOkJxbRl1RmTxUk/WvJxBt";
    static final byte[] TX_ID = HexFormat.of().parseHex("b7e7a701bc34d686fa87dfae");

    /** RFC 5769 §2.1 sample request. */
    static final byte[] SAMPLE_REQUEST = HexFormat.of()
            .parseHex("000100582112a442b7e7a701bc34d686fa87dfae"
                    + "802200105354554e207465737420636c69656e74"
                    + "002400046e0001ff"
                    + "80290008932ff9b151263b36"
                    + "000600096576746a3a68367659202020"
                    + "000800149aeaa70cbfd8cb56781ef2b5b2d3f249c1b571a2"
                    + "80280004e57a3bcf");

    /** RFC 5769 §2.2 sample IPv4 response. */
    static final byte[] SAMPLE_IPV4_RESPONSE = HexFormat.of()
            .parseHex("0101003c2112a442b7e7a701bc34d686fa87dfae"
                    + "8022000b7465737420766563746f7220"
                    + "002000080001a147e112a643"
                    + "000800142b91f599fd9e90c38c7489f92af9ba53f06be7d7"
                    + "80280004c07d4c96");

    /** RFC 5769 §2.3 sample IPv6 response. */
    static final byte[] SAMPLE_IPV6_RESPONSE = HexFormat.of()
            .parseHex("010100482112a442b7e7a701bc34d686fa87dfae"
                    + "8022000b7465737420766563746f7220"
                    + "002000140002a1470113a9faa5d3f179bc25f4b5bed2b9d9"
                    + "00080014a382954e4be67bf11784c97c8292c275bfe3ed41"
                    + "80280004c8fb0b4c");

    @Test
    void parsesAndVerifiesSampleRequest() {
        StunMessage msg = new StunMessage();
        assertTrue(msg.parse(SAMPLE_REQUEST, 0, SAMPLE_REQUEST.length));
        assertEquals(StunMessage.BINDING_REQUEST, msg.type());
        assertEquals("evtj:h6vY", msg.username());
        assertEquals(0x6e0001ffL, msg.priority());
        assertTrue(msg.iceControlled());
        assertFalse(msg.iceControlling());
        assertFalse(msg.useCandidate());
        assertEquals(0x932ff9b151263b36L, msg.tieBreaker());
        StunIntegrity integrity = new StunIntegrity(PASSWORD);
        assertTrue(integrity.verifyIntegrity(msg));
        assertTrue(integrity.verifyFingerprint(msg));
        assertFalse(new StunIntegrity("wrong-password-0123456789").verifyIntegrity(msg));
    }

    @Test
    void parsesAndVerifiesSampleIpv4Response() throws Exception {
        StunMessage msg = new StunMessage();
        assertTrue(msg.parse(SAMPLE_IPV4_RESPONSE, 0, SAMPLE_IPV4_RESPONSE.length));
        assertEquals(StunMessage.BINDING_SUCCESS, msg.type());
        assertEquals(new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 32853), msg.xorMappedAddress());
        StunIntegrity integrity = new StunIntegrity(PASSWORD);
        assertTrue(integrity.verifyIntegrity(msg));
        assertTrue(integrity.verifyFingerprint(msg));
    }

    @Test
    void parsesAndVerifiesSampleIpv6Response() throws Exception {
        StunMessage msg = new StunMessage();
        assertTrue(msg.parse(SAMPLE_IPV6_RESPONSE, 0, SAMPLE_IPV6_RESPONSE.length));
        assertEquals(
                new InetSocketAddress(InetAddress.getByName("2001:db8:1234:5678:11:2233:4455:6677"), 32853),
                msg.xorMappedAddress());
        StunIntegrity integrity = new StunIntegrity(PASSWORD);
        assertTrue(integrity.verifyIntegrity(msg));
        assertTrue(integrity.verifyFingerprint(msg));
    }

    @Test
    void encodesSampleRequestByteForByte() {
        StunIntegrity integrity = new StunIntegrity(PASSWORD);
        byte[] out = new byte[256];
        int n = new StunMessageWriter()
                .padding((byte) 0x20)
                .start(out, 0, StunMessage.BINDING_REQUEST, TX_ID, 0)
                .string(StunMessage.ATTR_SOFTWARE, "STUN test client")
                .uint32(StunMessage.ATTR_PRIORITY, 0x6e0001ffL)
                .uint64(StunMessage.ATTR_ICE_CONTROLLED, 0x932ff9b151263b36L)
                .string(StunMessage.ATTR_USERNAME, "evtj:h6vY")
                .messageIntegrity(integrity)
                .fingerprint(integrity)
                .length();
        assertArrayEquals(SAMPLE_REQUEST, Arrays.copyOf(out, n));
    }

    @Test
    void encodesSampleIpv4ResponseByteForByte() throws Exception {
        StunIntegrity integrity = new StunIntegrity(PASSWORD);
        byte[] out = new byte[256];
        int n = new StunMessageWriter()
                .padding((byte) 0x20)
                .start(out, 0, StunMessage.BINDING_SUCCESS, TX_ID, 0)
                .string(StunMessage.ATTR_SOFTWARE, "test vector")
                .xorMappedAddress(new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 32853))
                .messageIntegrity(integrity)
                .fingerprint(integrity)
                .length();
        assertArrayEquals(SAMPLE_IPV4_RESPONSE, Arrays.copyOf(out, n));
    }

    @Test
    void encodesSampleIpv6ResponseByteForByte() throws Exception {
        StunIntegrity integrity = new StunIntegrity(PASSWORD);
        byte[] out = new byte[256];
        int n = new StunMessageWriter()
                .padding((byte) 0x20)
                .start(out, 0, StunMessage.BINDING_SUCCESS, TX_ID, 0)
                .string(StunMessage.ATTR_SOFTWARE, "test vector")
                .xorMappedAddress(
                        new InetSocketAddress(InetAddress.getByName("2001:db8:1234:5678:11:2233:4455:6677"), 32853))
                .messageIntegrity(integrity)
                .fingerprint(integrity)
                .length();
        assertArrayEquals(SAMPLE_IPV6_RESPONSE, Arrays.copyOf(out, n));
    }

    @Test
    void tamperedRequestFailsIntegrityAndFingerprint() {
        byte[] tampered = SAMPLE_REQUEST.clone();
        tampered[30] ^= 0x01; // inside SOFTWARE
        StunMessage msg = new StunMessage();
        assertTrue(msg.parse(tampered, 0, tampered.length));
        StunIntegrity integrity = new StunIntegrity(PASSWORD);
        assertFalse(integrity.verifyIntegrity(msg));
        assertFalse(integrity.verifyFingerprint(msg));
    }

    @Test
    void rejectsMalformedFraming() {
        StunMessage msg = new StunMessage();
        assertFalse(msg.parse(SAMPLE_REQUEST, 0, 19), "shorter than the header");
        assertFalse(msg.parse(SAMPLE_REQUEST, 0, SAMPLE_REQUEST.length - 4), "length field mismatch");
        byte[] badCookie = SAMPLE_REQUEST.clone();
        badCookie[4] = 0;
        assertFalse(msg.parse(badCookie, 0, badCookie.length), "magic cookie");
        byte[] overrun = SAMPLE_REQUEST.clone();
        overrun[22] = 0x7F; // SOFTWARE length runs past the end
        assertFalse(msg.parse(overrun, 0, overrun.length), "attribute overrun");
        byte[] fingerprintNotLast = Arrays.copyOf(SAMPLE_REQUEST, SAMPLE_REQUEST.length + 8);
        fingerprintNotLast[3] = (byte) (0x58 + 8);
        fingerprintNotLast[SAMPLE_REQUEST.length + 1] = 0x24; // PRIORITY after FINGERPRINT
        fingerprintNotLast[SAMPLE_REQUEST.length + 3] = 4;
        assertFalse(msg.parse(fingerprintNotLast, 0, fingerprintNotLast.length), "FINGERPRINT must be last");
    }

    @Test
    void parsesAtAnOffset() {
        byte[] shifted = new byte[SAMPLE_REQUEST.length + 7];
        System.arraycopy(SAMPLE_REQUEST, 0, shifted, 7, SAMPLE_REQUEST.length);
        StunMessage msg = new StunMessage();
        assertTrue(msg.parse(shifted, 7, SAMPLE_REQUEST.length));
        StunIntegrity integrity = new StunIntegrity(PASSWORD);
        assertTrue(integrity.verifyIntegrity(msg));
        assertTrue(integrity.verifyFingerprint(msg));
    }
}
