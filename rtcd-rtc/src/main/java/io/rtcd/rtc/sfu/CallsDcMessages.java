package io.rtcd.rtc.sfu;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The rtcd data-channel message format: a msgpack unsigned integer type, optionally followed by
 * one msgpack value. Only what the SFU reads and writes: the type, a bool reply to Lock, and the MediaMap. Control
 * plane only (a few messages per second): allocates freely.
 */
final class CallsDcMessages {
    static final int PING = 1;
    static final int PONG = 2;
    static final int SDP = 3;
    static final int LOSS_RATE = 4;
    static final int RTT = 5;
    static final int JITTER = 6;
    static final int LOCK = 7;
    static final int UNLOCK = 8;
    static final int MEDIA_MAP = 9;

    private CallsDcMessages() {}

    /** The leading msgpack unsigned integer, or -1 if the message does not start with one. */
    static int type(byte[] m) {
        if (m.length == 0) {
            return -1;
        }
        int b = m[0] & 0xFF;
        if (b <= 0x7F) {
            return b; // positive fixint
        }
        if (b == 0xCC && m.length >= 2) {
            return m[1] & 0xFF; // uint8
        }
        if (b == 0xCD && m.length >= 3) {
            return ((m[1] & 0xFF) << 8) | (m[2] & 0xFF); // uint16
        }
        return -1;
    }

    static byte[] pong() {
        return new byte[] {PONG};
    }

    /** Lock response: type 7 then msgpack true (0xc3) or false (0xc2). */
    static byte[] lockResponse(boolean granted) {
        return new byte[] {LOCK, (byte) (granted ? 0xC3 : 0xC2)};
    }

    /**
     * MediaMap (type 9): a map MID → {type, sender_id}, sent before each server offer so the client knows what each
     * new transceiver carries.
     */
    static byte[] mediaMap(Map<String, String[]> midToTypeAndSender) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(MEDIA_MAP);
        mapHeader(out, midToTypeAndSender.size());
        for (Map.Entry<String, String[]> e : midToTypeAndSender.entrySet()) {
            str(out, e.getKey());
            mapHeader(out, 2);
            str(out, "type");
            str(out, e.getValue()[0]);
            str(out, "sender_id");
            str(out, e.getValue()[1]);
        }
        return out.toByteArray();
    }

    private static void mapHeader(ByteArrayOutputStream out, int n) {
        if (n < 16) {
            out.write(0x80 | n);
        } else {
            out.write(0xDE);
            out.write(n >>> 8);
            out.write(n);
        }
    }

    /** msgpack bin 8/16/32 (msgpack spec "bin format family"), e.g. the zlib payload of an SDP message. */
    static void bin(ByteArrayOutputStream out, byte[] b) {
        if (b.length < 256) {
            out.write(0xC4);
            out.write(b.length);
        } else if (b.length < 65536) {
            out.write(0xC5);
            out.write(b.length >>> 8);
            out.write(b.length);
        } else {
            out.write(0xC6);
            out.write(b.length >>> 24);
            out.write(b.length >>> 16);
            out.write(b.length >>> 8);
            out.write(b.length);
        }
        out.write(b, 0, b.length);
    }

    private static void str(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length < 32) {
            out.write(0xA0 | b.length);
        } else if (b.length < 256) {
            out.write(0xD9);
            out.write(b.length);
        } else {
            out.write(0xDA);
            out.write(b.length >>> 8);
            out.write(b.length);
        }
        out.write(b, 0, b.length);
    }
}
