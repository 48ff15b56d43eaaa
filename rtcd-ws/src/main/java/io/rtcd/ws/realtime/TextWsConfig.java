package io.rtcd.ws.realtime;

import java.time.Duration;
import java.util.Objects;

/**
 * Immutable, validated settings of a {@link TextWsServer}.
 *
 * @param maxMessageBytes largest inbound text message; bigger closes the connection with 1009
 * @param sendQueueLimit outbound messages queued per connection before it is closed (1008) as a slow reader
 * @param pingInterval how often the server pings each connection (browsers answer pings automatically)
 * @param idleTimeout a connection with no inbound frame (pongs included) for this long is closed
 */
public record TextWsConfig(int maxMessageBytes, int sendQueueLimit, Duration pingInterval, Duration idleTimeout) {

    public TextWsConfig {
        Objects.requireNonNull(pingInterval, "pingInterval");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (maxMessageBytes < 1024 || maxMessageBytes > (16 << 20)) {
            throw new IllegalArgumentException(
                    "maxMessageBytes must be in 1024..16777216 (value: " + maxMessageBytes + ")");
        }
        if (sendQueueLimit < 1 || sendQueueLimit > 100_000) {
            throw new IllegalArgumentException("sendQueueLimit must be in 1..100000 (value: " + sendQueueLimit + ")");
        }
        if (pingInterval.toMillis() < 1 || pingInterval.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("pingInterval must be in 1ms..1h (value: " + pingInterval + ")");
        }
        if (idleTimeout.compareTo(pingInterval) <= 0 || idleTimeout.compareTo(Duration.ofHours(2)) > 0) {
            throw new IllegalArgumentException(
                    "idleTimeout must be in (pingInterval.." + "2h] (value: " + idleTimeout + ")");
        }
    }

    /**
     * 256 KiB messages (an SDP answer of a client subscribed to a full cospace can pass 64 KiB), 256 queued messages,
     * ping every 15 s, idle timeout 45 s.
     */
    public static TextWsConfig defaults() {
        return new TextWsConfig(256 << 10, 256, Duration.ofSeconds(15), Duration.ofSeconds(45));
    }
}
