package io.rtcd.rtc.sctp;

import io.rtcd.rtc.sctp.packet.WireBytes;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The State Cookie (RFC 9260 §5.1.3): everything needed to build the association from a COOKIE ECHO, so the
 * passive side keeps no per-INIT state (§5.1.3, SYN-flood protection). Signed with HMAC-SHA256 under a per-association
 * random secret, carrying its creation time for the lifetime check (§5.1.5 step 3).
 *
 * <p>Layout (66 bytes): version(1) created(8) localTag(4) peerTag(4) localTsn(4) peerTsn(4) peerRwnd(4)
 * peerOutStreams(2) peerInStreams(2) features(1) hmac(32).
 *
 * @param createdMillis creation time (host clock)
 * @param localTag our initiate tag (the tag the peer must put in its packets)
 * @param peerTag the peer's initiate tag
 * @param localInitialTsn our initial TSN
 * @param peerInitialTsn the peer's initial TSN
 * @param peerRwnd the peer's a_rwnd
 * @param peerOutboundStreams the peer's OS
 * @param peerInboundStreams the peer's MIS
 * @param peerForwardTsn whether the peer supports FORWARD TSN (RFC 3758 §3.3.1)
 * @param peerReconfig whether the peer supports RE-CONFIG (RFC 6525 §3.1)
 */
record StateCookie(
        long createdMillis,
        int localTag,
        int peerTag,
        int localInitialTsn,
        int peerInitialTsn,
        int peerRwnd,
        int peerOutboundStreams,
        int peerInboundStreams,
        boolean peerForwardTsn,
        boolean peerReconfig) {

    static final int VERSION = 1;
    static final int BODY_LENGTH = 34;
    static final int MAC_LENGTH = 32;
    static final int LENGTH = BODY_LENGTH + MAC_LENGTH;

    /** Creates an HMAC-SHA256 instance keyed with {@code secret}; one per association, reused. */
    static Mac newMac(byte[] secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** Serialises and signs the cookie. */
    byte[] sign(Mac mac) {
        byte[] out = new byte[LENGTH];
        out[0] = (byte) VERSION;
        long t = createdMillis;
        for (int i = 8; i >= 1; i--) {
            out[i] = (byte) t;
            t >>>= 8;
        }
        WireBytes.put32(out, 9, localTag);
        WireBytes.put32(out, 13, peerTag);
        WireBytes.put32(out, 17, localInitialTsn);
        WireBytes.put32(out, 21, peerInitialTsn);
        WireBytes.put32(out, 25, peerRwnd);
        WireBytes.put16(out, 29, peerOutboundStreams);
        WireBytes.put16(out, 31, peerInboundStreams);
        out[33] = (byte) ((peerForwardTsn ? 1 : 0) | (peerReconfig ? 2 : 0));
        mac.update(out, 0, BODY_LENGTH);
        byte[] sig = mac.doFinal();
        System.arraycopy(sig, 0, out, BODY_LENGTH, MAC_LENGTH);
        return out;
    }

    /** Verifies structure and HMAC (constant-time compare); null when the cookie is not ours or was altered. */
    static StateCookie verify(Mac mac, byte[] cookie) {
        if (cookie.length != LENGTH || cookie[0] != VERSION) {
            return null;
        }
        mac.update(cookie, 0, BODY_LENGTH);
        byte[] sig = mac.doFinal();
        byte[] got = new byte[MAC_LENGTH];
        System.arraycopy(cookie, BODY_LENGTH, got, 0, MAC_LENGTH);
        if (!MessageDigest.isEqual(sig, got)) {
            return null;
        }
        long t = 0;
        for (int i = 1; i <= 8; i++) {
            t = (t << 8) | (cookie[i] & 0xFF);
        }
        int f = cookie[33];
        return new StateCookie(
                t,
                WireBytes.i32(cookie, 9),
                WireBytes.i32(cookie, 13),
                WireBytes.i32(cookie, 17),
                WireBytes.i32(cookie, 21),
                WireBytes.i32(cookie, 25),
                WireBytes.u16(cookie, 29),
                WireBytes.u16(cookie, 31),
                (f & 1) != 0,
                (f & 2) != 0);
    }
}
