package io.rtcd.service.config;

import io.rtcd.ws.guard.GuardConfig;
import io.rtcd.ws.realtime.TextWsConfig;
import java.util.Objects;

/**
 * The browser face's socket settings: its WebSocket limits and its abuse guard (the {@code realtime.*} keys other
 * than the cospace ones).
 *
 * @param socket {@code realtime.max_socket_message_bytes}; queue, ping and idle timeout keep their defaults
 * @param guard {@code realtime.connect_rate_per_minute}, {@code message_rate_per_second}, {@code message_burst},
 *     {@code message_flood_limit}, {@code allowed_origins}
 */
public record RealtimeSocketConfig(TextWsConfig socket, GuardConfig guard) {
    public RealtimeSocketConfig {
        Objects.requireNonNull(socket, "socket");
        Objects.requireNonNull(guard, "guard");
    }

    public static RealtimeSocketConfig defaults() {
        return new RealtimeSocketConfig(TextWsConfig.defaults(), GuardConfig.defaults());
    }
}
