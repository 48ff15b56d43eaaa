package io.rtcd.ws.guard;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The counter {@code rtcd_guard_refused_total{face,reason}}: one increment per refused upgrade or per message or
 * connection cut by a {@link ConnectionGuard}. Register once per registry; every face shares it.
 */
public final class GuardMetrics {
    public static final String NAME = "rtcd_guard_refused_total";

    /** Upgrade refused with 429: too many attempts from the address. */
    public static final String CONNECT_RATE = "connect_rate";

    /** Upgrade refused with 403: Origin not allowed. */
    public static final String ORIGIN = "origin";

    /** Inbound message dropped: over the message rate. */
    public static final String MESSAGE_RATE = "message_rate";

    /** Connection closed with 1008: kept flooding past the flood limit. */
    public static final String MESSAGE_FLOOD = "message_flood";

    /** Connection closed with 1009: inbound message over the size limit. */
    public static final String MESSAGE_TOO_LARGE = "message_too_large";

    private static final GuardMetrics NONE = new GuardMetrics(null);

    private final Counter counter;

    private GuardMetrics(Counter counter) {
        this.counter = counter;
    }

    /** Registers the counter in {@code registry}. */
    public static GuardMetrics register(PrometheusRegistry registry) {
        return new GuardMetrics(Counter.builder()
                .name(NAME)
                .help("Upgrades refused and messages or connections cut by the WebSocket abuse guard, by face and"
                        + " reason (connect_rate, origin, message_rate, message_flood, message_too_large, and the"
                        + " acceptor's own refusals such as token_expired)")
                .labelNames("face", "reason")
                .register(registry));
    }

    /** Counts nothing. */
    public static GuardMetrics none() {
        return NONE;
    }

    /** A handle on one series, resolved once so that counting does not look labels up or allocate. */
    Runnable series(String face, String reason) {
        if (counter == null) {
            return () -> {};
        }
        var dataPoint = counter.labelValues(face, reason);
        return dataPoint::inc;
    }
}
