package io.rtcd.ws;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessageIntegerOverflowException;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueType;

/**
 * Binary framing of rtcd client messages: each WebSocket binary frame holds two concatenated msgpack
 * values, the {@code type} string and then the data value.
 *
 * <p>Encoding matches Go's vmihailenco/msgpack v5 as rtcd uses it (msgpack spec, github.com/msgpack/msgpack
 * spec.md): strings as fixstr/str8/str16/str32, maps as fixmap/map16/map32, {@code rtc.Message.type} as the smallest
 * int (positive fixint for 1..10), byte slices as bin8/bin16/bin32. Key order is deterministic: string maps in sorted
 * key order ({@code clientID, connID}); {@code join} has its four string entries sorted first, then the two booleans;
 * {@code rtc.Message} in Go struct field order {@code group_id, user_id, session_id, call_id, type, data} with {@code
 * data} omitted when empty.
 *
 * <p>Decoding accepts every msgpack width of int/str/bin/map, any key order, unknown keys (skipped) and nil string
 * values (as ""); it rejects unknown types, wrong data shapes and trailing bytes with {@link WsProtocolException}.
 * Stateless and thread-safe.
 */
public final class ClientMessageCodec {

    private ClientMessageCodec() {}

    public static byte[] encode(ClientMessage m) {
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            str(p, m.type());
            switch (m) {
                case Hello h -> {
                    p.packMapHeader(2);
                    str(p, "clientID");
                    str(p, h.clientId());
                    str(p, "connID");
                    str(p, h.connId());
                }
                case Join j -> {
                    p.packMapHeader(6);
                    str(p, "callID");
                    str(p, j.callId());
                    str(p, "channelID");
                    str(p, j.channelId());
                    str(p, "sessionID");
                    str(p, j.sessionId());
                    str(p, "userID");
                    str(p, j.userId());
                    str(p, "av1Support");
                    p.packBoolean(j.av1Support());
                    str(p, "dcSignaling");
                    p.packBoolean(j.dcSignaling());
                }
                case Leave l -> sessionMap(p, l.sessionId());
                case Reconnect r -> sessionMap(p, r.sessionId());
                case Close c -> {
                    if (c.reason().isEmpty()) {
                        sessionMap(p, c.sessionId());
                    } else {
                        p.packMapHeader(2);
                        str(p, "sessionID");
                        str(p, c.sessionId());
                        str(p, "reason");
                        str(p, c.reason());
                    }
                }
                case Rtc r -> rtcMessage(p, r.msg());
                case Vad v -> rtcMessage(p, v.msg());
            }
            return p.toByteArray();
        } catch (IOException e) {
            // MessageBufferPacker writes to memory only.
            throw new WsException("failed to encode " + m.type() + " message", e);
        }
    }

    private static void sessionMap(MessageBufferPacker p, String sessionId) throws IOException {
        p.packMapHeader(1);
        str(p, "sessionID");
        str(p, sessionId);
    }

    private static void rtcMessage(MessageBufferPacker p, RtcMessage m) throws IOException {
        boolean hasData = m.data().length > 0;
        p.packMapHeader(hasData ? 6 : 5);
        str(p, "group_id");
        str(p, m.groupId());
        str(p, "user_id");
        str(p, m.userId());
        str(p, "session_id");
        str(p, m.sessionId());
        str(p, "call_id");
        str(p, m.callId());
        str(p, "type");
        p.packInt(m.type());
        if (hasData) {
            str(p, "data");
            p.packBinaryHeader(m.data().length);
            p.writePayload(m.data());
        }
    }

    /** UTF-8 string with the smallest header (fixstr, str8, str16, str32), like Go's EncodeString. */
    private static void str(MessageBufferPacker p, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        p.packRawStringHeader(b.length);
        p.writePayload(b);
    }

    /**
     * Decodes one frame.
     *
     * @throws WsProtocolException with a {@link WsProtocolException#reason()} and a short message
     */
    public static ClientMessage decode(byte[] frame) {
        if (frame == null || frame.length == 0) {
            throw new WsProtocolException(WsProtocolException.MALFORMED, "empty frame");
        }
        try (MessageUnpacker u = MessagePack.newDefaultUnpacker(frame)) {
            Reader r = new Reader(u, frame.length);
            if (r.nextType() != ValueType.STRING) {
                throw bad(WsProtocolException.MALFORMED, "type is not a msgpack string");
            }
            String type = r.string();
            if (!u.hasNext()) {
                throw bad(WsProtocolException.BAD_DATA, "missing data for type " + type);
            }
            ClientMessage m = switch (type) {
                case ClientMessage.HELLO -> {
                    Map<String, Object> d = r.map(type);
                    yield new Hello(r.str(d, "clientID", type), r.str(d, "connID", type));
                }
                case ClientMessage.JOIN -> {
                    Map<String, Object> d = r.map(type);
                    yield new Join(
                            r.str(d, "callID", type),
                            r.str(d, "userID", type),
                            r.str(d, "sessionID", type),
                            r.str(d, "channelID", type),
                            r.bool(d, "av1Support", type),
                            r.bool(d, "dcSignaling", type));
                }
                case ClientMessage.LEAVE -> new Leave(r.str(r.map(type), "sessionID", type));
                case ClientMessage.RECONNECT -> new Reconnect(r.str(r.map(type), "sessionID", type));
                case ClientMessage.CLOSE -> {
                    Map<String, Object> d = r.map(type);
                    yield new Close(r.str(d, "sessionID", type), r.str(d, "reason", type));
                }
                case ClientMessage.RTC -> new Rtc(r.rtcMessage(type));
                case ClientMessage.VAD -> new Vad(r.rtcMessage(type));
                default -> throw bad(WsProtocolException.UNKNOWN_TYPE, "unknown message type " + clip(type));
            };
            if (u.hasNext()) {
                throw bad(WsProtocolException.TRAILING_BYTES, "trailing bytes after " + type + " data");
            }
            return m;
        } catch (IOException | MessagePackException e) {
            throw new WsProtocolException(WsProtocolException.MALFORMED, "malformed msgpack: " + e.getMessage(), e);
        }
    }

    private static WsProtocolException bad(String reason, String message) {
        return new WsProtocolException(reason, message);
    }

    private static String clip(String s) {
        return s.length() > 32 ? s.substring(0, 32) + "..." : s;
    }

    /** Marker for map values of a type the codec does not use (arrays, floats, ...). */
    private static final Object OTHER = new Object();

    /** Bounded reading helpers over one frame. */
    private static final class Reader {
        private final MessageUnpacker u;
        private final long frameLength;

        Reader(MessageUnpacker u, long frameLength) {
            this.u = u;
            this.frameLength = frameLength;
        }

        ValueType nextType() throws IOException {
            return u.getNextFormat().getValueType();
        }

        private long remaining() {
            return frameLength - u.getTotalReadBytes();
        }

        /** Payload of {@code len} bytes, refusing lengths beyond the frame (no huge allocations). */
        private byte[] payload(long len) throws IOException {
            if (len < 0 || len > remaining()) {
                throw bad(WsProtocolException.MALFORMED, "declared length " + len + " exceeds the frame");
            }
            return u.readPayload((int) len);
        }

        String string() throws IOException {
            return new String(payload(u.unpackRawStringHeader()), StandardCharsets.UTF_8);
        }

        Map<String, Object> map(String type) throws IOException {
            MessageFormat f = u.getNextFormat();
            if (f.getValueType() != ValueType.MAP) {
                throw bad(WsProtocolException.BAD_DATA, type + " data must be a map, got " + f.getValueType());
            }
            int n = u.unpackMapHeader();
            if (n < 0 || n > remaining()) {
                throw bad(WsProtocolException.MALFORMED, "map size " + n + " exceeds the frame");
            }
            Map<String, Object> out = new HashMap<>(n * 2);
            for (int i = 0; i < n; i++) {
                if (nextType() != ValueType.STRING) {
                    throw bad(WsProtocolException.BAD_DATA, type + " data has a non-string key");
                }
                String key = string();
                out.put(key, value());
            }
            return out;
        }

        private Object value() throws IOException {
            switch (nextType()) {
                case STRING -> {
                    return string();
                }
                case BOOLEAN -> {
                    return u.unpackBoolean();
                }
                case NIL -> {
                    u.unpackNil();
                    return null;
                }
                case INTEGER -> {
                    try {
                        return u.unpackLong();
                    } catch (MessageIntegerOverflowException e) {
                        return OTHER; // a uint64 above Long.MAX_VALUE: consumed, unusable as an int
                    }
                }
                case BINARY -> {
                    return payload(u.unpackBinaryHeader());
                }
                default -> {
                    u.skipValue();
                    return OTHER;
                }
            }
        }

        String str(Map<String, Object> d, String key, String type) {
            Object v = d.get(key);
            if (v == null) {
                return "";
            }
            if (v instanceof String s) {
                return s;
            }
            if (v instanceof byte[] b) {
                return new String(b, StandardCharsets.UTF_8);
            }
            throw bad(WsProtocolException.BAD_DATA, type + "." + key + " must be a string");
        }

        boolean bool(Map<String, Object> d, String key, String type) {
            Object v = d.get(key);
            if (v == null) {
                return false;
            }
            if (v instanceof Boolean b) {
                return b;
            }
            if (v instanceof String s && (s.equals("true") || s.equals("false"))) {
                return Boolean.parseBoolean(s);
            }
            throw bad(WsProtocolException.BAD_DATA, type + "." + key + " must be a boolean");
        }

        RtcMessage rtcMessage(String type) throws IOException {
            Map<String, Object> d = map(type);
            Object t = d.get("type");
            int msgType;
            if (t == null) {
                msgType = 0;
            } else if (t instanceof Long l && l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) {
                msgType = l.intValue();
            } else {
                throw bad(WsProtocolException.BAD_DATA, type + ".type must be an int");
            }
            Object data = d.get("data");
            byte[] bytes;
            if (data == null) {
                bytes = null;
            } else if (data instanceof byte[] b) {
                bytes = b;
            } else if (data instanceof String s) {
                bytes = s.getBytes(StandardCharsets.UTF_8); // Go's DecodeBytes also accepts str
            } else {
                throw bad(WsProtocolException.BAD_DATA, type + ".data must be bin");
            }
            return new RtcMessage(
                    str(d, "group_id", type),
                    str(d, "user_id", type),
                    str(d, "session_id", type),
                    str(d, "call_id", type),
                    msgType,
                    bytes);
        }
    }
}
