package io.rtcd.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WsConfigTest {

    @Test
    void defaultsAreRtcds() {
        WsConfig c = WsConfig.defaults();
        assertEquals(Duration.ofSeconds(10), c.pingInterval());
        assertEquals(Duration.ofSeconds(20), c.pongTimeout());
        assertEquals(1 << 20, c.maxMessageBytes());
        assertEquals(5000, c.sendQueueLimit());
        assertEquals(128, c.connectAttemptsPerMinute());
    }

    @Test
    void validationNamesKeys() {
        Duration s = Duration.ofSeconds(1);
        assertKey("ws.ping_interval", () -> new WsConfig(Duration.ZERO, s, 1 << 20, 10));
        assertKey("ws.pong_timeout", () -> new WsConfig(s, Duration.ofMillis(500), 1 << 20, 10));
        assertKey("ws.max_message_bytes", () -> new WsConfig(s, s, 10, 10));
        assertKey("ws.send_queue_limit", () -> new WsConfig(s, s, 1 << 20, 0));
        assertKey("ws.connect_rate_per_minute", () -> new WsConfig(s, s, 1 << 20, 10, -1));
    }

    private static void assertKey(String key, Runnable r) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        assertTrue(e.getMessage().contains(key), e.getMessage());
    }
}
