package io.rtcd.rtc.sfu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RtcConfigTest {
    @Test
    void defaultsMatchRtcd() {
        RtcConfig c = RtcConfig.defaults();
        assertEquals("", c.iceAddressUdp());
        assertEquals(8443, c.icePortUdp());
        assertEquals(Duration.ofSeconds(10), c.signalingTimeout());
        assertEquals(Duration.ofMillis(500), c.keyframeMinInterval());
    }

    @Test
    void messagesNameKeyValueAndRange() {
        IllegalArgumentException port = assertThrows(
                IllegalArgumentException.class, () -> RtcConfig.defaults().withUdp("", 50000, false));
        assertTrue(port.getMessage().contains("rtc.ice_port_udp"), port.getMessage());
        assertTrue(port.getMessage().contains("50000"), port.getMessage());
        assertTrue(port.getMessage().contains("[80, 49151]"), port.getMessage());
        IllegalArgumentException addr = assertThrows(
                IllegalArgumentException.class, () -> RtcConfig.defaults().withUdp("example.org", 0, false));
        assertTrue(addr.getMessage().contains("rtc.ice_address_udp"), addr.getMessage());
        IllegalArgumentException timeout = assertThrows(
                IllegalArgumentException.class,
                () -> RtcConfig.defaults().withTimeouts(Duration.ZERO, Duration.ofSeconds(1)));
        assertTrue(timeout.getMessage().contains("rtc.signaling_timeout"), timeout.getMessage());
        assertEquals(0, RtcConfig.defaults().withUdp("127.0.0.1", 0, true).icePortUdp());
        assertEquals("::1", RtcConfig.defaults().withUdp("::1", 8443, true).iceAddressUdp());
    }

    @Test
    void iceConnectTimeoutDefaultsTo15sAndIsValidated() {
        assertEquals(Duration.ofSeconds(15), RtcConfig.defaults().iceConnectTimeout());
        RtcConfig c = RtcConfig.loopback().withIceConnectTimeout(Duration.ofMillis(500));
        assertEquals(Duration.ofMillis(500), c.iceConnectTimeout());
        assertEquals(Duration.ofMillis(500), c.withTcp("127.0.0.1", 0).iceConnectTimeout(), "kept by the withers");
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> RtcConfig.defaults().withIceConnectTimeout(Duration.ZERO));
        assertTrue(e.getMessage().contains("rtc.ice_connect_timeout"), e.getMessage());
        assertThrows(
                IllegalArgumentException.class, () -> RtcConfig.defaults().withIceConnectTimeout(Duration.ofHours(1)));
    }

    @Test
    void batchSendIsOnByDefault() {
        assertTrue(RtcConfig.defaults().batchSend());
        assertTrue(RtcConfig.loopback().batchSend());
        RtcConfig off = RtcConfig.loopback().withBatchSend(false);
        assertFalse(off.batchSend());
        assertFalse(off.withTcp("127.0.0.1", 0).batchSend(), "kept by the other withers");
    }

    @Test
    void iceTcpDefaultsToRtcdPortAndCanBeTurnedOff() {
        RtcConfig d = RtcConfig.defaults();
        assertEquals(8443, d.icePortTcp());
        assertEquals("", d.iceAddressTcp());
        assertTrue(d.tcpEnabled());
        assertTrue(!RtcConfig.loopback().tcpEnabled(), "tests opt in to ICE-TCP");
        assertTrue(!d.withTcp("", RtcConfig.TCP_DISABLED).tcpEnabled());
        IllegalArgumentException port = assertThrows(IllegalArgumentException.class, () -> d.withTcp("", 50000));
        assertTrue(port.getMessage().contains("rtc.ice_port_tcp"), port.getMessage());
        assertTrue(port.getMessage().contains("50000"), port.getMessage());
        IllegalArgumentException addr =
                assertThrows(IllegalArgumentException.class, () -> d.withTcp("example.org", 8443));
        assertTrue(addr.getMessage().contains("rtc.ice_address_tcp"), addr.getMessage());
        // the constructor without the TCP fields keeps ICE-TCP off
        RtcConfig legacy = new RtcConfig(
                "",
                8443,
                "",
                false,
                Duration.ofSeconds(10),
                Duration.ofSeconds(10),
                Duration.ofMillis(500),
                Duration.ofSeconds(1),
                1024);
        assertTrue(!legacy.tcpEnabled());
    }
}
