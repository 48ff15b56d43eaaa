package io.rtcd.rtc.sctp.packet;

import java.util.ArrayList;
import java.util.List;

/**
 * A generic type-length-value parameter (RFC 9260 §3.2.1), also the layout of error causes (§3.3.10).
 *
 * @param type parameter type
 * @param value parameter value (owned by the record, not copied again)
 */
public record SctpParam(int type, byte[] value) {
    /** Heartbeat Info (RFC 9260 §3.3.5). */
    public static final int HEARTBEAT_INFO = 1;
    /** State Cookie (RFC 9260 §3.3.3.1). */
    public static final int STATE_COOKIE = 7;
    /** Unrecognized Parameter (RFC 9260 §3.3.3.1). */
    public static final int UNRECOGNIZED_PARAMETER = 8;
    /** Outgoing SSN Reset Request (RFC 6525 §4.1). */
    public static final int OUTGOING_SSN_RESET_REQUEST = 13;
    /** Incoming SSN Reset Request (RFC 6525 §4.2). */
    public static final int INCOMING_SSN_RESET_REQUEST = 14;
    /** Re-configuration Response (RFC 6525 §4.4). */
    public static final int RECONFIG_RESPONSE = 16;
    /** Supported Extensions (RFC 5061 §4.2.7). */
    public static final int SUPPORTED_EXTENSIONS = 0x8008;
    /** Forward-TSN-Supported (RFC 3758 §3.1). */
    public static final int FORWARD_TSN_SUPPORTED = 0xC000;

    /** Encoded TLV length without padding. */
    public int length() {
        return 4 + value.length;
    }

    /** Writes the TLV at {@code off} and returns the padded number of bytes written. */
    public int encode(byte[] buf, int off) {
        WireBytes.put16(buf, off, type);
        WireBytes.put16(buf, off + 2, length());
        System.arraycopy(value, 0, buf, off + 4, value.length);
        return WireBytes.padded(length());
    }

    /** The TLV as bytes, unpadded (the value of an Unrecognized Parameter, RFC 9260 §3.3.3.1). */
    public byte[] toBytes() {
        byte[] out = new byte[WireBytes.padded(length())];
        encode(out, 0);
        byte[] exact = new byte[length()];
        System.arraycopy(out, 0, exact, 0, exact.length);
        return exact;
    }

    /** Sum of padded lengths of {@code params}, except that the last one is left unpadded (RFC 9260 §3.2). */
    public static int encodedLength(List<SctpParam> params) {
        int total = 0;
        for (int i = 0; i < params.size(); i++) {
            int l = params.get(i).length();
            total += i == params.size() - 1 ? l : WireBytes.padded(l);
        }
        return total;
    }

    /** Writes all params back to back. */
    public static void encodeAll(List<SctpParam> params, byte[] buf, int off) {
        int p = off;
        for (SctpParam param : params) {
            p += param.encode(buf, p);
        }
    }

    /**
     * Decodes TLVs filling exactly {@code [off, off+len)}; the last one may lack its padding (RFC 9260 §3.2).
     *
     * @return the list, or {@code null} when any TLV is shorter than 4 bytes or runs past the end
     */
    public static List<SctpParam> decodeAll(byte[] buf, int off, int len) {
        List<SctpParam> out = new ArrayList<>(4);
        int p = off;
        int end = off + len;
        while (p < end) {
            if (end - p < 4) {
                return null;
            }
            int type = WireBytes.u16(buf, p);
            int plen = WireBytes.u16(buf, p + 2);
            if (plen < 4 || plen > end - p) {
                return null;
            }
            byte[] value = new byte[plen - 4];
            System.arraycopy(buf, p + 4, value, 0, value.length);
            out.add(new SctpParam(type, value));
            int padded = WireBytes.padded(plen);
            if (padded > end - p) {
                if (p + plen != end) {
                    return null;
                }
                padded = plen;
            }
            p += padded;
        }
        return out;
    }

    /** First param of {@code type}, or null. */
    public static SctpParam find(List<SctpParam> params, int type) {
        for (SctpParam p : params) {
            if (p.type() == type) {
                return p;
            }
        }
        return null;
    }
}
