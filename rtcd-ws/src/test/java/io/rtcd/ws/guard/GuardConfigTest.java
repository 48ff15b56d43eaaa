package io.rtcd.ws.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class GuardConfigTest {
    @Test
    void defaultsAreTheDocumentedOnes() {
        GuardConfig d = GuardConfig.defaults();
        assertEquals(128, d.connectAttemptsPerMinute());
        assertEquals(32, d.messagesPerSecond());
        assertEquals(64, d.messageBurst());
        assertEquals(64, d.messageFloodLimit());
        assertEquals(List.of(), d.allowedOrigins());
    }

    @Test
    void originsAreNormalisedAndDeduplicated() {
        GuardConfig c = new GuardConfig(
                1,
                1,
                1,
                1,
                List.of("https://A.example/", "https://a.example"),
                GuardConfig.DEFAULT_MAX_TRACKED_ADDRESSES);
        assertEquals(List.of("https://a.example"), c.allowedOrigins());
    }

    @Test
    void outOfRangeValuesNameTheirKey() {
        assertKey("realtime.connect_rate_per_minute", () -> new GuardConfig(-1, 1, 1, 1, List.of(), 10));
        assertKey("realtime.message_rate_per_second", () -> new GuardConfig(1, 1_000_001, 1, 1, List.of(), 10));
        assertKey("realtime.message_burst", () -> new GuardConfig(1, 1, 0, 1, List.of(), 10));
        assertKey("realtime.message_flood_limit", () -> new GuardConfig(1, 1, 1, 0, List.of(), 10));
        assertKey("realtime.allowed_origins", () -> new GuardConfig(1, 1, 1, 1, List.of("example.com"), 10));
        assertKey("maxTrackedAddresses", () -> new GuardConfig(1, 1, 1, 1, List.of(), 0));
    }

    private static void assertKey(String key, Runnable r) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        assertTrue(e.getMessage().contains(key), e.getMessage());
    }
}
