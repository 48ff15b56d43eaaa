package io.rtcd.rtc.transport.srtp;

import io.rtcd.rtc.transport.DropReason;
import io.rtcd.rtc.transport.TransportCounters;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.jitsi.utils.ByteArrayBuffer;

/**
 * SRTP/SRTCP protection of one session (RFC 3711, RFC 7714), built from the keys the DTLS handshake exported. One
 * crypto context per SSRC and direction, created lazily: outbound contexts on the first packet sent, inbound contexts
 * only once a packet of that SSRC authenticated (so forged SSRCs cannot fill the table).
 *
 * <p>RTP (the media hot path) uses our own allocation-free transforms, {@link AesGcmRtpCrypto} and {@link
 * AesCmRtpCrypto}, over session keys derived once per direction ({@link SessionKeys}); SRTCP uses {@link RtcpCrypto}
 * on the same primitives (until issue 8 it went through jitsi-srtp, whose per-packet {@code Cipher.init} made RTCP
 * reports the server's largest steady-state allocation). Tests check both byte for byte against jitsi-srtp.
 *
 * <p>All four operations work <b>in place</b> on an {@link ByteArrayBuffer}: protection grows the packet by
 * {@link SrtpProfile#rtpTagLength()} (RTP) or {@link SrtpProfile#rtcpOverhead()} (RTCP), so the buffer needs that much
 * tailroom or {@code grow()} reallocates. A packet that fails (authentication, replay, malformed) is counted under a
 * {@link DropReason} and the method returns {@code false}; nothing is thrown and nothing is logged per packet.
 *
 * <p>Threading: every method may be called from any thread. Contexts of one SSRC are serialised by their own
 * {@code synchronized} methods; different SSRCs proceed in parallel. The intended use is one thread per direction
 * (the session's inbound serial executor unprotects, the forwarding threads protect). Methods are public so a JMH
 * benchmark can call them directly.
 */
public final class SrtpContext implements AutoCloseable {
    /** Upper bound of SSRCs per direction, so a misbehaving peer cannot grow the tables without bound. */
    public static final int MAX_SSRCS = 256;

    private static final int RTP_HEADER = 12;
    private static final int RTCP_HEADER = 8;

    private final SrtpProfile profile;
    private final TransportCounters counters;
    private final SessionKeys sendKeys;
    private final SessionKeys receiveKeys;
    private final GcmKey sendGhash;
    private final GcmKey receiveGhash;
    private final SsrcTable<RtpCrypto> sendRtp = new SsrcTable<>();
    private final SsrcTable<RtpCrypto> receiveRtp = new SsrcTable<>();
    private final AtomicReference<RtpCrypto> spareReceive = new AtomicReference<>();
    private final SessionKeys sendRtcpKeys;
    private final SessionKeys receiveRtcpKeys;
    private final GcmKey sendRtcpGcm;
    private final GcmKey receiveRtcpGcm;
    private final SsrcTable<RtcpCrypto> sendRtcp = new SsrcTable<>();
    private final SsrcTable<RtcpCrypto> receiveRtcp = new SsrcTable<>();
    private final AtomicReference<RtcpCrypto> spareReceiveRtcp = new AtomicReference<>();
    private volatile boolean closed;

    public SrtpContext(SrtpKeys keys, TransportCounters counters) {
        Objects.requireNonNull(keys, "keys");
        this.counters = Objects.requireNonNull(counters, "counters");
        this.profile = keys.profile();
        byte[] localKey = keys.localKey();
        byte[] remoteKey = keys.remoteKey();
        this.sendKeys = SessionKeys.deriveRtp(profile, localKey, keys.localSalt());
        this.receiveKeys = SessionKeys.deriveRtp(profile, remoteKey, keys.remoteSalt());
        boolean gcm = profile == SrtpProfile.AEAD_AES_128_GCM;
        this.sendGhash = gcm ? GcmKey.of(sendKeys.encryptionKey) : null;
        this.receiveGhash = gcm ? GcmKey.of(receiveKeys.encryptionKey) : null;
        this.sendRtcpKeys = SessionKeys.deriveRtcp(profile, localKey, keys.localSalt());
        this.receiveRtcpKeys = SessionKeys.deriveRtcp(profile, remoteKey, keys.remoteSalt());
        this.sendRtcpGcm = gcm ? GcmKey.of(sendRtcpKeys.encryptionKey) : null;
        this.receiveRtcpGcm = gcm ? GcmKey.of(receiveRtcpKeys.encryptionKey) : null;
    }

    public SrtpProfile profile() {
        return profile;
    }

    /** Encrypts and authenticates an RTP packet in place. {@code false} means dropped (counted). */
    public boolean protectRtp(ByteArrayBuffer packet) {
        int len = packet.getLength();
        if (len < RTP_HEADER) {
            counters.drop(DropReason.TRUNCATED);
            return false;
        }
        packet.grow(profile.rtpTagLength());
        byte[] b = packet.getBuffer();
        int off = packet.getOffset();
        int ssrc = readInt(b, off + 8);
        RtpCrypto ctx = sendRtp.get(ssrc);
        if (ctx == null) {
            if (closed || sendRtp.size() >= MAX_SSRCS) {
                counters.drop(DropReason.SRTP_INVALID);
                return false;
            }
            ctx = sendRtp.putIfAbsent(ssrc, newStream(sendKeys, sendGhash));
        }
        return accept(ctx.protect(b, off, len), packet);
    }

    /** Authenticates, replay-checks and decrypts an SRTP packet in place. {@code false} means dropped (counted). */
    public boolean unprotectRtp(ByteArrayBuffer packet) {
        int len = packet.getLength();
        if (len < RTP_HEADER + profile.rtpTagLength()) {
            counters.drop(DropReason.TRUNCATED);
            return false;
        }
        byte[] b = packet.getBuffer();
        int off = packet.getOffset();
        int ssrc = readInt(b, off + 8);
        RtpCrypto ctx = receiveRtp.get(ssrc);
        if (ctx != null) {
            return accept(ctx.unprotect(b, off, len), packet);
        }
        if (closed || receiveRtp.size() >= MAX_SSRCS) {
            counters.drop(DropReason.SRTP_INVALID);
            return false;
        }
        // Unknown SSRC: try a context that is kept only if the packet authenticates; a failed one is kept as the
        // spare for the next unknown SSRC, so forged SSRCs cost no cipher set-up each.
        RtpCrypto fresh = spareReceive.getAndSet(null);
        if (fresh == null) {
            fresh = newStream(receiveKeys, receiveGhash);
        } else {
            fresh.reset();
        }
        int result = fresh.unprotect(b, off, len);
        if (result >= 0) {
            receiveRtp.putIfAbsent(ssrc, fresh);
        } else {
            spareReceive.set(fresh);
        }
        return accept(result, packet);
    }

    /** Protects an RTCP (compound) packet in place, keyed by the sender SSRC. {@code false} means dropped. */
    public boolean protectRtcp(ByteArrayBuffer packet) {
        if (packet.getLength() < RTCP_HEADER) {
            counters.drop(DropReason.TRUNCATED);
            return false;
        }
        int len = packet.getLength();
        packet.grow(profile.rtcpOverhead());
        byte[] b = packet.getBuffer();
        int off = packet.getOffset();
        int ssrc = readInt(b, off + 4);
        RtcpCrypto ctx = sendRtcp.get(ssrc);
        if (ctx == null) {
            if (closed || sendRtcp.size() >= MAX_SSRCS) {
                counters.drop(DropReason.SRTCP_INVALID);
                return false;
            }
            ctx = sendRtcp.putIfAbsent(ssrc, new RtcpCrypto(sendRtcpKeys, sendRtcpGcm, true));
        }
        return acceptRtcp(ctx.protect(b, off, len), packet);
    }

    /** Authenticates, replay-checks and decrypts an SRTCP packet in place. {@code false} means dropped. */
    public boolean unprotectRtcp(ByteArrayBuffer packet) {
        if (packet.getLength() < RTCP_HEADER + profile.rtcpOverhead()) {
            counters.drop(DropReason.TRUNCATED);
            return false;
        }
        byte[] b = packet.getBuffer();
        int off = packet.getOffset();
        int len = packet.getLength();
        int ssrc = readInt(b, off + 4);
        RtcpCrypto ctx = receiveRtcp.get(ssrc);
        if (ctx != null) {
            return acceptRtcp(ctx.unprotect(b, off, len), packet);
        }
        if (closed || receiveRtcp.size() >= MAX_SSRCS) {
            counters.drop(DropReason.SRTCP_INVALID);
            return false;
        }
        // as for RTP: a context for an unknown SSRC is kept only if the packet authenticates, else it is the spare
        RtcpCrypto fresh = spareReceiveRtcp.getAndSet(null);
        if (fresh == null) {
            fresh = new RtcpCrypto(receiveRtcpKeys, receiveRtcpGcm, true);
        } else {
            fresh.reset();
        }
        int result = fresh.unprotect(b, off, len);
        if (result >= 0) {
            receiveRtcp.putIfAbsent(ssrc, fresh);
        } else {
            spareReceiveRtcp.set(fresh);
        }
        return acceptRtcp(result, packet);
    }

    private boolean accept(int result, ByteArrayBuffer packet) {
        if (result >= 0) {
            packet.setLength(result);
            return true;
        }
        switch (result) {
            case RtpCrypto.AUTH_FAIL -> counters.drop(DropReason.SRTP_AUTH_FAIL);
            case RtpCrypto.REPLAY_FAIL, RtpCrypto.REPLAY_OLD -> counters.drop(DropReason.SRTP_REPLAY);
            default -> counters.drop(DropReason.SRTP_INVALID);
        }
        return false;
    }

    private RtpCrypto newStream(SessionKeys keys, GcmKey ghashKey) {
        return switch (profile) {
            case AEAD_AES_128_GCM -> new AesGcmRtpCrypto(keys.encryptionKey, keys.salt, ghashKey);
            case AES128_CM_HMAC_SHA1_80 -> new AesCmRtpCrypto(keys.encryptionKey, keys.salt, keys.authKey);
        };
    }

    private boolean acceptRtcp(int result, ByteArrayBuffer packet) {
        if (result >= 0) {
            packet.setLength(result);
            return true;
        }
        switch (result) {
            case RtpCrypto.AUTH_FAIL -> counters.drop(DropReason.SRTCP_AUTH_FAIL);
            case RtpCrypto.REPLAY_FAIL, RtpCrypto.REPLAY_OLD -> counters.drop(DropReason.SRTCP_REPLAY);
            default -> counters.drop(DropReason.SRTCP_INVALID);
        }
        return false;
    }

    private static int readInt(byte[] b, int off) {
        return ((b[off] & 0xFF) << 24) | ((b[off + 1] & 0xFF) << 16) | ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF);
    }

    /** Forgets the cipher contexts. Later calls drop every packet as invalid. Idempotent. */
    @Override
    public void close() {
        closed = true;
        sendRtp.clear();
        receiveRtp.clear();
        spareReceive.set(null);
        sendRtcp.clear();
        receiveRtcp.clear();
        spareReceiveRtcp.set(null);
    }
}
