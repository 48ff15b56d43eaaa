package io.rtcd.rtc.transport;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SrtcpWarmUpTest {
    @Test
    void srtcpRoundTripsForEveryProfileAndRepeats() {
        assertTrue(SrtcpWarmUp.run(), "first run round-trips an RTCP RR for every profile");
        assertTrue(SrtcpWarmUp.run(), "idempotent");
    }
}
