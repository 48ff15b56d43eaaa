package io.rtcd.service.cospace;

import java.time.Duration;
import java.util.Objects;

/**
 * Static limits of the browser face's cospaces (config section {@code [realtime]}, docs/config.md).
 *
 * @param maxCospaces cospaces this server hosts at once (hosted and implicit); {@code realtime.max_cospaces}
 * @param maxParticipants participants per cospace; {@code realtime.max_participants}
 * @param maxPublishers participants per cospace holding a permission to publish audio or video;
 *     {@code realtime.max_publishers}
 * @param presenceGrace how long a participant whose socket (and so its media session) is gone stays listed before it
 *     is removed; a reconnect within it is not a leave and a join; {@code realtime.presence_grace}
 * @param maxMessageBytes largest app message payload (its JSON encoding) on {@code cospace.<id>.messages};
 *     {@code realtime.max_message_bytes}
 */
public record CospaceConfig(
        int maxCospaces, int maxParticipants, int maxPublishers, Duration presenceGrace, int maxMessageBytes) {

    public CospaceConfig {
        Objects.requireNonNull(presenceGrace, "presenceGrace");
        check("realtime.max_cospaces", maxCospaces, 1, 100_000);
        check("realtime.max_participants", maxParticipants, 1, 10_000);
        check("realtime.max_publishers", maxPublishers, 0, 10_000);
        check("realtime.max_message_bytes", maxMessageBytes, 16, 60 << 10);
        if (presenceGrace.isNegative() || presenceGrace.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException(
                    "realtime.presence_grace must be in 0s..10m (value: " + presenceGrace + ")");
        }
    }

    /** 1000 cospaces of at most 100 participants, 50 of them publishers; 5 s grace; 4 KiB messages. */
    public static CospaceConfig defaults() {
        return new CospaceConfig(1000, 100, 50, Duration.ofSeconds(5), 4096);
    }

    private static void check(String key, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(key + " must be in " + min + ".." + max + " (value: " + value + ")");
        }
    }
}
