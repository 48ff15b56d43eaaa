package io.rtcd.service;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.rtcd.api.ApiServer;
import io.rtcd.auth.AuthException;
import io.rtcd.auth.AuthService;
import io.rtcd.auth.JoinTokenCodec;
import io.rtcd.rtc.sfu.RtcServer;
import io.rtcd.rtc.transport.TransportException;
import io.rtcd.service.calls.CallRouter;
import io.rtcd.service.config.RtcdConfig;
import io.rtcd.service.cospace.CospaceMetrics;
import io.rtcd.service.cospace.CospaceRegistry;
import io.rtcd.service.cospace.CospaceRoutes;
import io.rtcd.service.http.AuthRoutes;
import io.rtcd.service.http.CallRoutes;
import io.rtcd.service.http.StatusRoutes;
import io.rtcd.service.http.SystemRoutes;
import io.rtcd.service.realtime.JoinRequest;
import io.rtcd.service.realtime.JoinTokenSecret;
import io.rtcd.service.realtime.RealtimeFace;
import io.rtcd.service.realtime.RealtimeMetrics;
import io.rtcd.service.realtime.SignalDispatcher;
import io.rtcd.service.realtime.StaticRoutes;
import io.rtcd.service.realtime.TokenRoutes;
import io.rtcd.store.KvStore;
import io.rtcd.store.MapDbStore;
import io.rtcd.ws.WsAuthException;
import io.rtcd.ws.WsPrincipal;
import io.rtcd.ws.WsServer;
import io.rtcd.ws.guard.ConnectionGuard;
import io.rtcd.ws.guard.GuardMetrics;
import io.rtcd.ws.realtime.TextWsServer;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds store → auth → API routes → {@code /ws} and runs them as one lifecycle.
 *
 * <p>The constructor does no I/O. {@link #start()} opens the store and binds the port; if any step fails, what was
 * already started is closed again and the failure is rethrown. {@link #close()} is idempotent, stops in reverse
 * order (WebSocket connections are drained first), keeps going past failures and logs them.
 */
public final class RtcdService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RtcdService.class);

    private final RtcdConfig config;
    private final Clock clock;
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final BuildInfo build = BuildInfo.load();

    private volatile boolean draining;
    private boolean running;
    private boolean closed;
    private ApiServer api;
    private int rtcPort;
    private int rtcTcpPort = -1;

    public RtcdService(RtcdConfig config, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public RtcdService(RtcdConfig config) {
        this(config, Clock.systemUTC());
    }

    /** Opens the store and binds the HTTP/WebSocket port. */
    public synchronized void start() {
        if (running) {
            return;
        }
        if (closed) {
            throw new IllegalStateException("rtcd service was closed; create a new one");
        }
        try {
            doStart();
            running = true;
        } catch (RuntimeException e) {
            closeStarted();
            throw e;
        }
        LOG.atInfo()
                .addKeyValue("version", build.buildVersion())
                .addKeyValue("port", api.port())
                .addKeyValue("data", config.store().dataPath())
                .log("rtcd started");
    }

    private void doStart() {
        ProcessMetricsCollector.registerJvmAndProcess(registry); // = JvmMetrics.builder().register, cheaper process_*

        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(named("rtcd-scheduler"));
        started.push(() -> {
            scheduler.shutdownNow();
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        });

        MapDbStore store = new MapDbStore(config.store());
        store.start();
        started.push(store);
        KvStore kv = store;

        // bcrypt (and its limiter wait) on threads of its own: /ws upgrades never wait for it on an HTTP thread, and
        // a storm of first-time checks cannot take the threads that read established sockets. The queue holds what
        // the limiter could serve within its longest wait; beyond that a check is refused (429) at once.
        int bcryptThreads = Math.max(1, Runtime.getRuntime().availableProcessors());
        ThreadPoolExecutor bcrypt = new ThreadPoolExecutor(
                bcryptThreads,
                bcryptThreads,
                0,
                TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(AuthService.BCRYPT_QUEUE_PER_CPU * bcryptThreads),
                named("rtcd-auth-bcrypt"));
        started.push(bcrypt::shutdownNow);
        AuthService auth = new AuthService(config.auth(), new StoreClientKeys(kv), clock, bcrypt);
        AuthMetrics.register(registry, auth);
        AuthRoutes authRoutes = new AuthRoutes(auth);

        CpuLoadSampler cpu = new CpuLoadSampler(scheduler);
        cpu.start();
        started.push(cpu);

        CallRouter router = new CallRouter(registry);
        ExecutorService rtcWorkers = Executors.newFixedThreadPool(
                Math.max(2, Runtime.getRuntime().availableProcessors()), named("rtcd-rtc-worker"));
        ExecutorService dtlsWorkers = Executors.newCachedThreadPool(named("rtcd-dtls"));
        started.push(() -> {
            rtcWorkers.shutdownNow();
            dtlsWorkers.shutdownNow();
        });
        // The browser face (group "@realtime") shares the SFU with the backends: the dispatcher routes its signals.
        JoinTokenCodec joinTokens = new JoinTokenCodec(JoinTokenSecret.loadOrCreate(kv), clock);
        CospaceMetrics cospaceMetrics = new CospaceMetrics(registry);
        CospaceRegistry cospaces = new CospaceRegistry(config.realtime(), clock, scheduler, cospaceMetrics);
        cospaceMetrics.registerGauges(registry, cospaces::cospaceCount, cospaces::participantCount);
        RealtimeFace face = new RealtimeFace(joinTokens, cospaces, cospaceMetrics);
        RtcServer rtc =
                new RtcServer(config.rtc(), new SignalDispatcher(router, face), scheduler, rtcWorkers, dtlsWorkers);
        GuardMetrics guardMetrics = GuardMetrics.register(registry);
        WsServer ws = new WsServer(config.ws(), header -> wsPrincipal(auth, header), router, registry, guardMetrics);
        router.bind(rtc, ws);
        face.bind(rtc);
        TextWsServer<JoinRequest> realtimeWs = new TextWsServer<>(
                "realtime",
                config.realtimeSocket().socket(),
                new ConnectionGuard("realtime", config.realtimeSocket().guard(), guardMetrics, System::nanoTime),
                face,
                face);
        RealtimeMetrics.register(registry, rtc, realtimeWs);
        SfuMetrics.register(registry, rtc.counters());
        TransportMetrics.register(registry, rtc);

        api = new ApiServer(config.api());
        new SystemRoutes(build, cpu, registry, () -> draining, cospaces::capacity).register(api);
        authRoutes.register(api);
        new CallRoutes(authRoutes, router).register(api);
        new StatusRoutes(
                        authRoutes,
                        build,
                        cpu,
                        clock,
                        clock.instant(),
                        new StatusRoutes.Sources(
                                rtc::sessionCount,
                                router::callCount,
                                cospaces::capacity,
                                () -> draining,
                                () -> media(rtc)))
                .register(api);
        api.mount("/ws", ws::createHandler);
        new TokenRoutes(authRoutes, joinTokens, clock).register(api);
        new CospaceRoutes(authRoutes, cospaces).register(api);
        new StaticRoutes().register(api);
        api.mount(RealtimeFace.PREFIX, realtimeWs::createHandler);
        try {
            startMedia(rtc);
            rtcPort = rtc.udpPort();
            rtcTcpPort = rtc.tcpPort();
            ws.start();
            realtimeWs.start();
            api.start();
        } catch (RuntimeException e) {
            realtimeWs.close();
            ws.close();
            rtc.close();
            throw e;
        }
        // Closed in reverse: sessions drain first (backends still get their `close` messages), then the backend
        // sockets get a 1001 close, then the port goes away.
        started.push(api);
        started.push(ws);
        started.push(realtimeWs);
        started.push(rtc);
    }

    /** The media ports and the host candidates the SFU advertises ({@code GET /admin/status}). */
    private static java.util.Map<String, Object> media(RtcServer rtc) {
        java.util.List<java.util.Map<String, Object>> candidates = new java.util.ArrayList<>();
        rtc.candidates()
                .forEach(c -> candidates.add(java.util.Map.of(
                        "transport", c.transport(), "address", c.address(), "port", c.port(), "type", c.type())));
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("udpPort", rtc.udpPort());
        m.put("tcpPort", rtc.tcpPort());
        m.put("candidates", candidates);
        return m;
    }

    /** Starts the SFU; a port that cannot be bound is reported with the config keys that choose it. */
    private void startMedia(RtcServer rtc) {
        try {
            rtc.start();
        } catch (TransportException e) {
            String msg = e.getMessage() == null ? "" : e.getMessage();
            String keys = msg.contains(" TCP ")
                    ? "rtc.ice_port_tcp = " + config.rtc().icePortTcp() + " (rtc.ice_address_tcp; -1 turns ICE-TCP off)"
                    : "rtc.ice_port_udp = " + config.rtc().icePortUdp() + " (rtc.ice_address_udp)";
            throw new ServiceStartException(
                    "cannot open the media port " + keys + ": " + msg.replaceFirst("^failed to bind ", "")
                            + " - another process (or another rtcd) holds it; choose a free port",
                    e);
        }
    }

    /** Never waits: a key check that needs bcrypt completes on the bcrypt executor. */
    private static CompletableFuture<WsPrincipal> wsPrincipal(AuthService auth, String header) {
        return auth.authenticateAsync(header).handle((p, e) -> {
            if (e == null) {
                return new WsPrincipal(p.clientId());
            }
            Throwable cause = e instanceof CompletionException ce && ce.getCause() != null ? ce.getCause() : e;
            if (cause instanceof AuthException ae) {
                throw new WsAuthException(
                        ae.kind() == AuthException.Kind.TOO_MANY_REQUESTS ? 429 : 401, ae.getMessage());
            }
            throw cause instanceof RuntimeException re ? re : new CompletionException(cause);
        });
    }

    /** The bound HTTP port (useful when configured with port 0). */
    public synchronized int port() {
        if (!running) {
            throw new IllegalStateException("rtcd service is not running");
        }
        return api.port();
    }

    public BuildInfo buildInfo() {
        return build;
    }

    /** The UDP port of the media plane (useful when configured with port 0). */
    public synchronized int rtcUdpPort() {
        if (!running) {
            throw new IllegalStateException("rtcd service is not running");
        }
        return rtcPort;
    }

    /** The bound ICE-TCP port, or -1 when {@code rtc.ice_port_tcp} turned ICE-TCP off. */
    public synchronized int rtcTcpPort() {
        if (!running) {
            throw new IllegalStateException("rtcd service is not running");
        }
        return rtcTcpPort;
    }

    public PrometheusRegistry metrics() {
        return registry;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        draining = true;
        closeStarted();
        running = false;
        LOG.info("rtcd stopped");
    }

    private void closeStarted() {
        while (!started.isEmpty()) {
            AutoCloseable c = started.pop();
            try {
                c.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                LOG.warn("interrupted while stopping {}", c.getClass().getSimpleName());
            } catch (Exception e) {
                LOG.warn("failed to stop {}: {}", c.getClass().getSimpleName(), e.toString());
            }
        }
    }

    private static java.util.concurrent.ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
