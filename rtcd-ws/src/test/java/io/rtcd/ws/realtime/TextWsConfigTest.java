package io.rtcd.ws.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TextWsConfigTest {
    @Test
    void defaultsAreTheDocumentedLimits() {
        TextWsConfig c = TextWsConfig.defaults();
        assertEquals(256 * 1024, c.maxMessageBytes());
        assertEquals(256, c.sendQueueLimit());
        assertTrue(c.idleTimeout().compareTo(c.pingInterval()) > 0);
    }

    @Test
    void outOfRangeValuesNameTheKeyAndValue() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> new TextWsConfig(100, 10, Duration.ofSeconds(1), Duration.ofSeconds(2)));
        assertTrue(e.getMessage().contains("maxMessageBytes") && e.getMessage().contains("100"), e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> new TextWsConfig(4096, 0, Duration.ofSeconds(1), Duration.ofSeconds(2)));
        assertThrows(
                IllegalArgumentException.class,
                () -> new TextWsConfig(4096, 10, Duration.ofSeconds(5), Duration.ofSeconds(5)));
    }

    @Test
    void refusalsCarryAnErrorStatus() {
        assertEquals(403, new TextWsRefusedException(403, "no").status());
        assertThrows(IllegalArgumentException.class, () -> new TextWsRefusedException(200, "ok"));
    }

    @Test
    void jsonEscapeHandlesQuotesBackslashesAndControls() {
        assertEquals("a\\\"b\\\\c\\u000a", io.rtcd.ws.UpgradeRefusal.jsonEscape("a\"b\\c\n"));
    }
}
