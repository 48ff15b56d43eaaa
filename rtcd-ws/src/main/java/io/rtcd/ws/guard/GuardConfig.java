package io.rtcd.ws.guard;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Immutable, validated abuse-control settings of one WebSocket face (the browser face's {@code realtime.*} keys).
 *
 * @param connectAttemptsPerMinute upgrade attempts per client address and minute, as a burst and as the sustained
 *     rate; more get HTTP 429 ({@code realtime.connect_rate_per_minute}, 0 = unlimited)
 * @param messagesPerSecond sustained inbound messages per connection and second ({@code
 *     realtime.message_rate_per_second}, 0 = unlimited)
 * @param messageBurst inbound messages admitted at once ({@code realtime.message_burst})
 * @param messageFloodLimit messages dropped for rate since the connection last slowed down after which it is closed
 *     with 1008 ({@code realtime.message_flood_limit})
 * @param allowedOrigins cross-origin pages allowed to connect, normalised by {@link OriginPolicy#normalise}; the same
 *     origin is always allowed; {@code *} allows any ({@code realtime.allowed_origins})
 * @param maxTrackedAddresses client addresses the attempt limiter remembers at most (not a config key)
 */
public record GuardConfig(
        int connectAttemptsPerMinute,
        int messagesPerSecond,
        int messageBurst,
        int messageFloodLimit,
        List<String> allowedOrigins,
        int maxTrackedAddresses) {

    /** Upper bound of the rate, burst and flood settings. */
    public static final int MAX_RATE = 1_000_000;

    /** Default of {@link #maxTrackedAddresses()}: about 10 MB of limiter state at most. */
    public static final int DEFAULT_MAX_TRACKED_ADDRESSES = 100_000;

    public GuardConfig {
        check("realtime.connect_rate_per_minute", connectAttemptsPerMinute, 0);
        check("realtime.message_rate_per_second", messagesPerSecond, 0);
        check("realtime.message_burst", messageBurst, 1);
        check("realtime.message_flood_limit", messageFloodLimit, 1);
        if (maxTrackedAddresses < 1 || maxTrackedAddresses > 10_000_000) {
            throw new IllegalArgumentException(
                    "maxTrackedAddresses must be in 1..10000000 (value: " + maxTrackedAddresses + ")");
        }
        Objects.requireNonNull(allowedOrigins, "realtime.allowed_origins");
        List<String> normalised = new ArrayList<>(allowedOrigins.size());
        for (String o : allowedOrigins) {
            String n = OriginPolicy.normalise("realtime.allowed_origins", o);
            if (!normalised.contains(n)) {
                normalised.add(n);
            }
        }
        allowedOrigins = List.copyOf(normalised);
    }

    private static void check(String key, int value, int min) {
        if (value < min || value > MAX_RATE) {
            throw new IllegalArgumentException(
                    key + " must be in " + min + ".." + MAX_RATE + " (value: " + value + ")");
        }
    }

    /** 128 upgrade attempts per address and minute, 32 messages/s with a burst of 64, closed after 64 drops, same origin only. */
    public static GuardConfig defaults() {
        return new GuardConfig(128, 32, 64, 64, List.of(), DEFAULT_MAX_TRACKED_ADDRESSES);
    }

    /** No limit and any origin: what a server gets when it is given no guard. */
    public static GuardConfig unlimited() {
        return new GuardConfig(0, 0, 1, 1, List.of("*"), DEFAULT_MAX_TRACKED_ADDRESSES);
    }

    /** Only the per-address attempt limit (the {@code /ws} face: backends, no browsers, no message limit). */
    public static GuardConfig attemptsOnly(int connectAttemptsPerMinute) {
        return new GuardConfig(connectAttemptsPerMinute, 0, 1, 1, List.of("*"), DEFAULT_MAX_TRACKED_ADDRESSES);
    }
}
