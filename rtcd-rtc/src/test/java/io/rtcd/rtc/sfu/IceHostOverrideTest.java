package io.rtcd.rtc.sfu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** rtc.ice_host_override: rtcd's three forms, their validation, the mapping of local IPs, one lookup at most. */
class IceHostOverrideTest {
    private static final IceHostOverride.Resolver NO_LOOKUP = host -> {
        throw new AssertionError("no lookup expected for " + host);
    };

    @Test
    void emptyMeansLocalAddresses() {
        IceHostOverride o = IceHostOverride.parse("  ");
        assertTrue(o.isEmpty());
        assertEquals(List.of("10.0.0.5", "127.0.0.1"), o.advertised(List.of("10.0.0.5", "127.0.0.1")));
        assertSame(o, o.resolve(NO_LOOKUP, Duration.ofSeconds(1)));
    }

    @Test
    void ipWithOneLocalAddressMapsIt() {
        IceHostOverride o = IceHostOverride.parse("203.0.113.7").resolve(NO_LOOKUP, Duration.ofSeconds(1));
        assertFalse(o.needsResolution());
        assertEquals(List.of("203.0.113.7"), o.advertised(List.of("10.0.0.5")));
        // rtcd maps a single local IP to the override even when it is loopback
        assertEquals(List.of("203.0.113.7"), o.advertised(List.of("127.0.0.1")));
    }

    @Test
    void ipWithSeveralLocalAddressesKeepsLoopbackAndOtherFamilies() {
        IceHostOverride o = IceHostOverride.parse("203.0.113.7");
        assertEquals(
                List.of("203.0.113.7", "127.0.0.1", "203.0.113.7", "fd00:0:0:0:0:0:0:1"),
                o.advertised(List.of("10.0.0.5", "127.0.0.1", "192.168.1.2", "fd00:0:0:0:0:0:0:1")));
    }

    @Test
    void pairsMapEachLocalAddressAndLeaveOthersAlone() {
        IceHostOverride o = IceHostOverride.parse("203.0.113.7/10.0.0.5, 198.51.100.9/192.168.1.2");
        assertEquals(Map.of("10.0.0.5", "203.0.113.7", "192.168.1.2", "198.51.100.9"), o.pairs());
        assertEquals(
                List.of("203.0.113.7", "198.51.100.9", "172.16.0.1"),
                o.advertised(List.of("10.0.0.5", "192.168.1.2", "172.16.0.1")));
        assertSame(o, o.resolve(NO_LOOKUP, Duration.ofSeconds(1)));
    }

    @Test
    void hostnameIsResolvedOnceToItsFirstIpv4Address() {
        AtomicInteger lookups = new AtomicInteger();
        IceHostOverride o = IceHostOverride.parse("calls.example.com");
        assertTrue(o.needsResolution());
        assertThrows(IllegalStateException.class, () -> o.advertised(List.of("10.0.0.5")));
        IceHostOverride resolved = o.resolve(
                host -> {
                    lookups.incrementAndGet();
                    assertEquals("calls.example.com", host);
                    return new InetAddress[] {
                        InetAddress.ofLiteral("2001:db8::1"),
                        InetAddress.ofLiteral("198.51.100.20"),
                        InetAddress.ofLiteral("198.51.100.21")
                    };
                },
                Duration.ofSeconds(1));
        assertEquals(1, lookups.get());
        assertEquals("198.51.100.20", resolved.host());
        assertEquals(List.of("198.51.100.20"), resolved.advertised(List.of("10.0.0.5")));
    }

    @Test
    void unresolvableOrSlowHostnameFailsTheStart() {
        IceHostOverride o = IceHostOverride.parse("calls.example.com");
        SfuException unknown = assertThrows(
                SfuException.class,
                () -> o.resolve(
                        host -> {
                            throw new UnknownHostException(host);
                        },
                        Duration.ofSeconds(1)));
        assertTrue(unknown.getMessage().contains("rtc.ice_host_override"), unknown.getMessage());
        SfuException v6only = assertThrows(
                SfuException.class,
                () -> o.resolve(h -> new InetAddress[] {InetAddress.ofLiteral("2001:db8::1")}, Duration.ofSeconds(1)));
        assertTrue(v6only.getMessage().contains("IPv4"), v6only.getMessage());
        CountDownLatch never = new CountDownLatch(1);
        SfuException slow = assertThrows(
                SfuException.class,
                () -> o.resolve(
                        h -> {
                            try {
                                never.await();
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            throw new UnknownHostException(h);
                        },
                        Duration.ofMillis(50)));
        never.countDown();
        assertTrue(slow.getMessage().contains("longer than"), slow.getMessage());
    }

    @Test
    void invalidValuesNameTheKey() {
        for (String bad : List.of(
                "203.0.113.7/",
                "/10.0.0.5",
                "a/b",
                "203.0.113.7/10.0.0.5,198.51.100.9/10.0.0.5",
                "1.2.3.4,5.6.7.8",
                "bad host",
                "-x.example",
                "1.2.3",
                "x/y/z")) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> IceHostOverride.parse(bad), bad);
            assertTrue(e.getMessage().contains("rtc.ice_host_override"), e.getMessage());
        }
        IllegalArgumentException viaConfig = assertThrows(
                IllegalArgumentException.class, () -> RtcConfig.defaults().withHostOverride("1.2.3.4,5.6.7.8"));
        assertTrue(viaConfig.getMessage().contains("rtc.ice_host_override"), viaConfig.getMessage());
    }
}
