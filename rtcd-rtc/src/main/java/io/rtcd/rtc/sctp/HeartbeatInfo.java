package io.rtcd.rtc.sctp;

import io.rtcd.rtc.sctp.packet.WireBytes;

/**
 * Our Heartbeat Info content (RFC 9260 §3.3.5, opaque to the peer): send time plus a per-association nonce so a
 * forged HEARTBEAT ACK cannot feed the RTO estimator (§8.3).
 */
final class HeartbeatInfo {
    static final int LENGTH = 16;

    private HeartbeatInfo() {}

    static byte[] encode(long sentMillis, long nonce) {
        byte[] info = new byte[LENGTH];
        WireBytes.put32(info, 0, (int) (sentMillis >>> 32));
        WireBytes.put32(info, 4, (int) sentMillis);
        WireBytes.put32(info, 8, (int) (nonce >>> 32));
        WireBytes.put32(info, 12, (int) nonce);
        return info;
    }

    /** The send time carried by {@code info}, or -1 when it is not ours. */
    static long sentMillis(byte[] info, long nonce) {
        if (info.length != LENGTH) {
            return -1;
        }
        long n = ((long) WireBytes.i32(info, 8) << 32) | (WireBytes.i32(info, 12) & 0xFFFFFFFFL);
        if (n != nonce) {
            return -1;
        }
        return ((long) WireBytes.i32(info, 0) << 32) | (WireBytes.i32(info, 4) & 0xFFFFFFFFL);
    }
}
