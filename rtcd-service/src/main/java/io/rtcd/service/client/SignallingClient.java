package io.rtcd.service.client;

import io.rtcd.ws.ClientMessage;
import io.rtcd.ws.Hello;
import io.rtcd.ws.WsClient;
import io.rtcd.ws.WsClientException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A backend's long-lived {@code /ws} connection that survives server restarts and network drops: the Java
 * equivalent of the Calls plugin's use of rtcd's {@code service.Client}.
 *
 * <p>It connects with the client's Basic credentials; when the server answers 401 (for example after it lost its
 * store) and {@link Config#registerOnUnauthorized()} is set, it registers the client and connects again, as the
 * plugin does. After an unexpected close it reconnects with a delay that grows by {@link Config#reconnectInterval()}
 * per attempt up to {@link Config#maxReconnectInterval()}, plus up to 500 ms of random jitter so that many backends do
 * not reconnect in lockstep. Each new connection has a new connection ID; the {@link Listener} hears about it and
 * should send {@code reconnect} for its sessions.
 *
 * <p>Threads: one daemon thread {@code rtcd-signalling-client} runs the connect/receive loop and calls the listener
 * (serially). {@link #send} may be called from any thread; it never blocks.
 */
public final class SignallingClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SignallingClient.class);
    private static final Duration POLL = Duration.ofMillis(250);
    private static final AtomicInteger THREADS = new AtomicInteger();

    /**
     * @param reconnectInterval added to the delay on every failed attempt (rtcd's default: 2 s)
     * @param maxReconnectInterval the delay stops growing here (rtcd: 30 s)
     * @param connectTimeout for each WebSocket dial
     * @param registerOnUnauthorized register the client (POST /register) when the server answers 401
     */
    public record Config(
            Duration reconnectInterval,
            Duration maxReconnectInterval,
            Duration connectTimeout,
            boolean registerOnUnauthorized) {
        public Config {
            Objects.requireNonNull(reconnectInterval, "reconnectInterval");
            Objects.requireNonNull(maxReconnectInterval, "maxReconnectInterval");
            Objects.requireNonNull(connectTimeout, "connectTimeout");
            if (reconnectInterval.isNegative() || reconnectInterval.isZero()) {
                throw new IllegalArgumentException("reconnectInterval must be positive, got " + reconnectInterval);
            }
            if (maxReconnectInterval.compareTo(reconnectInterval) < 0) {
                throw new IllegalArgumentException("maxReconnectInterval must be >= reconnectInterval");
            }
        }

        public static Config defaults() {
            return new Config(Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofSeconds(10), true);
        }
    }

    /** Callbacks, all on the client's thread, never concurrently. They must not block for long. */
    public interface Listener {
        /** A connection is up; {@code hello} carries its connection ID. */
        void onConnect(Hello hello);

        /** A message other than {@code hello}. */
        void onMessage(ClientMessage message);

        /** The connection closed unexpectedly; a reconnect follows after {@code retryIn}. */
        default void onDisconnect(int status, String reason, Duration retryIn) {}
    }

    private final RtcdClient http;
    private final String clientId;
    private final String authKey;
    private final Config config;
    private final Listener listener;
    private final Thread thread;
    private volatile WsClient current;
    private volatile boolean closed;

    private SignallingClient(RtcdClient http, String clientId, String authKey, Config config, Listener listener) {
        this.http = http;
        this.clientId = clientId;
        this.authKey = authKey;
        this.config = config;
        this.listener = listener;
        this.thread = new Thread(this::run, "rtcd-signalling-client-" + THREADS.incrementAndGet());
        this.thread.setDaemon(true);
    }

    /** Starts connecting in the background; returns at once. */
    public static SignallingClient start(
            java.net.URI server, String clientId, String authKey, Config config, Listener listener) {
        SignallingClient c = new SignallingClient(
                RtcdClient.basic(server, clientId, authKey),
                Objects.requireNonNull(clientId, "clientId"),
                Objects.requireNonNull(authKey, "authKey"),
                Objects.requireNonNull(config, "config"),
                Objects.requireNonNull(listener, "listener"));
        c.thread.start();
        return c;
    }

    /** Whether a connection is currently open. */
    public boolean connected() {
        WsClient ws = current;
        return ws != null && ws.isOpen();
    }

    /** Sends on the current connection; false when there is none or its queue is full. */
    public boolean send(ClientMessage message) {
        WsClient ws = current;
        return ws != null && ws.isOpen() && ws.send(message);
    }

    private void run() {
        int failures = 0;
        while (!closed) {
            try (WsClient ws = dial()) {
                current = ws;
                failures = 0;
                receive(ws);
                if (!closed) {
                    Duration retry = delay(1);
                    listener.onDisconnect(ws.closeStatus(), ws.closeReason(), retry);
                    sleep(retry);
                }
            } catch (WsClientException | RtcdClientException e) {
                failures++;
                Duration retry = delay(failures);
                LOG.atInfo()
                        .addKeyValue("clientID", clientId)
                        .addKeyValue("attempt", failures)
                        .addKeyValue("retryInMs", retry.toMillis())
                        .log("signalling: connect failed: {}", e.getMessage());
                sleep(retry);
            } finally {
                current = null;
            }
        }
    }

    private WsClient dial() {
        try {
            return http.connectWs(config.connectTimeout());
        } catch (WsClientException e) {
            if (e.httpStatus() != 401 || !config.registerOnUnauthorized()) {
                throw e;
            }
            LOG.atInfo().addKeyValue("clientID", clientId).log("signalling: 401 from server, registering the client");
            http.register(clientId, authKey);
            return http.connectWs(config.connectTimeout());
        }
    }

    private void receive(WsClient ws) {
        while (!closed) {
            ClientMessage m;
            try {
                m = ws.receive(POLL);
            } catch (WsClientException e) {
                return;
            }
            if (m == null) {
                if (!ws.isOpen()) {
                    return;
                }
                continue;
            }
            if (m instanceof Hello hello) {
                listener.onConnect(hello);
            } else {
                listener.onMessage(m);
            }
        }
    }

    /** Growing interval (attempt × interval, capped) plus 0–500 ms jitter. Package-private for tests. */
    Duration delay(int attempt) {
        Duration base = config.reconnectInterval().multipliedBy(Math.max(1, attempt));
        if (base.compareTo(config.maxReconnectInterval()) > 0) {
            base = config.maxReconnectInterval();
        }
        return base.plusMillis(ThreadLocalRandom.current().nextLong(0, 501));
    }

    private void sleep(Duration d) {
        long until = System.nanoTime() + d.toNanos();
        while (!closed && System.nanoTime() < until) {
            try {
                Thread.sleep(Math.min(50, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Stops reconnecting and closes the connection; idempotent. */
    @Override
    public void close() {
        closed = true;
        WsClient ws = current;
        if (ws != null) {
            ws.close();
        }
        try {
            thread.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
