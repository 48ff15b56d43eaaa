package io.rtcd.rtc.transport;

import io.rtcd.rtc.transport.srtp.SrtpContext;
import io.rtcd.rtc.transport.srtp.SrtpKeys;
import io.rtcd.rtc.transport.srtp.SrtpProfile;
import io.rtcd.rtc.transport.udp.UdpBuffer;
import java.security.SecureRandom;

/**
 * Pays the SRTCP stack's one-time start-up before the first session does: class loading and JIT of the first round
 * trip (while SRTCP ran on jitsi-srtp, until issue 8's allocation round, also loading its native library and choosing
 * its AES factories - 0.3-1.6 s of CPU).
 * Done lazily, it ran on the first thread that created an SRTCP context: an SFU worker sending the first RTCP report,
 * which stalled the media and the joins of every session on that worker for as long (seen in the 1 -> 400 join
 * profile; the load generator's receiver thread stalled the same way on its first SRTCP packet). Call once at
 * start-up, before sessions exist; idempotent and thread-safe (a later call costs one SRTCP round trip per profile).
 */
public final class SrtcpWarmUp {
    /** A minimal RTCP receiver report (RFC 3550 §6.4.2) without report blocks: header + sender SSRC. */
    private static final byte[] EMPTY_RR = {(byte) 0x80, (byte) 201, 0, 1, 0x12, 0x34, 0x56, 0x78};

    private SrtcpWarmUp() {}

    /**
     * Protects and unprotects one RTCP packet with throw-away keys for every SRTP profile.
     *
     * @return whether the round trip worked for every profile (it always should; the caller may log otherwise)
     */
    public static boolean run() {
        boolean ok = true;
        SecureRandom random = new SecureRandom();
        TransportCounters counters = new TransportCounters();
        for (SrtpProfile profile : SrtpProfile.values()) {
            byte[] material = new byte[profile.exportLength()];
            random.nextBytes(material);
            try (SrtpContext sender = new SrtpContext(SrtpKeys.split(profile, material, false), counters);
                    SrtpContext receiver = new SrtpContext(SrtpKeys.split(profile, material, true), counters)) {
                UdpBuffer b = UdpBuffer.unpooled(32, 256).fill(EMPTY_RR, 0, EMPTY_RR.length);
                ok &= sender.protectRtcp(b) && receiver.unprotectRtcp(b) && b.getLength() == EMPTY_RR.length;
            }
        }
        return ok;
    }
}
