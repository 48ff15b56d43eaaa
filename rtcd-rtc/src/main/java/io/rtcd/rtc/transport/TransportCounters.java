package io.rtcd.rtc.transport;

import io.rtcd.rtc.transport.srtp.SrtpProfile;
import java.util.EnumMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Process-wide transport counters, shared by the {@code UdpMux} and every session's DTLS and SRTP layer. Updating
 * is allocation-free and contention-friendly ({@link LongAdder}); {@link #snapshot()} allocates and is meant for
 * the metrics scrape, not the packet path. Thread-safe.
 */
public final class TransportCounters {
    private final LongAdder[] drops = new LongAdder[DropReason.values().length];
    private final LongAdder rxPackets = new LongAdder();
    private final LongAdder rxBytes = new LongAdder();
    private final LongAdder txPackets = new LongAdder();
    private final LongAdder txBytes = new LongAdder();
    private final LongAdder stunRequests = new LongAdder();
    private final LongAdder iceNominations = new LongAdder();
    private final LongAdder dtlsHandshakes = new LongAdder();
    private final LongAdder dtlsHandshakeFailures = new LongAdder();
    private final LongAdder consentExpiries = new LongAdder();
    private final LongAdder[] srtpProfiles = new LongAdder[SrtpProfile.values().length];

    public TransportCounters() {
        for (int i = 0; i < drops.length; i++) {
            drops[i] = new LongAdder();
        }
        for (int i = 0; i < srtpProfiles.length; i++) {
            srtpProfiles[i] = new LongAdder();
        }
    }

    public void drop(DropReason reason) {
        drops[reason.ordinal()].increment();
    }

    /** {@code n} drops for one reason at once (the refused datagrams of a send batch). */
    public void drop(DropReason reason, int n) {
        drops[reason.ordinal()].add(n);
    }

    public void received(int bytes) {
        rxPackets.increment();
        rxBytes.add(bytes);
    }

    public void sent(int bytes) {
        txPackets.increment();
        txBytes.add(bytes);
    }

    /** {@code packets} datagrams of {@code bytes} bytes in all were sent (a batch). */
    public void sent(int packets, long bytes) {
        txPackets.add(packets);
        txBytes.add(bytes);
    }

    public void stunRequestAccepted() {
        stunRequests.increment();
    }

    public void iceNominated() {
        iceNominations.increment();
    }

    public void dtlsHandshakeCompleted() {
        dtlsHandshakes.increment();
    }

    /** A completed DTLS handshake chose {@code profile} (use_srtp, RFC 5764 §4.1.2). */
    public void srtpProfileNegotiated(SrtpProfile profile) {
        srtpProfiles[profile.ordinal()].increment();
    }

    public void dtlsHandshakeFailed() {
        dtlsHandshakeFailures.increment();
    }

    public void consentExpired() {
        consentExpiries.increment();
    }

    public long drops(DropReason reason) {
        return drops[reason.ordinal()].sum();
    }

    /** A consistent-enough copy of every counter (each counter is read once; they are not read atomically together). */
    public TransportStats snapshot() {
        EnumMap<DropReason, Long> copy = new EnumMap<>(DropReason.class);
        for (DropReason reason : DropReason.values()) {
            copy.put(reason, drops[reason.ordinal()].sum());
        }
        EnumMap<SrtpProfile, Long> profiles = new EnumMap<>(SrtpProfile.class);
        for (SrtpProfile p : SrtpProfile.values()) {
            profiles.put(p, srtpProfiles[p.ordinal()].sum());
        }
        return new TransportStats(
                rxPackets.sum(),
                rxBytes.sum(),
                txPackets.sum(),
                txBytes.sum(),
                stunRequests.sum(),
                iceNominations.sum(),
                dtlsHandshakes.sum(),
                dtlsHandshakeFailures.sum(),
                consentExpiries.sum(),
                copy,
                profiles);
    }
}
