package io.rtcd.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtcd.service.client.RtcdClientException;
import io.rtcd.store.StoreLockedException;
import io.rtcd.ws.WsClient;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start/stop behaviour of the whole service: persistence across restarts, idempotent close, clean failures. */
class ServiceLifecycleIT {
    private static final String KEY = "0123456789abcdef0123456789abcdef";

    @TempDir
    Path dataDir;

    @Test
    void registeredClientsSurviveARestart() {
        try (RtcdHarness first = RtcdHarness.start(dataDir)) {
            first.admin().register("persisted", KEY);
        }
        try (RtcdHarness second = RtcdHarness.start(dataDir)) {
            assertEquals(32, second.anonymous().login("persisted", KEY).length());
        }
    }

    @Test
    void closeIsIdempotentAndClosesBackendSockets() throws InterruptedException {
        RtcdHarness h = RtcdHarness.start(dataDir);
        h.admin().register("closing", KEY);
        WsClient ws = h.client("closing", KEY).connectWs(Duration.ofSeconds(10));
        ws.receive(Duration.ofSeconds(10));
        var base = h.baseUri();
        h.close();
        h.close();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (ws.isOpen() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(!ws.isOpen(), "backend socket closed by shutdown");
        assertEquals(1001, ws.closeStatus());
        ws.close();
        RtcdClientException e = assertThrows(
                RtcdClientException.class,
                () -> io.rtcd.service.client.RtcdClient.anonymous(base).version());
        assertEquals(0, e.status(), "port no longer answers");
    }

    @Test
    void secondServiceOnTheSameDataFileFailsClearlyAndReleasesItsPort() {
        try (RtcdHarness first = RtcdHarness.start(dataDir)) {
            RtcdService second = new RtcdService(RtcdHarness.config(dataDir));
            StoreLockedException e = assertThrows(StoreLockedException.class, second::start);
            assertTrue(e.getMessage().contains("rtcd.db"), e.getMessage());
            second.close();
            assertTrue(first.anonymous().cpuLoad() > 0, "first service unaffected");
        }
    }
}
