package io.rtcd.ws.realtime;

import io.rtcd.ws.UpgradeRefusal;
import io.rtcd.ws.guard.ConnectionGuard;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.eclipse.jetty.websocket.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.server.ServerUpgradeResponse;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A generic text-frame WebSocket server on Jetty's native WebSocket API, for faces that speak JSON to browsers (the
 * {@code /ws} backend face is msgpack and has its own {@link io.rtcd.ws.WsServer}).
 *
 * <p>Before the upgrade, the {@link ConnectionGuard} checks the attempt rate of the client address (429 with
 * {@code Retry-After}) and the {@code Origin} (403), then the {@link TextWsAcceptor} runs: a refusal is answered with an
 * HTTP status and a JSON body {@code {"error","code"}}, without upgrading. Each accepted connection gets the guard's
 * message budget: a message over it is dropped and answered with {@link #RATE_LIMITED_ERROR} (once per burst of drops),
 * a connection that keeps flooding is closed with 1008 {@link #FLOOD_CLOSE_REASON}. Accepted connections get bounded send queues
 * ({@link TextWsConfig#sendQueueLimit()}), a message size limit (1009 when exceeded), a server ping every
 * {@link TextWsConfig#pingInterval()} and Jetty's idle timeout. One daemon thread per server ({@code rtcd-textws-<name>},
 * from {@link #start()}) sends the pings and writes the frames queued with {@link TextWsConnection#sendDeferred}: it
 * takes connections in the order they asked, one write each with every frame they have queued by then.
 *
 * <p>Lifecycle: construct (no I/O), {@link #createHandler} (mount it, e.g. {@code api.mount(prefix,
 * server::createHandler)}), {@link #start()}, {@link #close()} (idempotent; 1001 to every connection).
 *
 * @param <A> the attachment type of accepted connections
 */
public final class TextWsServer<A> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TextWsServer.class);

    /** Close reason used by {@link #close()}. */
    public static final String SHUTTING_DOWN = "server shutting down";

    /**
     * Sent (once per run of dropped messages) to a connection whose message is dropped for rate; the shape of the
     * browser face's {@code error} messages.
     */
    public static final String RATE_LIMITED_ERROR = "{\"type\":\"error\",\"code\":\"rate_limited\","
            + "\"message\":\"too many messages: this one and those until the rate drops are ignored\"}";

    /** Close reason (with 1008) of a connection that kept sending over its message rate. */
    public static final String FLOOD_CLOSE_REASON = "message rate exceeded";

    private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

    private final String name;
    private final TextWsConfig config;
    private final TextWsAcceptor<A> acceptor;
    private final TextWsListener<A> listener;
    private final ConnectionGuard guard;
    private final Map<String, TextWsEndpoint<A>> connections = new ConcurrentHashMap<>();
    private final Object lock = new Object();
    private ScheduledExecutorService pinger;
    /** Connections with deferred frames to write, in the order they asked ({@link #requestFlush}). */
    private final ConcurrentLinkedQueue<TextWsEndpoint<A>> toFlush = new ConcurrentLinkedQueue<>();

    private final AtomicBoolean flushScheduled = new AtomicBoolean();
    private volatile ScheduledExecutorService flushThread;
    private volatile boolean closed;

    /**
     * A server without abuse guard ({@link ConnectionGuard#unlimited()}): for tests and trusted peers.
     *
     * @param name a short label for logs and thread names
     */
    public TextWsServer(String name, TextWsConfig config, TextWsAcceptor<A> acceptor, TextWsListener<A> listener) {
        this(name, config, ConnectionGuard.unlimited(), acceptor, listener);
    }

    /**
     * @param name a short label for logs and thread names
     * @param guard the attempt, origin and message limits of this face
     */
    public TextWsServer(
            String name,
            TextWsConfig config,
            ConnectionGuard guard,
            TextWsAcceptor<A> acceptor,
            TextWsListener<A> listener) {
        this.name = Objects.requireNonNull(name, "name");
        this.config = Objects.requireNonNull(config, "config");
        this.guard = Objects.requireNonNull(guard, "guard");
        this.acceptor = Objects.requireNonNull(acceptor, "acceptor");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** Creates the Jetty handler that runs the acceptor and upgrades. Call before the Jetty server starts. */
    public Handler createHandler(Server server) {
        Objects.requireNonNull(server, "server");
        return WebSocketUpgradeHandler.from(server, container -> {
            container.setMaxTextMessageSize(config.maxMessageBytes());
            container.setMaxBinaryMessageSize(config.maxMessageBytes());
            container.setIdleTimeout(config.idleTimeout());
            container.addMapping("/*", this::createEndpoint);
        });
    }

    private Object createEndpoint(ServerUpgradeRequest request, ServerUpgradeResponse response, Callback callback) {
        if (closed) {
            UpgradeRefusal.refuse(response, callback, 503, SHUTTING_DOWN);
            return null;
        }
        ConnectionGuard.Refusal refusal = guard.checkUpgrade(
                request.getConnectionMetaData().getRemoteSocketAddress(),
                request.getHeaders().get(HttpHeader.ORIGIN),
                request.getHeaders().get(HttpHeader.HOST));
        if (refusal != null) {
            LOG.debug(
                    "{}: upgrade from {} refused: {} {}",
                    name,
                    Request.getRemoteAddr(request),
                    refusal.status(),
                    refusal.message());
            UpgradeRefusal.refuse(response, callback, refusal);
            return null;
        }
        A attachment;
        try {
            attachment = acceptor.accept(Request.getPathInContext(request), query(request));
            if (attachment == null) {
                throw new TextWsRefusedException(401, "unauthorized");
            }
        } catch (TextWsRefusedException e) {
            LOG.debug("{}: upgrade from {} refused: {}", name, Request.getRemoteAddr(request), e.getMessage());
            guard.countRefused(e.reason());
            UpgradeRefusal.refuse(response, callback, e.status(), e.getMessage() == null ? "refused" : e.getMessage());
            return null;
        } catch (RuntimeException e) {
            LOG.error("{}: acceptor failed for upgrade from {}", name, Request.getRemoteAddr(request), e);
            UpgradeRefusal.refuse(response, callback, 500, "internal error");
            return null;
        }
        return new TextWsEndpoint<>(
                this, attachment, Request.getRemoteAddr(request), config.sendQueueLimit(), guard.newMessageGuard());
    }

    private static Map<String, String> query(Request request) {
        Map<String, String> out = new HashMap<>();
        try {
            Fields fields = Request.extractQueryParameters(request);
            for (Fields.Field f : fields) {
                out.put(f.getName(), String.join(",", f.getValues()));
            }
        } catch (RuntimeException e) {
            LOG.debug("unparsable query string: {}", e.toString());
        }
        return out;
    }

    /** Starts the ping thread. */
    public void start() {
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException(name + " is closed");
            }
            if (pinger != null) {
                return;
            }
            pinger = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "rtcd-textws-" + name);
                t.setDaemon(true);
                return t;
            });
            long period = config.pingInterval().toNanos();
            pinger.scheduleAtFixedRate(this::pingAll, period, period, TimeUnit.NANOSECONDS);
            flushThread = pinger;
        }
    }

    /**
     * {@code c} has deferred frames: write them on the flush thread (queued behind the connections that asked before),
     * or at once on the caller's thread when the server is not started or already closed.
     */
    void requestFlush(TextWsEndpoint<A> c) {
        ScheduledExecutorService t = flushThread;
        if (t == null) {
            c.flushQueued.set(false);
            c.flush();
            return;
        }
        toFlush.add(c);
        if (flushScheduled.compareAndSet(false, true)) {
            try {
                t.execute(this::flushAll);
            } catch (RejectedExecutionException e) {
                flushScheduled.set(false);
                flushAll();
            }
        }
    }

    /** Flush thread: writes every connection in {@link #toFlush}, including those that ask while it runs. */
    private void flushAll() {
        while (true) {
            TextWsEndpoint<A> c = toFlush.poll();
            if (c == null) {
                flushScheduled.set(false);
                // A connection added after the poll but before the flag was cleared would be stranded: re-check.
                if (toFlush.isEmpty() || !flushScheduled.compareAndSet(false, true)) {
                    return;
                }
                continue;
            }
            // Cleared before the write: frames queued from now on ask again, so none is left behind.
            c.flushQueued.set(false);
            try {
                c.flush();
            } catch (RuntimeException e) {
                LOG.error("{}: flushing connection {} failed", name, c.id(), e);
            }
        }
    }

    private void pingAll() {
        try {
            for (TextWsEndpoint<A> c : connections.values()) {
                c.ping();
            }
        } catch (RuntimeException e) {
            LOG.error("{}: ping round failed", name, e);
        }
    }

    /** Number of open connections. */
    public int connectionCount() {
        return connections.size();
    }

    /** Stops pinging and closes every connection with 1001 (bounded wait, then a hard disconnect). Idempotent. */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            flushThread = null;
            if (pinger != null) {
                pinger.shutdownNow();
            }
        }
        for (TextWsEndpoint<A> c : connections.values()) {
            c.close(StatusCode.SHUTDOWN, SHUTTING_DOWN);
        }
        long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
        while (!connections.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10); // bounded wait for close handshakes
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (TextWsEndpoint<A> c : connections.values()) {
            c.disconnect();
        }
        LOG.info("{}: closed", name);
    }

    void register(TextWsEndpoint<A> c) {
        connections.put(c.id(), c);
        if (closed) {
            c.close(StatusCode.SHUTDOWN, SHUTTING_DOWN);
        }
    }

    void unregister(TextWsEndpoint<A> c) {
        connections.remove(c.id(), c);
    }

    ConnectionGuard guard() {
        return guard;
    }

    TextWsListener<A> listener() {
        return listener;
    }
}
