package io.rtcd.service.realtime;

import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.rtcd.rtc.sfu.RtcServer;
import io.rtcd.ws.realtime.TextWsServer;

/** Gauges of the media plane and the browser face, read at scrape time. */
public final class RealtimeMetrics {
    private RealtimeMetrics() {}

    public static void register(PrometheusRegistry registry, RtcServer rtc, TextWsServer<?> browserSockets) {
        GaugeWithCallback.builder()
                .name("rtcd_rtc_sessions")
                .help("live SFU sessions, all groups (backends and the browser face)")
                .callback(cb -> cb.call(rtc.sessionCount()))
                .register(registry);
        GaugeWithCallback.builder()
                .name("rtcd_realtime_connections")
                .help("open browser-face WebSocket connections (/realtime/connect)")
                .callback(cb -> cb.call(browserSockets.connectionCount()))
                .register(registry);
    }
}
