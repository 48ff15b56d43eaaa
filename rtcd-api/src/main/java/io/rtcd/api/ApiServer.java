package io.rtcd.api;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * rtcd's HTTP(S) API server on Jetty 12 (the Java counterpart of {@code service/api}): a route table with
 * {@code {wildcard}} segments, raw Jetty handlers mounted by path prefix (WebSocket upgrade), JSON errors in rtcd's
 * shape, and a 1 MiB request body limit.
 *
 * <p>Lifecycle: construct, register with {@link #route} and {@link #mount}, {@link #start()} (binds), {@link #close()}
 * (idempotent, graceful with a bounded timeout). Requests run on a {@link QueuedThreadPool} whose threads are named
 * {@code rtcd-http-*}; handlers may block.
 *
 * <p>Timeouts: rtcd uses ReadTimeout 30 s, WriteTimeout 60 s, IdleTimeout 30 s; Jetty has one idle timeout per
 * connection that covers stalled reads, stalled writes and idle keep-alive, set to {@link #IDLE_TIMEOUT} (30 s).
 */
public final class ApiServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);

    /** Largest accepted request body; bigger bodies are answered 413. */
    public static final int MAX_BODY_BYTES = 1 << 20;

    /** Connection idle timeout (rtcd ReadTimeout/IdleTimeout 30 s). */
    public static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);

    /** Bound on graceful stop: in-flight requests get this long to finish. */
    public static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

    private static final int MAX_THREADS = 200;
    private static final int MIN_THREADS = 8;

    private record PendingMount(String prefix, Function<Server, Handler> factory) {}

    private final ApiConfig config;
    private final ListenAddress address;
    private final ApiRootHandler root = new ApiRootHandler(MAX_BODY_BYTES);
    private final List<PendingMount> pendingMounts = new ArrayList<>();
    private final Object lock = new Object();
    private Server server;
    private ServerConnector connector;
    private boolean started;
    private boolean closed;

    public ApiServer(ApiConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.address = ListenAddress.parse(config.listenAddress());
    }

    /**
     * Registers {@code handler} for {@code method} on {@code pathPattern}, e.g. {@code
     * "/calls/{callID}/sessions/{sessionID}"}. Must be called before {@link #start()}.
     */
    public void route(String method, String pathPattern, ApiHandler handler) {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(handler, "handler");
        synchronized (lock) {
            ensureNotStarted("route");
            root.addRoute(Route.of(method.toUpperCase(Locale.ROOT), pathPattern, handler));
        }
    }

    /**
     * Mounts a raw Jetty handler for every path equal to {@code pathPrefix} or below it ({@code prefix + "/..."}). The
     * factory is called once, in {@link #start()}, with the Jetty {@link Server} before it starts; the handler joins the
     * server's lifecycle. Mounts are consulted before routes; if the handler declines a request (returns false), the
     * route table answers it. Must be called before {@link #start()}.
     */
    public void mount(String pathPrefix, Function<Server, Handler> factory) {
        Objects.requireNonNull(factory, "factory");
        if (pathPrefix == null || !pathPrefix.startsWith("/")) {
            throw new IllegalArgumentException("mount prefix must start with '/': " + pathPrefix);
        }
        synchronized (lock) {
            ensureNotStarted("mount");
            pendingMounts.add(new PendingMount(pathPrefix, factory));
        }
    }

    /**
     * Binds the listen address and starts serving.
     *
     * @throws ApiServerException naming the address when binding fails, or the file when TLS material is unusable
     */
    public void start() {
        synchronized (lock) {
            ensureNotStarted("start");
            if (closed) {
                throw new ApiServerException("api server is closed");
            }
            started = true;
            QueuedThreadPool pool = new QueuedThreadPool(MAX_THREADS, MIN_THREADS);
            pool.setName("rtcd-http");
            Server s = new Server(pool);
            s.setStopTimeout(STOP_TIMEOUT.toMillis());
            s.setErrorHandler(new JsonErrorHandler());
            ServerConnector c = newConnector(s);
            c.setHost(address.host());
            c.setPort(address.port());
            c.setIdleTimeout(IDLE_TIMEOUT.toMillis());
            s.addConnector(c);
            for (PendingMount m : pendingMounts) {
                Handler h = Objects.requireNonNull(m.factory().apply(s), "mount factory returned null");
                if (h.getServer() == null) {
                    h.setServer(s);
                }
                root.addMount(m.prefix(), h);
            }
            s.setHandler(new GracefulHandler(root));
            server = s;
            connector = c;
            try {
                s.start();
            } catch (Exception e) {
                stopQuietly(s);
                throw new ApiServerException(
                        "failed to start API server on api.http.listen_address " + config.listenAddress() + ": "
                                + e.getMessage(),
                        e);
            }
            LOG.info(
                    "api: listening on {} ({}), port {}",
                    config.listenAddress(),
                    config.tlsEnable() ? "https" : "http",
                    c.getLocalPort());
        }
    }

    private ServerConnector newConnector(Server s) {
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        // No per-connection header cache: Jetty builds a ~100 KB trie for it on each connection, and a WebSocket
        // session keeps its upgrade request, hence the HTTP connection and that trie, for its whole life (~80 KB
        // per browser participant). Requests here are few per connection (API calls, one upgrade): little to reuse.
        http.setHeaderCacheSize(0);
        if (!config.tlsEnable()) {
            return new ServerConnector(s, 1, 1, new HttpConnectionFactory(http));
        }
        PemKeyStores.Loaded loaded = PemKeyStores.load(Path.of(config.tlsCertFile()), Path.of(config.tlsCertKey()));
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStore(loaded.keyStore());
        ssl.setKeyStorePassword(loaded.password());
        ssl.setKeyManagerPassword(loaded.password());
        ssl.setCertAlias(PemKeyStores.ALIAS);
        ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2"); // rtcd: min TLS 1.2
        ssl.setSniRequired(false);
        HttpConfiguration https = new HttpConfiguration(http);
        SecureRequestCustomizer src = new SecureRequestCustomizer();
        // The plugin dials rtcd hosts by IP while the certificate names the DNS name: no SNI host check.
        src.setSniHostCheck(false);
        https.addCustomizer(src);
        return new ServerConnector(
                s,
                1,
                1,
                new SslConnectionFactory(ssl, HttpVersion.HTTP_1_1.asString()),
                new HttpConnectionFactory(https));
    }

    /** The bound port (useful with port 0). */
    public int port() {
        synchronized (lock) {
            if (connector == null || !server.isStarted()) {
                throw new IllegalStateException("api server is not started");
            }
            return connector.getLocalPort();
        }
    }

    /** Stops accepting, lets in-flight requests finish for up to {@link #STOP_TIMEOUT}, then stops. Idempotent. */
    @Override
    public void close() {
        Server s;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            s = server;
        }
        if (s != null) {
            stopQuietly(s);
            LOG.info("api: stopped");
        }
    }

    private void ensureNotStarted(String what) {
        if (started) {
            throw new IllegalStateException(what + "() must be called before start()");
        }
    }

    private static void stopQuietly(Server s) {
        try {
            s.stop();
        } catch (Exception e) {
            LOG.warn("api: error while stopping the HTTP server: {}", e.toString());
        }
    }
}
