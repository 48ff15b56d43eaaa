package io.rtcd.rtc.transport.ice;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * Writes one STUN message (RFC 8489 §5, §14) into a caller's byte array: header, attributes, then optionally
 * MESSAGE-INTEGRITY and FINGERPRINT, which must come last in that order. Not thread-safe; reusable after {@link
 * #start}. Throws {@link IndexOutOfBoundsException} if the array is too small (a programming error: callers size
 * their arrays for the messages they build).
 */
public final class StunMessageWriter {
    private byte[] out;
    private int start;
    private int pos;
    private byte padding;

    /**
     * Value of the padding bytes (RFC 8489 §14: any value; receivers ignore them). Default 0. RFC 5769 vectors use
     * 0x20, which the golden tests need.
     */
    public StunMessageWriter padding(byte value) {
        this.padding = value;
        return this;
    }

    /** Starts a message of {@code type} with the 12-byte transaction id at {@code txId[txOff]}. */
    public StunMessageWriter start(byte[] out, int off, int type, byte[] txId, int txOff) {
        this.out = out;
        this.start = off;
        this.pos = off + StunMessage.HEADER_LENGTH;
        out[off] = (byte) (type >>> 8);
        out[off + 1] = (byte) type;
        writeInt(out, off + 4, StunMessage.MAGIC_COOKIE);
        System.arraycopy(txId, txOff, out, off + 8, 12);
        updateLength();
        return this;
    }

    public StunMessageWriter attribute(int type, byte[] value, int valueOff, int valueLen) {
        header(type, valueLen);
        System.arraycopy(value, valueOff, out, pos, valueLen);
        pos += valueLen;
        pad(valueLen);
        return this;
    }

    public StunMessageWriter string(int type, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        return attribute(type, bytes, 0, bytes.length);
    }

    public StunMessageWriter uint32(int type, long value) {
        header(type, 4);
        writeInt(out, pos, (int) value);
        pos += 4;
        updateLength();
        return this;
    }

    public StunMessageWriter uint64(int type, long value) {
        header(type, 8);
        writeInt(out, pos, (int) (value >>> 32));
        writeInt(out, pos + 4, (int) value);
        pos += 8;
        updateLength();
        return this;
    }

    /** An attribute with no value, such as USE-CANDIDATE. */
    public StunMessageWriter flag(int type) {
        header(type, 0);
        updateLength();
        return this;
    }

    /** XOR-MAPPED-ADDRESS (RFC 8489 §14.2) for an IPv4 or IPv6 address. */
    public StunMessageWriter xorMappedAddress(InetSocketAddress address) {
        byte[] addr = address.getAddress().getAddress();
        int valueLen = 4 + addr.length;
        header(StunMessage.ATTR_XOR_MAPPED_ADDRESS, valueLen);
        out[pos] = 0;
        out[pos + 1] = (byte) (addr.length == 4 ? 0x01 : 0x02);
        int xport = address.getPort() ^ (StunMessage.MAGIC_COOKIE >>> 16);
        out[pos + 2] = (byte) (xport >>> 8);
        out[pos + 3] = (byte) xport;
        for (int i = 0; i < addr.length; i++) {
            out[pos + 4 + i] = (byte) (addr[i] ^ out[start + 4 + i]);
        }
        pos += valueLen;
        updateLength();
        return this;
    }

    /** ERROR-CODE (RFC 8489 §14.8), e.g. 487 "Role Conflict". */
    public StunMessageWriter errorCode(int code, String reason) {
        byte[] phrase = reason.getBytes(StandardCharsets.UTF_8);
        int valueLen = 4 + phrase.length;
        header(StunMessage.ATTR_ERROR_CODE, valueLen);
        out[pos] = 0;
        out[pos + 1] = 0;
        out[pos + 2] = (byte) (code / 100);
        out[pos + 3] = (byte) (code % 100);
        System.arraycopy(phrase, 0, out, pos + 4, phrase.length);
        pos += valueLen;
        pad(valueLen);
        return this;
    }

    /** Appends MESSAGE-INTEGRITY keyed by {@code integrity}'s password (RFC 8489 §14.5). */
    public StunMessageWriter messageIntegrity(StunIntegrity integrity) {
        int attrOff = pos;
        header(StunMessage.ATTR_MESSAGE_INTEGRITY, 20);
        pos += 20;
        updateLength();
        integrity.computeHmac(out, start, attrOff, out, attrOff + 4);
        return this;
    }

    /** Appends FINGERPRINT (RFC 8489 §14.7); must be the last attribute. */
    public StunMessageWriter fingerprint(StunIntegrity integrity) {
        int attrOff = pos;
        header(StunMessage.ATTR_FINGERPRINT, 4);
        pos += 4;
        updateLength();
        writeInt(out, attrOff + 4, integrity.computeFingerprint(out, start, attrOff));
        return this;
    }

    /** Total message length written so far, header included. */
    public int length() {
        return pos - start;
    }

    private void header(int type, int valueLen) {
        out[pos] = (byte) (type >>> 8);
        out[pos + 1] = (byte) type;
        out[pos + 2] = (byte) (valueLen >>> 8);
        out[pos + 3] = (byte) valueLen;
        pos += 4;
    }

    private void pad(int valueLen) {
        int n = (4 - (valueLen & 3)) & 3;
        for (int i = 0; i < n; i++) {
            out[pos++] = padding;
        }
        updateLength();
    }

    private void updateLength() {
        int msgLen = pos - start - StunMessage.HEADER_LENGTH;
        out[start + 2] = (byte) (msgLen >>> 8);
        out[start + 3] = (byte) msgLen;
    }

    private static void writeInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }
}
