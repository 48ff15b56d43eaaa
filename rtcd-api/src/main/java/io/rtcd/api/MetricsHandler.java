package io.rtcd.api;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Objects;

/** Serves a {@link PrometheusRegistry} in the Prometheus text exposition format (route it at {@code GET /metrics}). */
public final class MetricsHandler implements ApiHandler {

    private final PrometheusRegistry registry;
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    public MetricsHandler(PrometheusRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    public ApiResponse handle(ApiRequest request) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        try {
            writer.write(out, registry.scrape());
        } catch (IOException e) {
            throw new IllegalStateException("failed to write metrics", e);
        }
        return new ApiResponse(200, writer.getContentType(), out.toByteArray());
    }
}
