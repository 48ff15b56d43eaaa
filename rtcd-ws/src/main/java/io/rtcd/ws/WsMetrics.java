package io.rtcd.ws;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/** The rtcd_ws_* metrics plus the rejected-frame counter of this port. */
final class WsMetrics {

    private final Gauge connections;
    private final Counter messages;
    private final Counter rejected;

    WsMetrics(PrometheusRegistry registry) {
        connections = Gauge.builder()
                .name("rtcd_ws_connections_total")
                .help("Open plugin WebSocket connections")
                .labelNames("clientID")
                .register(registry);
        messages = Counter.builder()
                .name("rtcd_ws_messages_total")
                .help("Client messages by type and direction (hello and close are not counted)")
                .labelNames("clientID", "type", "direction")
                .register(registry);
        rejected = Counter.builder()
                .name("rtcd_ws_rejected_messages_total")
                .help("Inbound binary frames that did not decode as client messages")
                .labelNames("reason")
                .register(registry);
    }

    void connectionOpened(String clientId) {
        connections.labelValues(clientId).inc();
    }

    void connectionClosed(String clientId) {
        connections.labelValues(clientId).dec();
    }

    /** Counts a message unless it is hello or close (as rtcd). */
    void message(String clientId, ClientMessage m, String direction) {
        if (m instanceof Hello || m instanceof Close) {
            return;
        }
        messages.labelValues(clientId, m.type(), direction).inc();
    }

    void rejected(String reason) {
        rejected.labelValues(reason).inc();
    }
}
