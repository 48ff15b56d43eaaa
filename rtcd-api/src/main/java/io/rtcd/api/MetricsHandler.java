package io.rtcd.api;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Objects;

/**
 * Serves a {@link PrometheusRegistry} in the Prometheus text exposition format (route it at {@code GET /metrics}).
 *
 * <p>The exposition is written into one buffer kept between scrapes (its capacity stays, so a scrape copies the text
 * once, into the response, instead of regrowing a fresh stream from 8 KiB each time); scrapes are therefore
 * serialised, which costs nothing at Prometheus' rates. A buffer that grew past {@link #KEEP_BYTES} is not kept.
 */
public final class MetricsHandler implements ApiHandler {
    /** Largest buffer kept between scrapes. */
    static final int KEEP_BYTES = 1 << 20;

    private static final int INITIAL_BYTES = 32 * 1024;

    private final PrometheusRegistry registry;
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private ByteArrayOutputStream buffer = new ByteArrayOutputStream(INITIAL_BYTES);

    public MetricsHandler(PrometheusRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    public synchronized ApiResponse handle(ApiRequest request) {
        ByteArrayOutputStream out = buffer;
        out.reset();
        try {
            writer.write(out, registry.scrape());
        } catch (IOException e) {
            throw new IllegalStateException("failed to write metrics", e);
        }
        byte[] body = out.toByteArray();
        if (body.length > KEEP_BYTES) {
            buffer = new ByteArrayOutputStream(INITIAL_BYTES);
        }
        return new ApiResponse(200, writer.getContentType(), body);
    }
}
