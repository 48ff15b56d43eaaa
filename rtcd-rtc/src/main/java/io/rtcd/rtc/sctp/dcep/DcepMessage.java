package io.rtcd.rtc.sctp.dcep;

import io.rtcd.rtc.sctp.packet.WireBytes;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Data Channel Establishment Protocol messages (RFC 8832 §5) with a codec that never throws on bad input. */
public sealed interface DcepMessage {
    /** Message type of DATA_CHANNEL_OPEN (RFC 8832 §8.2.1). */
    int TYPE_OPEN = 0x03;
    /** Message type of DATA_CHANNEL_ACK. */
    int TYPE_ACK = 0x02;

    /** Encodes the message for PPID 50. */
    byte[] encode();

    /**
     * DATA_CHANNEL_OPEN (RFC 8832 §5.1).
     *
     * @param channelType channel type
     * @param priority priority (RFC 8831 §6.4)
     * @param reliabilityParameter retransmissions or lifetime in ms, depending on the type
     * @param label channel label
     * @param protocol sub-protocol name
     */
    record Open(DataChannelType channelType, int priority, int reliabilityParameter, String label, String protocol)
            implements DcepMessage {
        @Override
        public byte[] encode() {
            byte[] l = label.getBytes(StandardCharsets.UTF_8);
            byte[] p = protocol.getBytes(StandardCharsets.UTF_8);
            byte[] out = new byte[12 + l.length + p.length];
            out[0] = (byte) TYPE_OPEN;
            out[1] = (byte) channelType.code();
            WireBytes.put16(out, 2, priority);
            WireBytes.put32(out, 4, reliabilityParameter);
            WireBytes.put16(out, 8, l.length);
            WireBytes.put16(out, 10, p.length);
            System.arraycopy(l, 0, out, 12, l.length);
            System.arraycopy(p, 0, out, 12 + l.length, p.length);
            return out;
        }
    }

    /** DATA_CHANNEL_ACK (RFC 8832 §5.2). */
    record Ack() implements DcepMessage {
        @Override
        public byte[] encode() {
            return new byte[] {(byte) TYPE_ACK};
        }
    }

    /** Decodes a PPID-50 payload; null when malformed (unknown type, bad lengths, invalid UTF-8). */
    static DcepMessage decode(byte[] b) {
        if (b.length == 0) {
            return null;
        }
        int type = b[0] & 0xFF;
        if (type == TYPE_ACK) {
            return b.length == 1 ? new Ack() : null;
        }
        if (type != TYPE_OPEN || b.length < 12) {
            return null;
        }
        DataChannelType ct = DataChannelType.fromCode(b[1] & 0xFF);
        int ll = WireBytes.u16(b, 8);
        int pl = WireBytes.u16(b, 10);
        if (ct == null || 12 + ll + pl != b.length) {
            return null;
        }
        String label = utf8(b, 12, ll);
        String protocol = utf8(b, 12 + ll, pl);
        if (label == null || protocol == null) {
            return null;
        }
        return new Open(ct, WireBytes.u16(b, 2), WireBytes.i32(b, 4), label, protocol);
    }

    private static String utf8(byte[] b, int off, int len) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b, off, len))
                    .toString();
        } catch (CharacterCodingException expected) {
            return null;
        }
    }
}
