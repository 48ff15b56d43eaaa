package io.rtcd.service.cospace;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.function.IntSupplier;

/**
 * Prometheus metrics of the cospaces: {@code rtcd_realtime_cospaces}, {@code rtcd_realtime_participants} (read at
 * scrape time), {@code rtcd_realtime_events_sent_total} and {@code rtcd_realtime_messages_refused_total{reason}}.
 * Thread-safe.
 */
public final class CospaceMetrics {
    private final Counter eventsSent;
    private final Counter refused;

    public CospaceMetrics(PrometheusRegistry registry) {
        this.eventsSent = Counter.builder()
                .name("rtcd_realtime_events_sent_total")
                .help("cospace events queued to browser-face sockets (one per recipient)")
                .register(registry);
        this.refused = Counter.builder()
                .name("rtcd_realtime_messages_refused_total")
                .help("browser-face client messages refused, by reason (the error code sent back)")
                .labelNames("reason")
                .register(registry);
    }

    /** Registers the gauges that read the registry's counts at scrape time. */
    public void registerGauges(PrometheusRegistry registry, IntSupplier cospaces, IntSupplier participants) {
        GaugeWithCallback.builder()
                .name("rtcd_realtime_cospaces")
                .help("cospaces hosted (explicitly or by a first connect)")
                .callback(cb -> cb.call(cospaces.getAsInt()))
                .register(registry);
        GaugeWithCallback.builder()
                .name("rtcd_realtime_participants")
                .help("participants listed in cospaces (connected or within their presence grace)")
                .callback(cb -> cb.call(participants.getAsInt()))
                .register(registry);
    }

    void eventSent() {
        eventsSent.inc();
    }

    /** One refused client message; {@code reason} is the error code (a small fixed set). */
    public void refused(String reason) {
        refused.labelValues(reason).inc();
    }
}
