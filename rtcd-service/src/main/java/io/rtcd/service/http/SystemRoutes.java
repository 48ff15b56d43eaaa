package io.rtcd.service.http;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.rtcd.api.ApiResponse;
import io.rtcd.api.ApiServer;
import io.rtcd.api.MetricsHandler;
import io.rtcd.service.BuildInfo;
import io.rtcd.service.CpuLoadSampler;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Unauthenticated operational routes: {@code /version}, {@code /system}, {@code /healthz}, {@code /metrics}. */
public final class SystemRoutes {
    private final BuildInfo build;
    private final CpuLoadSampler cpu;
    private final PrometheusRegistry registry;
    private final BooleanSupplier draining;
    private final Supplier<Map<String, Object>> realtime;

    /**
     * @param realtime how full the browser face's cospaces are ({@code /system}'s {@code realtime} object)
     */
    public SystemRoutes(
            BuildInfo build,
            CpuLoadSampler cpu,
            PrometheusRegistry registry,
            BooleanSupplier draining,
            Supplier<Map<String, Object>> realtime) {
        this.build = build;
        this.cpu = cpu;
        this.registry = registry;
        this.draining = draining;
        this.realtime = realtime;
    }

    public void register(ApiServer api) {
        Map<String, Object> version = versionBody(build);
        api.route("GET", "/version", request -> ApiResponse.json(200, version));
        api.route("GET", "/system", request -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("cpu_load", cpu.load());
            body.put("realtime", realtime.get());
            return ApiResponse.json(200, body);
        });
        api.route(
                "GET",
                "/healthz",
                request -> draining.getAsBoolean()
                        ? ApiResponse.json(503, Map.of("status", "draining", "code", "503"))
                        : ApiResponse.json(200, Map.of("status", "ok", "code", "200")));
        api.route("GET", "/metrics", new MetricsHandler(registry));
    }

    /** rtcd's /version keys, with the Go-specific ones describing the JVM instead. */
    static Map<String, Object> versionBody(BuildInfo build) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("buildDate", build.buildDate());
        body.put("buildVersion", build.buildVersion());
        body.put("buildHash", build.buildHash());
        body.put("goVersion", "java" + Runtime.version());
        body.put("goOS", System.getProperty("os.name", "unknown").toLowerCase(java.util.Locale.ROOT));
        body.put("goArch", goArch(System.getProperty("os.arch", "unknown")));
        return java.util.Collections.unmodifiableMap(body);
    }

    private static String goArch(String osArch) {
        return switch (osArch) {
            case "x86_64", "amd64" -> "amd64";
            case "aarch64" -> "arm64";
            default -> osArch;
        };
    }
}
