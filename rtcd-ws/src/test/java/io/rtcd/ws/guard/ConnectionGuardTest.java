package io.rtcd.ws.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The face-level guard: order of checks, Retry-After, address keys, metrics. */
class ConnectionGuardTest {
    private final AtomicLong now = new AtomicLong(TimeUnit.HOURS.toNanos(1));
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final GuardMetrics metrics = GuardMetrics.register(registry);

    @Test
    void overTheAttemptRateIs429WithRetryAfterRoundedUpAndCounted() throws Exception {
        ConnectionGuard g = guard(new GuardConfig(2, 0, 1, 1, List.of(), 100));
        InetSocketAddress peer = new InetSocketAddress(InetAddress.getByName("192.0.2.7"), 40000);
        assertNull(g.checkUpgrade(peer, null, "h"));
        assertNull(g.checkUpgrade(peer, null, "h"));
        ConnectionGuard.Refusal r = g.checkUpgrade(peer, null, "h");
        assertEquals(429, r.status());
        assertEquals(30, r.retryAfterSeconds()); // 2 per minute: the next token in 30 s
        assertEquals(1.0, count("realtime", GuardMetrics.CONNECT_RATE));
        // Another port of the same address shares the budget; another address does not.
        assertEquals(
                429,
                g.checkUpgrade(new InetSocketAddress(peer.getAddress(), 1), null, "h")
                        .status());
        assertNull(g.checkUpgrade(new InetSocketAddress(InetAddress.getByName("192.0.2.8"), 1), null, "h"));
        now.addAndGet(TimeUnit.SECONDS.toNanos(30));
        assertNull(g.checkUpgrade(peer, null, "h"));
    }

    @Test
    void aForeignOriginIs403AndCounted() throws Exception {
        ConnectionGuard g = guard(GuardConfig.defaults());
        InetSocketAddress peer = new InetSocketAddress(InetAddress.getLoopbackAddress(), 1);
        ConnectionGuard.Refusal r = g.checkUpgrade(peer, "https://evil.example", "127.0.0.1:8045");
        assertEquals(403, r.status());
        assertEquals(0, r.retryAfterSeconds());
        assertEquals(1.0, count("realtime", GuardMetrics.ORIGIN));
        assertNull(g.checkUpgrade(peer, "http://127.0.0.1:8045", "127.0.0.1:8045"));
    }

    @Test
    void ipv6AddressesOfOneSlash64ShareABudget() throws Exception {
        String a = ConnectionGuard.addressKey(new InetSocketAddress(InetAddress.getByName("2001:db8:1:2:aaaa::1"), 1));
        String b = ConnectionGuard.addressKey(new InetSocketAddress(InetAddress.getByName("2001:db8:1:2:bbbb::9"), 1));
        String c = ConnectionGuard.addressKey(new InetSocketAddress(InetAddress.getByName("2001:db8:1:3::1"), 1));
        assertEquals("2001:db8:1:2::/64", a);
        assertEquals(a, b);
        assertNotEquals(a, c);
        assertEquals("203.0.113.5", ConnectionGuard.addressKey(new InetSocketAddress("203.0.113.5", 1)));
    }

    @Test
    void messageGuardsAreFreshPerConnectionAndUnlimitedWhenTheRateIsZero() {
        ConnectionGuard g = guard(new GuardConfig(0, 1, 1, 5, List.of(), 100));
        MessageRateGuard first = g.newMessageGuard();
        assertEquals(MessageRateGuard.Verdict.ACCEPT, first.onMessage(now.get()));
        assertEquals(MessageRateGuard.Verdict.DROP_AND_NOTIFY, first.onMessage(now.get()));
        assertEquals(MessageRateGuard.Verdict.ACCEPT, g.newMessageGuard().onMessage(now.get()));
        assertSame(
                MessageRateGuard.unlimited(),
                guard(new GuardConfig(0, 0, 1, 1, List.of(), 100)).newMessageGuard());
        g.countMessageDropped();
        g.countFlood();
        g.countTooLarge();
        g.countRefused("token_expired");
        assertEquals(1.0, count("realtime", GuardMetrics.MESSAGE_RATE));
        assertEquals(1.0, count("realtime", GuardMetrics.MESSAGE_FLOOD));
        assertEquals(1.0, count("realtime", GuardMetrics.MESSAGE_TOO_LARGE));
        assertEquals(1.0, count("realtime", "token_expired"));
    }

    private ConnectionGuard guard(GuardConfig config) {
        return new ConnectionGuard("realtime", config, metrics, now::get);
    }

    private double count(String face, String reason) {
        for (var s : registry.scrape().stream().toList()) {
            if (s instanceof CounterSnapshot cs
                    && cs.getMetadata().getPrometheusName().equals("rtcd_guard_refused")) {
                for (var dp : cs.getDataPoints()) {
                    if (face.equals(dp.getLabels().get("face"))
                            && reason.equals(dp.getLabels().get("reason"))) {
                        return dp.getValue();
                    }
                }
            }
        }
        return -1;
    }
}
