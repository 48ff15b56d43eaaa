package io.rtcd.ws;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.rtcd.ws.guard.ConnectionGuard;
import io.rtcd.ws.guard.GuardConfig;
import io.rtcd.ws.guard.GuardMetrics;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.eclipse.jetty.websocket.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.server.ServerUpgradeResponse;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * rtcd's plugin-facing WebSocket server (rtcd {@code service/ws}) on Jetty's native WebSocket API.
 *
 * <p>Mount the handler from {@link #createHandler} on the API server (e.g. {@code api.mount("/ws",
 * ws::createHandler)}); it upgrades any path it is given. Authentication runs before the upgrade: a refused {@code
 * Authorization} header gets HTTP 401 (429 when authentication is saturated) with a JSON body and no upgrade. Each
 * accepted connection gets a fresh {@link IdGenerator} connID and {@code hello} as its first message, then {@link
 * WsListener#onOpen}. Before authentication, more than {@link WsConfig#connectAttemptsPerMinute()} upgrade attempts
 * per client address and minute get HTTP 429 with {@code Retry-After} (a {@link ConnectionGuard}).
 *
 * <p>Threads: no server thread waits for authentication. The {@link WsAuthenticator} returns a stage; an upgrade
 * whose stage is not complete at once (a bcrypt check) leaves the HTTP thread at once and resumes on the server's
 * pool when the stage completes. So a storm of first-time upgrades cannot take the pool threads that read established
 * sockets (their pongs and signalling), which is what closed them for {@code pong timeout} when the upgrade waited
 * for bcrypt on the HTTP thread.
 *
 * <p>Keepalive: a daemon thread {@code rtcd-ws-ping} pings every connection each {@link WsConfig#pingInterval()} and
 * closes (1001 {@code pong timeout}) any that sent no pong for {@link WsConfig#pongTimeout()}; data frames do not
 * count (rtcd §3.2). Lifecycle: construct (no I/O), {@link #createHandler}, {@link #start()}, {@link #close()}
 * (idempotent; closes every connection with 1001 {@code server shutting down}).
 */
public final class WsServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WsServer.class);

    /** Close reason for connections that stopped answering pings. */
    public static final String PONG_TIMEOUT = "pong timeout";

    /** Close reason used by {@link #close()}. */
    public static final String SHUTTING_DOWN = "server shutting down";

    private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

    /** Request attribute carrying the {@link WsPrincipal} from authentication to the endpoint creator. */
    private static final String PRINCIPAL_ATTRIBUTE = WsServer.class.getName() + ".principal";

    private final WsConfig config;
    private final WsAuthenticator auth;
    private final WsListener listener;
    private final WsMetrics metrics;
    private final ConnectionGuard guard;
    private final ConcurrentHashMap<String, WsServerEndpoint> connections = new ConcurrentHashMap<>();
    private final Object lock = new Object();
    private ScheduledExecutorService pinger;
    private volatile boolean closed;

    /** Without guard metrics: attempts over {@link WsConfig#connectAttemptsPerMinute()} are refused, not counted. */
    public WsServer(WsConfig config, WsAuthenticator auth, WsListener listener, PrometheusRegistry metrics) {
        this(config, auth, listener, metrics, GuardMetrics.none());
    }

    /**
     * @param guardMetrics where refused upgrades are counted (face {@code ws})
     */
    public WsServer(
            WsConfig config,
            WsAuthenticator auth,
            WsListener listener,
            PrometheusRegistry metrics,
            GuardMetrics guardMetrics) {
        this.config = Objects.requireNonNull(config, "config");
        this.auth = Objects.requireNonNull(auth, "auth");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.metrics = new WsMetrics(Objects.requireNonNull(metrics, "metrics"));
        // Backends send no Origin and no message needs a rate here: only the per-address attempt limit applies.
        this.guard = new ConnectionGuard(
                "ws",
                GuardConfig.attemptsOnly(config.connectAttemptsPerMinute()),
                Objects.requireNonNull(guardMetrics, "guardMetrics"),
                System::nanoTime);
    }

    /**
     * Creates the Jetty handler that authenticates and upgrades requests. Call before the Jetty server starts; the
     * handler joins that server's lifecycle.
     */
    public Handler createHandler(Server server) {
        Objects.requireNonNull(server, "server");
        WebSocketUpgradeHandler upgrade = WebSocketUpgradeHandler.from(server, container -> {
            container.setMaxBinaryMessageSize(config.maxMessageBytes());
            container.setMaxTextMessageSize(config.maxMessageBytes());
            // Liveness is the pong timeout's job; the idle timeout only ends writes stuck on a dead peer.
            container.setIdleTimeout(config.pongTimeout().multipliedBy(2));
            container.addMapping("/*", this::createEndpoint);
        });
        return new AuthenticatingHandler(upgrade, server.getThreadPool());
    }

    /**
     * Refuses (503 while closing, the guard's 429) and authenticates an upgrade request, then hands it to Jetty's
     * upgrade handler with the principal as a request attribute. Requests that are no WebSocket upgrade go straight
     * to the upgrade handler, which declines them.
     */
    private final class AuthenticatingHandler extends Handler.Wrapper {
        private final Executor resume;

        AuthenticatingHandler(Handler upgrade, Executor resume) {
            super(upgrade);
            this.resume = Objects.requireNonNull(resume, "resume");
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            if (!HttpMethod.GET.is(request.getMethod())
                    || !request.getHeaders().contains(HttpHeader.UPGRADE, "websocket")) {
                return super.handle(request, response, callback);
            }
            if (closed) {
                UpgradeRefusal.refuse(response, callback, 503, SHUTTING_DOWN);
                return true;
            }
            ConnectionGuard.Refusal refusal =
                    guard.checkUpgrade(request.getConnectionMetaData().getRemoteSocketAddress(), null, null);
            if (refusal != null) {
                LOG.debug("ws: upgrade from {} refused: {}", Request.getRemoteAddr(request), refusal.message());
                UpgradeRefusal.refuse(response, callback, refusal);
                return true;
            }
            CompletableFuture<WsPrincipal> principal;
            try {
                principal = auth.authenticate(request.getHeaders().get(HttpHeader.AUTHORIZATION))
                        .toCompletableFuture();
            } catch (RuntimeException e) {
                principal = CompletableFuture.failedFuture(e);
            }
            if (principal.isDone()) {
                proceed(request, response, callback, principal);
            } else {
                CompletableFuture<WsPrincipal> pending = principal;
                pending.whenCompleteAsync((p, e) -> proceed(request, response, callback, pending), resume);
            }
            return true;
        }

        private void proceed(
                Request request, Response response, Callback callback, CompletableFuture<WsPrincipal> principal) {
            WsPrincipal p;
            try {
                p = principal.join();
                if (p == null) {
                    throw new WsAuthException("unauthorized");
                }
            } catch (RuntimeException e) {
                refuse(request, response, callback, e instanceof CompletionException ce ? ce.getCause() : e);
                return;
            }
            if (closed) {
                UpgradeRefusal.refuse(response, callback, 503, SHUTTING_DOWN);
                return;
            }
            request.setAttribute(PRINCIPAL_ATTRIBUTE, p);
            try {
                if (!super.handle(request, response, callback)) {
                    Response.writeError(request, response, callback, HttpStatus.NOT_FOUND_404);
                }
            } catch (Exception e) {
                callback.failed(e);
            }
        }

        private void refuse(Request request, Response response, Callback callback, Throwable cause) {
            if (cause instanceof WsAuthException e) {
                LOG.debug("ws: upgrade from {} refused: {}", Request.getRemoteAddr(request), e.getMessage());
                UpgradeRefusal.refuse(
                        response, callback, e.status(), e.getMessage() == null ? "unauthorized" : e.getMessage());
            } else {
                LOG.error("ws: authenticator failed for upgrade from {}", Request.getRemoteAddr(request), cause);
                UpgradeRefusal.refuse(response, callback, 500, "internal error");
            }
        }
    }

    private Object createEndpoint(ServerUpgradeRequest request, ServerUpgradeResponse response, Callback callback) {
        if (!(request.getAttribute(PRINCIPAL_ATTRIBUTE) instanceof WsPrincipal principal)) {
            UpgradeRefusal.refuse(response, callback, 401, "unauthorized"); // only AuthenticatingHandler gets here
            return null;
        }
        return new WsServerEndpoint(this, principal, Request.getRemoteAddr(request), config.sendQueueLimit());
    }

    /** Starts the ping scheduler (daemon thread {@code rtcd-ws-ping}). */
    public void start() {
        synchronized (lock) {
            if (closed) {
                throw new WsException("ws server is closed");
            }
            if (pinger != null) {
                return;
            }
            pinger = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "rtcd-ws-ping");
                t.setDaemon(true);
                return t;
            });
            long period = config.pingInterval().toNanos();
            pinger.scheduleAtFixedRate(this::pingAll, period, period, TimeUnit.NANOSECONDS);
        }
    }

    /** One keepalive round: close connections past the pong timeout, ping the others. */
    private void pingAll() {
        try {
            long now = System.nanoTime();
            long timeout = config.pongTimeout().toNanos();
            for (WsServerEndpoint c : connections.values()) {
                long silent = now - c.lastPongNanos();
                if (silent > timeout) {
                    if (c.closeRequested()) {
                        if (silent > timeout + 2 * config.pingInterval().toNanos()) {
                            c.disconnect(); // the close handshake did not complete either
                        }
                    } else {
                        LOG.info("ws: closing connection {} of client {}: {}", c.connId(), c.clientId(), PONG_TIMEOUT);
                        c.close(StatusCode.SHUTDOWN, PONG_TIMEOUT);
                    }
                } else {
                    c.ping();
                }
            }
        } catch (RuntimeException e) {
            LOG.error("ws: ping round failed", e);
        }
    }

    public Optional<WsConnection> connection(String connId) {
        return Optional.ofNullable(connections.get(connId));
    }

    /** A snapshot of the open connections. */
    public Collection<WsConnection> connections() {
        return List.copyOf(connections.values());
    }

    /** Sends to the connection {@code connId}; false if it is unknown, closed or its queue is full. Never blocks. */
    public boolean send(String connId, ClientMessage m) {
        WsServerEndpoint c = connections.get(connId);
        return c != null && c.send(m);
    }

    /** Stops pinging and closes every connection with 1001 {@code server shutting down}. Idempotent. */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            if (pinger != null) {
                pinger.shutdownNow();
            }
        }
        for (WsServerEndpoint c : connections.values()) {
            c.close(StatusCode.SHUTDOWN, SHUTTING_DOWN);
        }
        long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
        while (!connections.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10); // bounded wait for close handshakes to finish
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (WsServerEndpoint c : connections.values()) {
            c.disconnect();
        }
        LOG.info("ws: closed");
    }

    void register(WsServerEndpoint c) {
        connections.put(c.connId(), c);
        metrics.connectionOpened(c.clientId());
        LOG.debug("ws: connection {} of client {} from {} opened", c.connId(), c.clientId(), c.remoteAddress());
        if (closed) {
            c.close(StatusCode.SHUTDOWN, SHUTTING_DOWN); // raced with close()
        }
    }

    void unregister(WsServerEndpoint c) {
        if (connections.remove(c.connId(), c)) {
            metrics.connectionClosed(c.clientId());
        }
    }

    WsMetrics metrics() {
        return metrics;
    }

    WsListener listener() {
        return listener;
    }
}
