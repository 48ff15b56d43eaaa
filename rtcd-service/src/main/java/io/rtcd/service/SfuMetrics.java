package io.rtcd.service;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.rtcd.rtc.sfu.SessionEndReason;
import io.rtcd.rtc.sfu.SfuCounters;
import java.util.Locale;
import java.util.Map;

/**
 * Exports the SFU's packet counters ({@link SfuCounters}, kept as LongAdders on the packet path) to Prometheus. They
 * are read at scrape time, so the packet path never touches the metrics library.
 */
final class SfuMetrics {
    private SfuMetrics() {}

    static void register(PrometheusRegistry registry, SfuCounters counters) {
        CounterWithCallback.builder()
                .name("rtcd_rtc_forwarded_packets")
                .help("RTP packets the SFU sent to subscribers")
                .callback(cb -> cb.call(counters.forwardedPackets()))
                .register(registry);
        CounterWithCallback.builder()
                .name("rtcd_rtc_keyframe_requests")
                .help("PLIs the SFU sent to publishers (rate-limited per track)")
                .callback(cb -> cb.call(counters.keyframeRequests()))
                .register(registry);
        CounterWithCallback.builder()
                .name("rtcd_rtc_rtcp_reports")
                .help("RTCP sender and receiver reports the SFU sent")
                .callback(cb -> cb.call(counters.rtcpReports()))
                .register(registry);
        CounterWithCallback.builder()
                .name("rtcd_rtc_dropped_packets")
                .help("packets and messages the SFU did not deliver, by reason")
                .labelNames("reason")
                .callback(cb -> {
                    for (Map.Entry<SfuCounters.Drop, Long> e :
                            counters.snapshot().entrySet()) {
                        cb.call(e.getValue(), e.getKey().name().toLowerCase(Locale.ROOT));
                    }
                })
                .register(registry);
        CounterWithCallback.builder()
                .name("rtcd_rtc_ice_restarts")
                .help("ICE restarts (RFC 8445 §9), by who started them and the description that carried the new"
                        + " credentials")
                .labelNames("initiator", "via")
                .callback(cb -> {
                    for (String via : new String[] {"offer", "answer"}) {
                        cb.call(counters.iceRestarts("client", via), "client", via);
                    }
                    cb.call(counters.iceRestarts("server", "offer"), "server", "offer");
                })
                .register(registry);
        CounterWithCallback.builder()
                .name("rtcd_rtc_sessions_closed")
                .help("SFU sessions ended, by reason (leave, signaling_timeout, ice_timeout, dtls_timeout, dtls_failed,"
                        + " consent_expired, transport_closed, socket_closed, replaced, cospace_closed, shutdown)")
                .labelNames("reason")
                .callback(cb -> {
                    for (SessionEndReason r : SessionEndReason.values()) {
                        cb.call(counters.sessionsClosed(r), r.label());
                    }
                })
                .register(registry);
        DataChannelMetrics.register(registry, counters.dataChannels());
        MediaFeatureMetrics.register(registry, counters.media());
    }
}
