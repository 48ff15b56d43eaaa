package io.rtcd.rtc.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtcd.rtc.transport.srtp.SrtpProfile;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TransportConfigTest {
    @Test
    void defaultsMatchTheSpec() {
        TransportConfig d = TransportConfig.defaults();
        assertEquals(8443, d.port());
        assertEquals(Duration.ofSeconds(30), d.consentTimeout());
        assertEquals(Duration.ofSeconds(30), d.dtlsHandshakeTimeout());
        assertEquals(List.of(SrtpProfile.AEAD_AES_128_GCM, SrtpProfile.AES128_CM_HMAC_SHA1_80), d.srtpProfiles());
        assertEquals(0, TransportConfig.loopback().port());
    }

    @Test
    void invalidValuesNameKeyValueAndRange() {
        TransportConfig d = TransportConfig.defaults();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> d.withBind("0.0.0.0", 70000));
        assertTrue(e.getMessage().contains("port") && e.getMessage().contains("70000"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> d.withSrtpProfiles(List.of()));
        assertThrows(
                IllegalArgumentException.class,
                () -> d.withSrtpProfiles(List.of(SrtpProfile.AEAD_AES_128_GCM, SrtpProfile.AEAD_AES_128_GCM)));
        assertThrows(IllegalArgumentException.class, () -> d.withConsent(Duration.ofSeconds(5), Duration.ofSeconds(6)));
        assertThrows(IllegalArgumentException.class, () -> d.withDtls(Duration.ofSeconds(30), 100));
        assertThrows(IllegalArgumentException.class, () -> d.withBind(" ", 0));
        assertThrows(IllegalArgumentException.class, () -> d.withIceConnectTimeout(Duration.ofMillis(10)));
        assertEquals(TransportConfig.DEFAULT_ICE_CONNECT_TIMEOUT, d.iceConnectTimeout());
        assertEquals(
                Duration.ofSeconds(3),
                d.withIceConnectTimeout(Duration.ofSeconds(3)).iceConnectTimeout());
    }

    @Test
    void onlyTheHandshakeDeadlineCountsAsADtlsTimeout() {
        assertTrue(TransportSession.isTimeout(new org.bouncycastle.tls.TlsTimeoutException("Handshake timed out")));
        assertTrue(TransportSession.isTimeout(
                new java.io.IOException("wrapped", new org.bouncycastle.tls.TlsTimeoutException("x"))));
        assertFalse(TransportSession.isTimeout(
                new org.bouncycastle.tls.TlsFatalAlert(org.bouncycastle.tls.AlertDescription.bad_certificate)));
        assertFalse(TransportSession.isTimeout(null));
    }
}
