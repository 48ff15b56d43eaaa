package io.rtcd.rtc.transport.srtp;

/**
 * AES128_CM_HMAC_SHA1_80 for RTP: AES counter mode with IV = (k_s * 2^16) xor (SSRC * 2^64) xor (i * 2^16) (RFC 3711
 * §4.1.1), then HMAC-SHA1 over the packet and the ROC truncated to 80 bits (§4.2), in place, no allocation. The
 * keystream is SunJCE's intrinsified counter mode ({@link IntrinsicCtr}) where reachable, else {@link EcbCtr}.
 */
final class AesCmRtpCrypto extends RtpCrypto {
    static final int TAG = 10;

    private final CtrKeystream keystream;
    private final HmacSha1 hmac;
    private final long saltHi;
    private final long saltLo;
    private final byte[] mac = new byte[HmacSha1.LENGTH];

    AesCmRtpCrypto(byte[] key, byte[] salt, byte[] authKey) {
        this(key, salt, authKey, true);
    }

    /** @param intrinsics {@code false} forces the {@link EcbCtr} fallback (tests run both paths) */
    AesCmRtpCrypto(byte[] key, byte[] salt, byte[] authKey, boolean intrinsics) {
        if (salt.length != 14) {
            throw new IllegalArgumentException("AES-CM session salt must be 14 bytes, got " + salt.length);
        }
        this.keystream = intrinsics && IntrinsicCtr.AVAILABLE ? new IntrinsicCtr(key) : new EcbCtr(key);
        this.hmac = new HmacSha1(authKey);
        this.saltHi = Bytes.getLong(salt, 0);
        this.saltLo = ((long) Bytes.getInt(salt, 8) << 32) | ((long) Bytes.getShort(salt, 12) << 16);
    }

    @Override
    int tagLength() {
        return TAG;
    }

    @Override
    int seal(byte[] b, int off, int len, int hdr, int roc, int seq) {
        crypt(b, off, len, hdr, roc, seq);
        hmac.compute(b, off, len, roc, mac, 0);
        System.arraycopy(mac, 0, b, off + len, TAG);
        return len + TAG;
    }

    @Override
    int open(byte[] b, int off, int len, int hdr, int roc, int seq) {
        int n = len - TAG;
        hmac.compute(b, off, n, roc, mac, 0);
        if (!Bytes.equal(mac, 0, b, off + n, TAG)) {
            return AUTH_FAIL;
        }
        crypt(b, off, n, hdr, roc, seq);
        return n;
    }

    private void crypt(byte[] b, int off, int len, int hdr, int roc, int seq) {
        long ssrc = Bytes.getInt(b, off + 8) & 0xFFFFFFFFL;
        long index = (((long) roc << 16) | seq) & 0xFFFF_FFFF_FFFFL;
        // the low 16 bits of the counter start at 0 and count blocks (a packet has far fewer than 2^16)
        keystream.start(saltHi ^ ssrc, saltLo ^ (index << 16));
        keystream.apply(b, off + hdr, len - hdr);
    }
}
