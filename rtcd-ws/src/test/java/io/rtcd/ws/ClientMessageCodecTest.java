package io.rtcd.ws;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Golden bytes derived by hand from the msgpack spec (github.com/msgpack/msgpack spec.md): fixstr = 0xa0|len, str8 =
 * 0xd9 len, str16 = 0xda len16, fixmap = 0x80|n, map16 = 0xde n16, bin8 = 0xc4 len, bin16 = 0xc5 len16, positive fixint
 * = 0x00..0x7f, uint8 = 0xcc, int16 = 0xd1, uint32 = 0xce, nil = 0xc0, false = 0xc2, true = 0xc3.
 */
class ClientMessageCodecTest {

    private static final HexFormat HEX = HexFormat.of();

    private static byte[] hex(String spaced) {
        return HEX.parseHex(spaced.replace(" ", ""));
    }

    private static void golden(ClientMessage m, String hexBytes) {
        byte[] expected = hex(hexBytes);
        assertEquals(HEX.formatHex(expected), HEX.formatHex(ClientMessageCodec.encode(m)), "encode " + m);
        assertEquals(m, ClientMessageCodec.decode(expected), "decode " + m.type());
    }

    @Test
    void hello() {
        golden(
                new Hello("c1", "x"),
                "a5 68656c6c6f" // fixstr(5) "hello"
                        + " 82" // fixmap, 2 entries, keys sorted
                        + " a8 636c69656e744944 a2 6331" // "clientID": "c1"
                        + " a6 636f6e6e4944 a1 78"); // "connID": "x"
    }

    @Test
    void join() {
        golden(
                new Join("c", "u", "s", "h", true, false),
                "a4 6a6f696e" // "join"
                        + " 86" // fixmap, 6 entries: sorted strings first, then the booleans
                        + " a6 63616c6c4944 a1 63" // "callID": "c"
                        + " a9 6368616e6e656c4944 a1 68" // "channelID": "h"
                        + " a9 73657373696f6e4944 a1 73" // "sessionID": "s"
                        + " a6 757365724944 a1 75" // "userID": "u"
                        + " aa 617631537570706f7274 c3" // "av1Support": true
                        + " ab 64635369676e616c696e67 c2"); // "dcSignaling": false
    }

    @Test
    void leaveReconnectClose() {
        String session = " 81 a9 73657373696f6e4944 a2 7331"; // fixmap 1, "sessionID": "s1"
        golden(new Leave("s1"), "a5 6c65617665" + session); // "leave"
        golden(new Reconnect("s1"), "a9 7265636f6e6e656374" + session); // "reconnect"
        golden(new Close("s1"), "a5 636c6f7365" + session); // "close"
    }

    @Test
    void closeWithReasonAddsOneStringKeyToRtcdsMap() {
        golden(
                new Close("s1", "ice_timeout"),
                "a5 636c6f7365" // "close"
                        + " 82 a9 73657373696f6e4944 a2 7331" // fixmap 2, "sessionID": "s1"
                        + " a6 726561736f6e ab 6963655f74696d656f7574"); // "reason": "ice_timeout"
    }

    private static final String RTC_HEAD = " a8 67726f75705f6964 a1 67" // "group_id": "g"
            + " a7 757365725f6964 a1 75" // "user_id": "u"
            + " aa 73657373696f6e5f6964 a1 73" // "session_id": "s"
            + " a7 63616c6c5f6964 a1 63"; // "call_id": "c"

    @Test
    void rtcWithData() {
        golden(
                new Rtc(new RtcMessage("g", "u", "s", "c", RtcMessage.SDP, new byte[] {0x7b, 0x7d})),
                "a3 727463" // "rtc"
                        + " 86" // fixmap 6 (Go struct field order)
                        + RTC_HEAD
                        + " a4 74797065 02" // "type": positive fixint 2
                        + " a4 64617461 c4 02 7b7d"); // "data": bin8 len 2 "{}"
    }

    @Test
    void vadWithoutData() {
        golden(
                new Vad(new RtcMessage("g", "u", "s", "c", RtcMessage.VOICE_ON, null)),
                "a3 766164" // "vad"
                        + " 85" // fixmap 5: data omitted when empty (omitempty)
                        + RTC_HEAD
                        + " a4 74797065 07"); // "type": 7
    }

    @Test
    void allRtcTypesArePositiveFixints() {
        for (int t = RtcMessage.ICE; t <= RtcMessage.VIDEO_OFF; t++) {
            byte[] b = ClientMessageCodec.encode(new Rtc(new RtcMessage("", "", "s", "", t, null)));
            // "rtc" 85 a8"group_id" a0 a7"user_id" a0 aa"session_id" a1"s" a7"call_id" a0 a4"type" <t>
            assertEquals(t, b[b.length - 1]);
            assertEquals((byte) 0xa4, b[b.length - 6]);
        }
    }

    @Test
    void widerEncodingsForLongerValues() {
        String s40 = "s".repeat(40);
        byte[] data300 = new byte[300];
        byte[] enc = ClientMessageCodec.encode(new Rtc(new RtcMessage("", "", s40, "", 200, data300)));
        String h = HEX.formatHex(enc);
        // "session_id": str8 (0xd9) length 40 (0x28)
        assertEquals(true, h.contains("aa73657373696f6e5f6964" + "d928" + "73".repeat(40)), h);
        // "type": 200 does not fit a positive fixint: uint8 0xcc c8, like Go's EncodeUint
        assertEquals(true, h.contains("a474797065" + "ccc8"), h);
        // "data": bin16 (0xc5) length 300 (0x012c)
        assertEquals(true, h.endsWith("a464617461" + "c5012c" + "00".repeat(300)), h.substring(0, 80));

        String s300 = "x".repeat(300);
        String h2 = HEX.formatHex(ClientMessageCodec.encode(new Leave(s300)));
        assertEquals(true, h2.contains("da012c" + "78".repeat(300))); // str16
        assertEquals(new Leave(s300), ClientMessageCodec.decode(HEX.parseHex(h2)));
    }

    @Test
    void decodesAnyWidthAndKeyOrder() {
        byte[] frame = hex(
                "d9 03 727463" // "rtc" as str8
                        + " de 0006" // map16 with 6 entries
                        + " a4 74797065 d1 0002" // "type": int16 2, first
                        + " a4 64617461 c5 0002 7b7d" // "data": bin16 len 2
                        + " d9 08 67726f75705f6964 da 0001 67" // "group_id" as str8: "g" as str16
                        + " a7 757365725f6964 a1 75"
                        + " aa 73657373696f6e5f6964 db 00000001 73" // "s" as str32
                        + " a7 63616c6c5f6964 a1 63");
        assertEquals(
                new Rtc(new RtcMessage("g", "u", "s", "c", RtcMessage.SDP, new byte[] {0x7b, 0x7d})),
                ClientMessageCodec.decode(frame));

        byte[] uint32Type = hex("a3 727463 82 aa 73657373696f6e5f6964 a1 73 a4 74797065 ce 00000004");
        assertEquals(
                new Rtc(new RtcMessage("", "", "s", "", RtcMessage.UNMUTE, null)),
                ClientMessageCodec.decode(uint32Type));
    }

    @Test
    void decodeIsLenient() {
        // unknown key skipped, nil data, "data" as str (Go's DecodeBytes accepts str too)
        byte[] f = hex(
                "a3 727463 84 a1 7a 92 01 02" // "z": [1, 2] ignored
                        + " aa 73657373696f6e5f6964 a1 73 a4 74797065 01 a4 64617461 a2 6869");
        assertEquals(
                new Rtc(new RtcMessage(
                        "", "", "s", "", RtcMessage.ICE, "hi".getBytes(java.nio.charset.StandardCharsets.UTF_8))),
                ClientMessageCodec.decode(f));
        // join with booleans as strings and a nil string value
        byte[] j = hex("a4 6a6f696e 83 a6 63616c6c4944 c0 aa 617631537570706f7274 a4 74727565"
                + " ab 64635369676e616c696e67 c2");
        assertEquals(new Join("", "", "", "", true, false), ClientMessageCodec.decode(j));
    }

    @Test
    void rejectsWithReasons() {
        assertReason(WsProtocolException.UNKNOWN_TYPE, "a3 666f6f 80"); // "foo" {}
        assertReason(WsProtocolException.TRAILING_BYTES, "a5 6c65617665 81 a9 73657373696f6e4944 a2 7331 c0");
        assertReason(WsProtocolException.BAD_DATA, "a5 6c65617665 a1 78"); // leave data is a string
        assertReason(WsProtocolException.BAD_DATA, "a5 6c65617665"); // no data at all
        assertReason(WsProtocolException.BAD_DATA, "a5 6c65617665 81 01 a1 78"); // int key
        assertReason(WsProtocolException.BAD_DATA, "a5 6c65617665 81 a9 73657373696f6e4944 01"); // int value
        assertReason(WsProtocolException.BAD_DATA, "a3 727463 81 a4 74797065 a1 31"); // type as str
        assertReason(WsProtocolException.BAD_DATA, "a3 727463 81 a4 74797065 cf ffffffffffffffff"); // > int
        assertReason(WsProtocolException.BAD_DATA, "a3 727463 81 a4 64617461 c3"); // data as bool
        assertReason(WsProtocolException.MALFORMED, "01"); // type not a string
        assertReason(WsProtocolException.MALFORMED, "a5 6865"); // truncated
        assertReason(WsProtocolException.MALFORMED, "c1"); // never-used byte
        assertReason(WsProtocolException.MALFORMED, "a5 6c65617665 81 a9 73657373696f6e4944 db ffffff00"); // huge str
        assertReason(WsProtocolException.MALFORMED, "a5 6c65617665 df 7fffffff"); // huge map
        assertThrows(WsProtocolException.class, () -> ClientMessageCodec.decode(new byte[0]));
    }

    private static void assertReason(String reason, String hexFrame) {
        WsProtocolException e =
                assertThrows(WsProtocolException.class, () -> ClientMessageCodec.decode(hex(hexFrame)), hexFrame);
        assertEquals(reason, e.reason(), hexFrame + ": " + e.getMessage());
    }

    @Test
    void rtcMessageEqualityComparesBytes() {
        RtcMessage a = new RtcMessage("g", "u", "s", "c", 1, new byte[] {1, 2});
        RtcMessage b = new RtcMessage("g", "u", "s", "c", 1, new byte[] {1, 2});
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertArrayEquals(new byte[0], new RtcMessage(null, null, "s", null, 1, null).data());
    }
}
