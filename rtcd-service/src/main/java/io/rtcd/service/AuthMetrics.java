package io.rtcd.service;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.rtcd.auth.AuthService;

/** Exports {@link AuthService}'s key-cache counters, read at scrape time. */
final class AuthMetrics {
    private AuthMetrics() {}

    static void register(PrometheusRegistry registry, AuthService auth) {
        CounterWithCallback.builder()
                .name("rtcd_auth_key_cache")
                .help("Basic authentications of registered clients: hit = answered without bcrypt (a remembered key,"
                        + " or a concurrent check of the same key), miss = bcrypt ran (new, expired or wrong key)")
                .labelNames("result")
                .callback(cb -> {
                    cb.call(auth.keyCacheHits(), "hit");
                    cb.call(auth.keyCacheMisses(), "miss");
                })
                .register(registry);
    }
}
