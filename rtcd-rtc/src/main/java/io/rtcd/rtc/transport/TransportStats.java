package io.rtcd.rtc.transport;

import io.rtcd.rtc.transport.srtp.SrtpProfile;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * Immutable snapshot of {@link TransportCounters}.
 *
 * @param rxPackets datagrams read from the UDP socket (before any drop)
 * @param rxBytes their bytes
 * @param txPackets datagrams handed to the kernel
 * @param txBytes their bytes
 * @param stunRequests Binding requests that passed every check and were answered
 * @param iceNominations 5-tuples selected (USE-CANDIDATE, or first valid check when none was selected yet)
 * @param dtlsHandshakes DTLS handshakes completed with SRTP keys exported
 * @param dtlsHandshakeFailures DTLS handshakes that failed or timed out
 * @param consentExpiries sessions declared dead by consent freshness (RFC 7675)
 * @param drops dropped datagrams per reason; every reason is present
 * @param srtpProfiles completed DTLS handshakes per negotiated SRTP profile; every profile is present
 */
public record TransportStats(
        long rxPackets,
        long rxBytes,
        long txPackets,
        long txBytes,
        long stunRequests,
        long iceNominations,
        long dtlsHandshakes,
        long dtlsHandshakeFailures,
        long consentExpiries,
        Map<DropReason, Long> drops,
        Map<SrtpProfile, Long> srtpProfiles) {

    public TransportStats {
        EnumMap<DropReason, Long> copy = new EnumMap<>(DropReason.class);
        for (DropReason reason : DropReason.values()) {
            copy.put(reason, drops.getOrDefault(reason, 0L));
        }
        drops = Collections.unmodifiableMap(copy);
        EnumMap<SrtpProfile, Long> profiles = new EnumMap<>(SrtpProfile.class);
        for (SrtpProfile p : SrtpProfile.values()) {
            profiles.put(p, srtpProfiles.getOrDefault(p, 0L));
        }
        srtpProfiles = Collections.unmodifiableMap(profiles);
    }

    /** Completed DTLS handshakes that chose {@code profile}. */
    public long srtpProfile(SrtpProfile profile) {
        return srtpProfiles.get(profile);
    }

    public long drops(DropReason reason) {
        return drops.get(reason);
    }

    public long totalDrops() {
        long sum = 0;
        for (long v : drops.values()) {
            sum += v;
        }
        return sum;
    }
}
