package io.rtcd.ws;

import io.rtcd.ws.guard.GuardConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * Immutable, validated WebSocket server settings (rtcd §3.2 hard-codes them; here they are {@code ws.*} keys so tests
 * can shorten them).
 *
 * @param pingInterval how often the server pings every connection ({@code ws.ping_interval}, rtcd 10 s)
 * @param pongTimeout a connection with no pong for this long is closed ({@code ws.pong_timeout}, rtcd 20 s); only
 *     pongs extend it, never data frames
 * @param maxMessageBytes largest inbound message; bigger closes the connection with 1009 ({@code
 *     ws.max_message_bytes}, rtcd 1 MiB)
 * @param sendQueueLimit outbound messages queued per connection before it is closed as a slow reader ({@code
 *     ws.send_queue_limit}, rtcd 5000)
 * @param connectAttemptsPerMinute upgrade attempts per client address and minute (burst and sustained); more get HTTP
 *     429 ({@code ws.connect_rate_per_minute}, 0 = unlimited; not in rtcd)
 */
public record WsConfig(
        Duration pingInterval,
        Duration pongTimeout,
        int maxMessageBytes,
        int sendQueueLimit,
        int connectAttemptsPerMinute) {

    /** Upper bound for {@code ws.max_message_bytes}: 64 MiB. */
    public static final int MAX_MESSAGE_BYTES_LIMIT = 64 << 20;

    /** Upper bound for {@code ws.send_queue_limit}. */
    public static final int SEND_QUEUE_LIMIT_MAX = 1_000_000;

    /** Default of {@code ws.connect_rate_per_minute}. */
    public static final int DEFAULT_CONNECT_ATTEMPTS_PER_MINUTE = 128;

    /** With the default connection-attempt limit. */
    public WsConfig(Duration pingInterval, Duration pongTimeout, int maxMessageBytes, int sendQueueLimit) {
        this(pingInterval, pongTimeout, maxMessageBytes, sendQueueLimit, DEFAULT_CONNECT_ATTEMPTS_PER_MINUTE);
    }

    public WsConfig {
        Objects.requireNonNull(pingInterval, "ws.ping_interval");
        Objects.requireNonNull(pongTimeout, "ws.pong_timeout");
        if (pingInterval.toMillis() < 1 || pingInterval.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("ws.ping_interval must be in 1ms..1h (value: " + pingInterval + ")");
        }
        if (pongTimeout.compareTo(pingInterval) < 0 || pongTimeout.compareTo(Duration.ofHours(2)) > 0) {
            throw new IllegalArgumentException("ws.pong_timeout must be in ws.ping_interval (" + pingInterval
                    + ")..2h (value: " + pongTimeout + ")");
        }
        if (maxMessageBytes < 1024 || maxMessageBytes > MAX_MESSAGE_BYTES_LIMIT) {
            throw new IllegalArgumentException("ws.max_message_bytes must be in 1024.." + MAX_MESSAGE_BYTES_LIMIT
                    + " (value: " + maxMessageBytes + ")");
        }
        if (sendQueueLimit < 1 || sendQueueLimit > SEND_QUEUE_LIMIT_MAX) {
            throw new IllegalArgumentException(
                    "ws.send_queue_limit must be in 1.." + SEND_QUEUE_LIMIT_MAX + " (value: " + sendQueueLimit + ")");
        }
        if (connectAttemptsPerMinute < 0 || connectAttemptsPerMinute > GuardConfig.MAX_RATE) {
            throw new IllegalArgumentException("ws.connect_rate_per_minute must be in 0.." + GuardConfig.MAX_RATE
                    + " (value: " + connectAttemptsPerMinute + ")");
        }
    }

    /** rtcd values: ping 10 s, pong timeout 20 s, 1 MiB messages, 5000 queued messages; 128 attempts/min. */
    public static WsConfig defaults() {
        return new WsConfig(Duration.ofSeconds(10), Duration.ofSeconds(20), 1 << 20, 5000);
    }
}
