package io.rtcd.service;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.rtcd.rtc.sfu.RtcServer;
import io.rtcd.rtc.transport.DropReason;
import io.rtcd.rtc.transport.TransportStats;
import io.rtcd.rtc.transport.srtp.SrtpProfile;
import io.rtcd.rtc.transport.tcp.TcpStats;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Exports the media transport's counters (the shared UDP port and the ICE-TCP listener: STUN checks, DTLS
 * handshakes, every dropped packet by {@link DropReason}, TCP connection events) to Prometheus. They are LongAdders
 * on the packet path, read here at scrape time only; before the RTC server started nothing is reported.
 */
final class TransportMetrics {
    private TransportMetrics() {}

    static void register(PrometheusRegistry registry, RtcServer rtc) {
        CounterWithCallback.builder()
                .name("rtcd_rtc_transport_dropped_packets")
                .help("packets the media transport (UDP and ICE-TCP) dropped before the SFU, by reason")
                .labelNames("reason")
                .callback(cb -> transport(rtc, s -> {
                    for (DropReason r : DropReason.values()) {
                        cb.call(s.drops(r), r.metricName());
                    }
                }))
                .register(registry);
        CounterWithCallback.builder()
                .name("rtcd_rtc_transport_packets")
                .help("datagrams read from (in) and handed to the kernel on (out) the media UDP port")
                .labelNames("direction")
                .callback(cb -> transport(rtc, s -> {
                    cb.call(s.rxPackets(), "in");
                    cb.call(s.txPackets(), "out");
                }))
                .register(registry);
        CounterWithCallback.builder()
                .name("rtcd_rtc_transport_bytes")
                .help("bytes of those datagrams")
                .labelNames("direction")
                .callback(cb -> transport(rtc, s -> {
                    cb.call(s.rxBytes(), "in");
                    cb.call(s.txBytes(), "out");
                }))
                .register(registry);
        counter(
                registry,
                rtc,
                "rtcd_rtc_stun_requests",
                "STUN Binding requests that passed every check and were answered",
                TransportStats::stunRequests);
        counter(
                registry,
                rtc,
                "rtcd_rtc_ice_nominations",
                "ICE paths selected (nominated, or first valid check)",
                TransportStats::iceNominations);
        counter(
                registry,
                rtc,
                "rtcd_rtc_ice_consent_expiries",
                "sessions ended by ICE consent freshness (RFC 7675)",
                TransportStats::consentExpiries);
        CounterWithCallback.builder()
                .name("rtcd_rtc_dtls_handshakes")
                .help("DTLS handshakes by result (ok: SRTP keys exported; failed: failed or timed out)")
                .labelNames("result")
                .callback(cb -> transport(rtc, s -> {
                    cb.call(s.dtlsHandshakes(), "ok");
                    cb.call(s.dtlsHandshakeFailures(), "failed");
                }))
                .register(registry);
        CounterWithCallback.builder()
                .name("rtcd_rtc_srtp_profiles")
                .help("completed DTLS handshakes by the SRTP protection profile they chose (RFC 5764 §4.1.2, RFC 7714)")
                .labelNames("profile")
                .callback(cb -> transport(rtc, s -> {
                    for (SrtpProfile p : SrtpProfile.values()) {
                        cb.call(s.srtpProfile(p), p.name().toLowerCase(Locale.ROOT));
                    }
                }))
                .register(registry);

        CounterWithCallback.builder()
                .name("rtcd_rtc_ice_tcp_connections")
                .help("ICE-TCP connection events: accepted, refused (over the limit), authenticated, auth_timeout,"
                        + " session_limit, closed")
                .labelNames("event")
                .callback(cb -> tcp(rtc, s -> {
                    cb.call(s.accepted(), "accepted");
                    cb.call(s.refused(), "refused");
                    cb.call(s.authenticated(), "authenticated");
                    cb.call(s.authTimeouts(), "auth_timeout");
                    cb.call(s.sessionLimit(), "session_limit");
                    cb.call(s.closed(), "closed");
                }))
                .register(registry);
        GaugeWithCallback.builder()
                .name("rtcd_rtc_ice_tcp_open_connections")
                .help("ICE-TCP connections open now")
                .callback(cb -> tcp(rtc, s -> cb.call(s.open())))
                .register(registry);
        CounterWithCallback.builder()
                .name("rtcd_rtc_ice_tcp_frames")
                .help("RFC 4571 frames received (in) and queued for sending (out) on ICE-TCP connections")
                .labelNames("direction")
                .callback(cb -> tcp(rtc, s -> {
                    cb.call(s.rxFrames(), "in");
                    cb.call(s.txFrames(), "out");
                }))
                .register(registry);
        CounterWithCallback.builder()
                .name("rtcd_rtc_ice_tcp_dropped_frames")
                .help("ICE-TCP frames dropped by the listener: oversize (received, skipped), write_overflow (outbound,"
                        + " the connection's write buffer was full)")
                .labelNames("reason")
                .callback(cb -> tcp(rtc, s -> {
                    cb.call(s.oversizeFrames(), "oversize");
                    cb.call(s.writeOverflows(), "write_overflow");
                }))
                .register(registry);
    }

    private static void counter(
            PrometheusRegistry registry,
            RtcServer rtc,
            String name,
            String help,
            Function<TransportStats, Long> value) {
        CounterWithCallback.builder()
                .name(name)
                .help(help)
                .callback(cb -> transport(rtc, s -> cb.call(value.apply(s))))
                .register(registry);
    }

    private static void transport(RtcServer rtc, Consumer<TransportStats> out) {
        TransportStats s;
        try {
            s = rtc.transportStats();
        } catch (IllegalStateException notStarted) {
            return;
        }
        out.accept(s);
    }

    private static void tcp(RtcServer rtc, Consumer<TcpStats> out) {
        TcpStats s;
        try {
            s = rtc.tcpStats();
        } catch (IllegalStateException notStarted) {
            return;
        }
        if (s != null) {
            out.accept(s);
        }
    }
}
