package io.rtcd.service;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.rtcd.rtc.sfu.DataChannelCounters;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * Exports the SFU's data-channel counters ({@link DataChannelCounters}) to Prometheus, read at scrape time
 * (docs/operations.md "Metrics").
 */
final class DataChannelMetrics {
    private DataChannelMetrics() {}

    static void register(PrometheusRegistry registry, DataChannelCounters c) {
        GaugeWithCallback.builder()
                .name("rtcd_dc_channels_open")
                .help("data channels open now, all sessions")
                .callback(cb -> cb.call(c.channelsOpen()))
                .register(registry);
        counter(registry, "rtcd_dc_channels_opened", "data channels opened", DataChannelCounters::channelsOpened, c);
        counter(
                registry,
                "rtcd_dc_messages_in",
                "data-channel messages received from participants",
                DataChannelCounters::messagesIn,
                c);
        counter(
                registry,
                "rtcd_dc_bytes_in",
                "data-channel payload bytes received from participants",
                DataChannelCounters::bytesIn,
                c);
        counter(
                registry,
                "rtcd_dc_messages_out",
                "data-channel messages sent to participants (replies, echoes, relayed)",
                DataChannelCounters::messagesOut,
                c);
        counter(
                registry,
                "rtcd_dc_bytes_out",
                "data-channel payload bytes sent to participants, relay envelopes included",
                DataChannelCounters::bytesOut,
                c);
        counter(
                registry,
                "rtcd_dc_relayed_messages",
                "data-channel messages relayed to another participant (one per recipient)",
                DataChannelCounters::relayedMessages,
                c);
        counter(
                registry,
                "rtcd_dc_sctp_retransmissions",
                "SCTP DATA chunks retransmitted (T3-rtx and fast retransmit)",
                DataChannelCounters::retransmissions,
                c);
        counter(
                registry,
                "rtcd_dc_abandoned_messages",
                "data-channel messages abandoned by partial reliability (RFC 3758)",
                DataChannelCounters::abandonedMessages,
                c);
        CounterWithCallback.builder()
                .name("rtcd_dc_dropped_messages")
                .help("data-channel messages not relayed, by reason")
                .labelNames("reason")
                .callback(cb -> {
                    for (Map.Entry<DataChannelCounters.Drop, Long> e :
                            c.dropSnapshot().entrySet()) {
                        cb.call(e.getValue(), e.getKey().name().toLowerCase(Locale.ROOT));
                    }
                })
                .register(registry);
    }

    private static void counter(
            PrometheusRegistry registry,
            String name,
            String help,
            ToLongFunction<DataChannelCounters> read,
            DataChannelCounters c) {
        CounterWithCallback.builder()
                .name(name)
                .help(help)
                .callback(cb -> cb.call(read.applyAsLong(c)))
                .register(registry);
    }
}
