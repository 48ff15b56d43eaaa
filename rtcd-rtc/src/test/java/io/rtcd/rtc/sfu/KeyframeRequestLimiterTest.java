package io.rtcd.rtc.sfu;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class KeyframeRequestLimiterTest {
    @Test
    void atMostOnePerInterval() {
        KeyframeRequestLimiter l = new KeyframeRequestLimiter(500);
        assertTrue(l.tryAcquire(1000, false));
        assertFalse(l.tryAcquire(1200, false));
        assertFalse(l.tryAcquire(1499, false));
        assertTrue(l.tryAcquire(1500, false));
    }

    @Test
    void forcedRequestPassesAndRestartsInterval() {
        KeyframeRequestLimiter l = new KeyframeRequestLimiter(500);
        assertTrue(l.tryAcquire(0, false));
        assertTrue(l.tryAcquire(100, true));
        assertFalse(l.tryAcquire(550, false));
        assertTrue(l.tryAcquire(600, false));
    }
}
