package io.rtcd.service.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtcd.api.ApiConfig;
import io.rtcd.auth.AuthConfig;
import io.rtcd.service.RtcdHarness;
import io.rtcd.service.config.RtcdConfig;
import io.rtcd.ws.ClientMessage;
import io.rtcd.ws.Hello;
import io.rtcd.ws.Join;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reconnecting backend client against a real server that loses its store and restarts. */
class SignallingClientIT {
    private static final String KEY = "reconnecting-client-key-0123456789";

    @TempDir
    Path dir;

    private final BlockingQueue<Hello> connects = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> disconnects = new LinkedBlockingQueue<>();

    private final SignallingClient.Listener listener = new SignallingClient.Listener() {
        @Override
        public void onConnect(Hello hello) {
            connects.add(hello);
        }

        @Override
        public void onMessage(ClientMessage message) {}

        @Override
        public void onDisconnect(int status, String reason, Duration retryIn) {
            disconnects.add(status + " " + reason);
        }
    };

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static RtcdConfig config(Path data, int port) {
        return RtcdHarness.config(data)
                .withApi(new ApiConfig("127.0.0.1:" + port, false, "", ""))
                .withAuth(new AuthConfig(true, RtcdHarness.ADMIN_SECRET, true, 1440));
    }

    @Test
    void registersOnUnauthorizedAndReconnectsAfterARestart() throws Exception {
        int port = freePort();
        URI url = URI.create("http://127.0.0.1:" + port);
        SignallingClient.Config cfg = new SignallingClient.Config(
                Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofSeconds(10), true);
        RtcdHarness first = RtcdHarness.start(config(dir.resolve("a"), port));
        try (SignallingClient client = SignallingClient.start(url, "backend-rc", KEY, cfg, listener)) {
            Hello hello = connects.poll(20, TimeUnit.SECONDS);
            assertTrue(hello != null, "connected after registering itself");
            assertEquals("backend-rc", hello.clientId());
            assertTrue(first.admin().clients().contains("backend-rc"));
            assertTrue(client.send(new Join("call", "user", "session", "", false, false)));

            first.close();
            assertTrue(disconnects.poll(20, TimeUnit.SECONDS) != null, "disconnect noticed");
            assertTrue(!client.send(new Join("call", "user", "s2", "", false, false)), "no connection, no send");

            // a new server with an empty store: the client gets 401, registers again, reconnects
            try (RtcdHarness second = RtcdHarness.start(config(dir.resolve("b"), port))) {
                Hello again = connects.poll(20, TimeUnit.SECONDS);
                assertTrue(again != null, "reconnected to the restarted server");
                assertNotEquals(hello.connId(), again.connId());
                assertTrue(client.connected());
            }
        }
    }

    @Test
    void delayGrowsWithAttemptsUpToTheCapPlusJitter() {
        SignallingClient.Config cfg = new SignallingClient.Config(
                Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofSeconds(1), false);
        SignallingClient c = SignallingClient.start(URI.create("http://127.0.0.1:1"), "x", KEY, cfg, listener);
        try {
            for (int attempt = 1; attempt <= 20; attempt++) {
                long ms = c.delay(attempt).toMillis();
                long base = Math.min(2000L * attempt, 30_000L);
                assertTrue(ms >= base && ms <= base + 500, "attempt " + attempt + ": " + ms);
            }
        } finally {
            c.close();
        }
        assertThrows(
                IllegalArgumentException.class,
                () -> new SignallingClient.Config(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1), false));
    }
}
