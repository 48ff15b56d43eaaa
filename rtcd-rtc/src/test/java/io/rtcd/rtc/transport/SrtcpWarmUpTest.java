package io.rtcd.rtc.transport;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SrtcpWarmUpTest {
    @Test
    void srtcpRoundTripsForEveryProfileAndRepeats() {
        assertTrue(SrtcpWarmUp.run(), "first run initialises jitsi-srtp and round-trips an RTCP RR");
        assertTrue(SrtcpWarmUp.run(), "idempotent");
    }
}
