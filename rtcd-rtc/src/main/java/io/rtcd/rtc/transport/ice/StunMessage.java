package io.rtcd.rtc.transport.ice;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;

/**
 * Allocation-free, reusable view of one STUN message (RFC 8489 §5-§6, §14) over a caller's byte array. {@link
 * #parse} validates the header and the attribute framing and remembers where the attributes ICE needs are; it never
 * copies the message. The view is only valid while the underlying bytes are unchanged, and an instance is not
 * thread-safe: the UDP reader thread owns one and reuses it for every STUN datagram.
 *
 * <p>Attribute rules applied (RFC 8489 §14.5, §14.7): only the first occurrence of an attribute is used; attributes
 * after MESSAGE-INTEGRITY other than FINGERPRINT are ignored; FINGERPRINT must be the last attribute.
 */
public final class StunMessage {
    public static final int HEADER_LENGTH = 20;
    public static final int MAGIC_COOKIE = 0x2112A442;

    public static final int BINDING_REQUEST = 0x0001;
    public static final int BINDING_INDICATION = 0x0011;
    public static final int BINDING_SUCCESS = 0x0101;
    public static final int BINDING_ERROR = 0x0111;

    public static final int ATTR_MAPPED_ADDRESS = 0x0001;
    public static final int ATTR_USERNAME = 0x0006;
    public static final int ATTR_MESSAGE_INTEGRITY = 0x0008;
    public static final int ATTR_ERROR_CODE = 0x0009;
    public static final int ATTR_XOR_MAPPED_ADDRESS = 0x0020;
    public static final int ATTR_PRIORITY = 0x0024;
    public static final int ATTR_USE_CANDIDATE = 0x0025;
    public static final int ATTR_SOFTWARE = 0x8022;
    public static final int ATTR_FINGERPRINT = 0x8028;
    public static final int ATTR_ICE_CONTROLLED = 0x8029;
    public static final int ATTR_ICE_CONTROLLING = 0x802A;

    /** Length of the MESSAGE-INTEGRITY attribute including its 4-byte header. */
    public static final int INTEGRITY_ATTR_LENGTH = 24;
    /** Length of the FINGERPRINT attribute including its 4-byte header. */
    public static final int FINGERPRINT_ATTR_LENGTH = 8;
    /** FINGERPRINT is CRC-32 of the message XOR this constant, RFC 8489 §14.7. */
    public static final int FINGERPRINT_XOR = 0x5354554E;

    private byte[] buf;
    private int off;
    private int len;
    private int type;
    private int usernameOff;
    private int usernameLen;
    private int integrityOff;
    private int fingerprintOff;
    private int xorMappedOff;
    private int xorMappedLen;
    private int errorCodeOff;
    private int errorCodeLen;
    private long priority;
    private boolean useCandidate;
    private boolean iceControlling;
    private boolean iceControlled;
    private long tieBreaker;

    /** Cheap check of the fixed header: first two bits zero, magic cookie, length consistent with the datagram. */
    public static boolean looksLikeStun(byte[] b, int off, int len) {
        if (len < HEADER_LENGTH || (b[off] & 0xC0) != 0) {
            return false;
        }
        int msgLen = u16(b, off + 2);
        return (msgLen & 3) == 0 && msgLen + HEADER_LENGTH == len && readInt(b, off + 4) == MAGIC_COOKIE;
    }

    /**
     * Parses the message at {@code b[off..off+len)}. Returns {@code false} if the header or the attribute framing is
     * malformed; the view is then unusable until the next successful parse.
     */
    public boolean parse(byte[] b, int off, int len) {
        reset();
        if (!looksLikeStun(b, off, len)) {
            return false;
        }
        this.buf = b;
        this.off = off;
        this.len = len;
        this.type = u16(b, off) & 0x3FFF;
        int end = off + len;
        int pos = off + HEADER_LENGTH;
        boolean afterIntegrity = false;
        while (pos < end) {
            if (pos + 4 > end) {
                return false;
            }
            int attrType = u16(b, pos);
            int attrLen = u16(b, pos + 2);
            int value = pos + 4;
            int next = value + ((attrLen + 3) & ~3);
            if (next > end) {
                return false;
            }
            if (fingerprintOff >= 0) {
                return false; // FINGERPRINT must be last
            }
            if (attrType == ATTR_FINGERPRINT) {
                if (attrLen != 4) {
                    return false;
                }
                fingerprintOff = pos;
            } else if (!afterIntegrity) {
                if (!readAttribute(attrType, pos, value, attrLen)) {
                    return false;
                }
                afterIntegrity = attrType == ATTR_MESSAGE_INTEGRITY;
            }
            pos = next;
        }
        return true;
    }

    private boolean readAttribute(int attrType, int pos, int value, int attrLen) {
        switch (attrType) {
            case ATTR_USERNAME -> {
                if (usernameOff < 0) {
                    usernameOff = value;
                    usernameLen = attrLen;
                }
            }
            case ATTR_MESSAGE_INTEGRITY -> {
                if (attrLen != 20) {
                    return false;
                }
                integrityOff = pos;
            }
            case ATTR_PRIORITY -> {
                if (attrLen != 4) {
                    return false;
                }
                priority = readInt(buf, value) & 0xFFFFFFFFL;
            }
            case ATTR_USE_CANDIDATE -> useCandidate = true;
            case ATTR_ICE_CONTROLLING, ATTR_ICE_CONTROLLED -> {
                if (attrLen != 8) {
                    return false;
                }
                tieBreaker = ((long) readInt(buf, value) << 32) | (readInt(buf, value + 4) & 0xFFFFFFFFL);
                if (attrType == ATTR_ICE_CONTROLLING) {
                    iceControlling = true;
                } else {
                    iceControlled = true;
                }
            }
            case ATTR_XOR_MAPPED_ADDRESS -> {
                if (xorMappedOff < 0) {
                    xorMappedOff = value;
                    xorMappedLen = attrLen;
                }
            }
            case ATTR_ERROR_CODE -> {
                if (errorCodeOff < 0) {
                    errorCodeOff = value;
                    errorCodeLen = attrLen;
                }
            }
            default -> {
                // Comprehension-optional or unknown attributes are ignored (a lite agent answers anyway).
            }
        }
        return true;
    }

    private void reset() {
        buf = null;
        off = 0;
        len = 0;
        type = -1;
        usernameOff = -1;
        usernameLen = 0;
        integrityOff = -1;
        fingerprintOff = -1;
        xorMappedOff = -1;
        xorMappedLen = 0;
        errorCodeOff = -1;
        errorCodeLen = 0;
        priority = 0;
        useCandidate = false;
        iceControlling = false;
        iceControlled = false;
        tieBreaker = 0;
    }

    /** Message type (method and class) without the two leading zero bits, e.g. {@link #BINDING_REQUEST}. */
    public int type() {
        return type;
    }

    public byte[] buffer() {
        return buf;
    }

    public int offset() {
        return off;
    }

    public int length() {
        return len;
    }

    /** Offset of the 12-byte transaction id in {@link #buffer()}. */
    public int transactionIdOffset() {
        return off + 8;
    }

    public boolean hasUsername() {
        return usernameOff >= 0;
    }

    public int usernameOffset() {
        return usernameOff;
    }

    public int usernameLength() {
        return usernameLen;
    }

    /** USERNAME decoded as UTF-8 (allocates; for tests and diagnostics), or {@code null}. */
    public String username() {
        return usernameOff < 0 ? null : new String(buf, usernameOff, usernameLen, StandardCharsets.UTF_8);
    }

    /** Offset of the MESSAGE-INTEGRITY attribute header, or -1. */
    public int integrityOffset() {
        return integrityOff;
    }

    /** Offset of the FINGERPRINT attribute header, or -1. */
    public int fingerprintOffset() {
        return fingerprintOff;
    }

    public long priority() {
        return priority;
    }

    public boolean useCandidate() {
        return useCandidate;
    }

    public boolean iceControlling() {
        return iceControlling;
    }

    public boolean iceControlled() {
        return iceControlled;
    }

    public long tieBreaker() {
        return tieBreaker;
    }

    /** ERROR-CODE as class*100+number (RFC 8489 §14.8), or 0 if absent. */
    public int errorCode() {
        if (errorCodeOff < 0 || errorCodeLen < 4) {
            return 0;
        }
        return (buf[errorCodeOff + 2] & 0x07) * 100 + (buf[errorCodeOff + 3] & 0xFF);
    }

    /** Decodes XOR-MAPPED-ADDRESS (RFC 8489 §14.2), or {@code null} if absent or malformed. Allocates. */
    public InetSocketAddress xorMappedAddress() {
        if (xorMappedOff < 0 || xorMappedLen < 8) {
            return null;
        }
        int family = buf[xorMappedOff + 1] & 0xFF;
        int port = u16(buf, xorMappedOff + 2) ^ (MAGIC_COOKIE >>> 16);
        byte[] addr;
        if (family == 0x01 && xorMappedLen == 8) {
            addr = new byte[4];
        } else if (family == 0x02 && xorMappedLen == 20) {
            addr = new byte[16];
        } else {
            return null;
        }
        for (int i = 0; i < addr.length; i++) {
            // XOR key: magic cookie followed by the transaction id (the IPv4 case uses only the cookie).
            addr[i] = (byte) (buf[xorMappedOff + 4 + i] ^ buf[off + 4 + i]);
        }
        try {
            return new InetSocketAddress(InetAddress.getByAddress(addr), port);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    static int u16(byte[] b, int off) {
        return ((b[off] & 0xFF) << 8) | (b[off + 1] & 0xFF);
    }

    static int readInt(byte[] b, int off) {
        return ((b[off] & 0xFF) << 24) | ((b[off + 1] & 0xFF) << 16) | ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF);
    }
}
