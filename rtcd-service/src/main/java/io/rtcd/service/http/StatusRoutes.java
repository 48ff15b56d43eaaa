package io.rtcd.service.http;

import io.rtcd.api.ApiException;
import io.rtcd.api.ApiRequest;
import io.rtcd.api.ApiResponse;
import io.rtcd.api.ApiServer;
import io.rtcd.service.BuildInfo;
import io.rtcd.service.CpuLoadSampler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * {@code GET /admin/status} (admin only, docs/protocol.md "HTTP API"): what {@code rtcd status} and {@code rtcd
 * check} show - version, uptime, load, sessions, calls, cospaces and the media ports and host candidates the server
 * advertises.
 */
public final class StatusRoutes {
    /** The live numbers the status reads, each evaluated per request. */
    public record Sources(
            IntSupplier sessions,
            IntSupplier calls,
            Supplier<Map<String, Object>> realtime,
            BooleanSupplier draining,
            Supplier<Map<String, Object>> media) {}

    private final AuthRoutes auth;
    private final BuildInfo build;
    private final CpuLoadSampler cpu;
    private final Clock clock;
    private final Instant startedAt;
    private final Sources sources;

    public StatusRoutes(
            AuthRoutes auth, BuildInfo build, CpuLoadSampler cpu, Clock clock, Instant startedAt, Sources sources) {
        this.auth = auth;
        this.build = build;
        this.cpu = cpu;
        this.clock = clock;
        this.startedAt = startedAt;
        this.sources = sources;
    }

    public void register(ApiServer api) {
        api.route("GET", "/admin/status", this::status);
    }

    private ApiResponse status(ApiRequest request) {
        if (!auth.authenticate(request).admin()) {
            throw new ApiException(403, "forbidden: admin only");
        }
        Instant now = clock.instant();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("version", build.buildVersion());
        body.put("buildHash", build.buildHash());
        body.put("startedAt", startedAt.toString());
        body.put("uptimeSeconds", Math.max(0, Duration.between(startedAt, now).toSeconds()));
        body.put("serverTime", now.toString());
        body.put("cpuLoad", cpu.load());
        body.put("draining", sources.draining().getAsBoolean());
        body.put("sessions", sources.sessions().getAsInt());
        body.put("calls", sources.calls().getAsInt());
        body.put("realtime", sources.realtime().get());
        body.put("media", sources.media().get());
        body.put("code", "200");
        return ApiResponse.json(200, body);
    }
}
