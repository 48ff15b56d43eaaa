package io.rtcd.service.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtcd.rtc.sfu.RtcConfig;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** rtc.ice_address_tcp, rtc.ice_port_tcp and rtc.ice_host_override from TOML, RTCD_* variables and --set. */
class RtcTransportKeysTest {
    @Test
    void defaultsAreRtcds() {
        RtcConfig rtc = ConfigLoader.load(Optional.empty(), Map.of(), List.of())
                .config()
                .rtc();
        assertEquals(8443, rtc.icePortTcp());
        assertEquals("", rtc.iceAddressTcp());
        assertTrue(rtc.tcpEnabled());
        assertEquals("", rtc.iceHostOverride());
        assertEquals("RTCD_RTC_ICEPORTTCP", ConfigKeys.RTC_ICE_PORT_TCP.envName());
        assertEquals("RTCD_RTC_ICEADDRESSTCP", ConfigKeys.RTC_ICE_ADDRESS_TCP.envName());
    }

    @Test
    void tomlThenEnvironmentThenSet() {
        RtcConfig toml = ConfigLoader.loadToml("[rtc]\nice_address_tcp = \"10.0.0.5\"\nice_port_tcp = 9443\n"
                        + "ice_host_override = \"203.0.113.7/10.0.0.5,198.51.100.9/192.168.1.2\"\n")
                .config()
                .rtc();
        assertEquals("10.0.0.5", toml.iceAddressTcp());
        assertEquals(9443, toml.icePortTcp());
        assertEquals("203.0.113.7/10.0.0.5,198.51.100.9/192.168.1.2", toml.iceHostOverride());

        Map<String, String> env = Map.of("RTCD_RTC_ICEPORTTCP", "-1", "RTCD_RTC_ICEHOSTOVERRIDE", "calls.example.com");
        RtcConfig fromEnv =
                ConfigLoader.load(Optional.empty(), env, List.of()).config().rtc();
        assertFalse(fromEnv.tcpEnabled(), "-1 turns ICE-TCP off");
        assertEquals(
                "calls.example.com", fromEnv.iceHostOverride(), "a hostname is kept as written, resolved at start");

        RtcConfig set = ConfigLoader.load(Optional.empty(), env, List.of("rtc.ice_port_tcp=0"))
                .config()
                .rtc();
        assertEquals(0, set.icePortTcp());

        RtcConfig ports = ConfigLoader.load(
                        Optional.empty(),
                        Map.of("RTCD_RTC_ICEHOSTPORTOVERRIDE", "10.0.0.4/30442,10.0.0.5/30443"),
                        List.of())
                .config()
                .rtc();
        assertEquals("10.0.0.4/30442,10.0.0.5/30443", ports.iceHostPortOverride());
        ConfigException badPort = assertThrows(
                ConfigException.class,
                () -> ConfigLoader.loadToml("[rtc]\nice_host_port_override = \"10.0.0.4/30442,10.0.0.5/30442\"\n"));
        assertTrue(badPort.getMessage().contains("rtc.ice_host_port_override"), badPort.getMessage());
    }

    @Test
    void batchSendIsOnByDefaultAndCanBeTurnedOff() {
        assertTrue(ConfigLoader.load(Optional.empty(), Map.of(), List.of())
                .config()
                .rtc()
                .batchSend());
        assertFalse(ConfigLoader.loadToml("[rtc]\nbatch_send = false\n")
                .config()
                .rtc()
                .batchSend());
        assertFalse(ConfigLoader.load(Optional.empty(), Map.of("RTCD_RTC_BATCHSEND", "false"), List.of())
                .config()
                .rtc()
                .batchSend());
    }

    @Test
    void badValuesNameKeyAndSource() {
        ConfigException port = assertThrows(
                ConfigException.class,
                () -> ConfigLoader.load(Optional.empty(), Map.of("RTCD_RTC_ICEPORTTCP", "70000"), List.of()));
        assertTrue(port.getMessage().contains("rtc.ice_port_tcp"), port.getMessage());
        ConfigException override = assertThrows(
                ConfigException.class,
                () -> ConfigLoader.load(
                        Optional.empty(), Map.of("RTCD_RTC_ICEHOSTOVERRIDE", "1.2.3.4,5.6.7.8"), List.of()));
        assertTrue(override.getMessage().contains("rtc.ice_host_override"), override.getMessage());
        ConfigException address = assertThrows(
                ConfigException.class, () -> ConfigLoader.loadToml("[rtc]\nice_address_tcp = \"example.org\"\n"));
        assertTrue(address.getMessage().contains("rtc.ice_address_tcp"), address.getMessage());
    }
}
