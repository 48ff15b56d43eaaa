package io.rtcd.service;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.rtcd.rtc.sfu.MediaCounters;
import io.rtcd.rtc.sfu.PublishPermission;
import java.util.Locale;

/**
 * Exports the SFU's media-feature counters ({@link MediaCounters}: NACK repair, publish permissions, the single screen
 * sharer, SSRCs learnt from simulcast sections) to Prometheus, read at scrape time.
 */
final class MediaFeatureMetrics {
    private MediaFeatureMetrics() {}

    static void register(PrometheusRegistry registry, MediaCounters m) {
        CounterWithCallback.builder()
                .name("rtcd_rtc_nack_requested")
                .help("sequence numbers subscribers asked for in Generic NACKs (RFC 4585)")
                .callback(cb -> cb.call(m.nackRequested()))
                .register(registry);
        CounterWithCallback.builder()
                .name("rtcd_rtc_nack_retransmitted")
                .help("packets re-sent to subscribers from the per-track history")
                .callback(cb -> cb.call(m.retransmitted()))
                .register(registry);
        CounterWithCallback.builder()
                .name("rtcd_rtc_nack_suppressed")
                .help("NACKed packets not re-sent: re-sent to that subscriber less than 50 ms before")
                .callback(cb -> cb.call(m.nackSuppressed()))
                .register(registry);
        CounterWithCallback.builder()
                .name("rtcd_rtc_nack_missed")
                .help("requested sequence numbers not in the history")
                .callback(cb -> cb.call(m.nackMissed()))
                .register(registry);
        CounterWithCallback.builder()
                .name("rtcd_rtc_nack_upstream")
                .help("Generic NACKs for packets the SFU never received, sent to publishers or rate-limited")
                .labelNames("result")
                .callback(cb -> {
                    cb.call(m.upstreamNacks(), "sent");
                    cb.call(m.upstreamNacksLimited(), "rate_limited");
                })
                .register(registry);
        CounterWithCallback.builder()
                .name("rtcd_rtc_publish_refused")
                .help("offered tracks not forwarded because the join token does not allow that kind")
                .labelNames("kind")
                .callback(cb -> {
                    for (PublishPermission p : PublishPermission.values()) {
                        cb.call(m.publishRefused(p), p.name().toLowerCase(Locale.ROOT));
                    }
                })
                .register(registry);
        CounterWithCallback.builder()
                .name("rtcd_rtc_screen_share_refused")
                .help("screen shares refused (another session of the call shares, or no permission)")
                .callback(cb -> cb.call(m.screenShareRefused()))
                .register(registry);
        CounterWithCallback.builder()
                .name("rtcd_rtc_ssrcs_learnt")
                .help("published tracks without an SSRC in the SDP whose SSRC was learnt from the RTP mid extension")
                .callback(cb -> cb.call(m.ssrcsLearnt()))
                .register(registry);
        CounterWithCallback.builder()
                .name("rtcd_rtc_transport_cc_feedback")
                .help("transport-wide congestion control feedback packets sent to publishers")
                .callback(cb -> cb.call(m.transportCcFeedback()))
                .register(registry);
        CounterWithCallback.builder()
                .name("rtcd_rtc_rtcp_received")
                .help("RTCP packets received from participants after SRTCP, by type (one per packet of a compound)")
                .labelNames("type")
                .callback(cb -> {
                    for (MediaCounters.RtcpType t : MediaCounters.RtcpType.values()) {
                        cb.call(m.rtcpReceived(t), t.name().toLowerCase(Locale.ROOT));
                    }
                })
                .register(registry);
    }
}
