package io.rtcd.rtc.sfu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtcd.rtc.transport.TransportSession.DisconnectReason;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SessionEndReasonTest {
    @Test
    void labelsAreUniqueSnakeCaseAndRoundTrip() {
        Set<String> seen = new HashSet<>();
        for (SessionEndReason r : SessionEndReason.values()) {
            assertTrue(r.label().matches("[a-z]+(_[a-z]+)*"), r.label());
            assertTrue(seen.add(r.label()), "duplicate " + r.label());
            assertSame(r, SessionEndReason.ofLabel(r.label()));
            assertFalse(r.description().isBlank());
            assertFalse(r.description().contains("Exception"), r.description());
        }
        assertNull(SessionEndReason.ofLabel("transport consent_expired"));
        assertNull(SessionEndReason.ofLabel(""));
    }

    @Test
    void theLabelsDocumentedForOperatorsAreStable() {
        assertEquals("leave", SessionEndReason.LEAVE.label());
        assertEquals("signaling_timeout", SessionEndReason.SIGNALING_TIMEOUT.label());
        assertEquals("ice_timeout", SessionEndReason.ICE_TIMEOUT.label());
        assertEquals("dtls_timeout", SessionEndReason.DTLS_TIMEOUT.label());
        assertEquals("dtls_failed", SessionEndReason.DTLS_FAILED.label());
        assertEquals("consent_expired", SessionEndReason.CONSENT_EXPIRED.label());
        assertEquals("transport_closed", SessionEndReason.TRANSPORT_CLOSED.label());
        assertEquals("socket_closed", SessionEndReason.SOCKET_CLOSED.label());
        assertEquals("replaced", SessionEndReason.REPLACED.label());
        assertEquals("cospace_closed", SessionEndReason.COSPACE_CLOSED.label());
        assertEquals("shutdown", SessionEndReason.SHUTDOWN.label());
    }

    @Test
    void everyTransportDeathHasItsOwnReason() {
        assertEquals(SessionEndReason.ICE_TIMEOUT, SessionEndReason.of(DisconnectReason.ICE_TIMEOUT));
        assertEquals(SessionEndReason.CONSENT_EXPIRED, SessionEndReason.of(DisconnectReason.CONSENT_EXPIRED));
        assertEquals(SessionEndReason.DTLS_TIMEOUT, SessionEndReason.of(DisconnectReason.DTLS_TIMEOUT));
        assertEquals(SessionEndReason.DTLS_FAILED, SessionEndReason.of(DisconnectReason.DTLS_FAILED));
        assertEquals(SessionEndReason.TRANSPORT_CLOSED, SessionEndReason.of(DisconnectReason.DTLS_CLOSED));
        Set<SessionEndReason> mapped = new HashSet<>();
        for (DisconnectReason d : DisconnectReason.values()) {
            mapped.add(SessionEndReason.of(d));
        }
        assertEquals(DisconnectReason.values().length, mapped.size(), "no two transport deaths share a reason");
    }
}
