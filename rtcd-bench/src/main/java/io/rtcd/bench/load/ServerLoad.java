package io.rtcd.bench.load;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rtcd.rtc.transport.SrtcpWarmUp;
import io.rtcd.rtc.transport.TransportConfig;
import io.rtcd.rtc.transport.dtls.DtlsCertificate;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Load run against a real {@code rtcd serve} in another JVM: starts a fresh server ({@link ServerProcess}), joins P
 * publishers and N listeners as WebRTC peers ({@link BenchPeer}: ICE, DTLS, SRTP/SRTCP on rtcd's own stack) through
 * the browser face (a join token per peer minted with {@code POST /realtime/tokens}, then
 * {@code /realtime/connect/{cospace}}), ramping the joins at {@code join_rate} per second. Publishers send stamped
 * audio (and video) the whole time; each join's latency is WebSocket dial → first RTP. After the last join and a
 * settle time, a steady window measures: loss per receiver and stream (exact, from the stamped packet numbers),
 * one-way latency (stamped send time, same clock), and the server's CPU ({@code /proc/<pid>/stat}), CPU by thread
 * group, RSS, forwarded packets and drops ({@code /metrics}), GC pauses (its {@code -Xlog:gc} file) and the host's
 * UDP error counters ({@code /proc/net/snmp}). Live heap and RSS are taken after a full GC ({@code jcmd GC.run})
 * before the listeners join and after the window, outside it.
 *
 * <p>Output: a progress line every 2 s, then one JSON line and a readable summary. Loopback only; every wait is
 * bounded; the server is stopped in every outcome.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.rtcd.bench.load.ServerLoad subscribers=400 steady=20
 * jar=cli/target/rtcd.jar} (keys in {@link LoadOptions}).
 */
public final class ServerLoad {
    private static final Logger LOG = LoggerFactory.getLogger(ServerLoad.class);
    private static final Logger RESULT = LoggerFactory.getLogger("io.rtcd.bench.result");
    private static final String COSPACE = "bench";
    private static final long PROGRESS_MILLIS = 2000;
    private static final long CONSENT_MILLIS = 5000;
    private static final long QUIET_MILLIS = 1000;
    private static final int DRAIN_MAX_SECONDS = 30;
    private static final Duration SIGNAL_TIMEOUT = Duration.ofSeconds(20);

    private final LoadOptions o;
    private final ReceiveWindow window = new ReceiveWindow();
    private final List<BenchPeer> publisherPeers = new ArrayList<>();
    private final List<StampedPublisher> publishers = new ArrayList<>();
    private final List<Joined> subscribers = new ArrayList<>();
    private final List<Signal> sockets = new ArrayList<>();
    private final ConcurrentLinkedQueue<Joined> joined = new ConcurrentLinkedQueue<>();
    private final AtomicInteger joinFailures = new AtomicInteger();
    private final AtomicReference<String> firstJoinError = new AtomicReference<>();
    private final AtomicInteger started = new AtomicInteger();
    private volatile String phase = "start";
    private volatile ServerProcess server;
    private volatile ScheduledExecutorService consentTimer;
    private volatile PeerReceivers receivers;
    private volatile SignalClient signals;
    /** The {@code /ws} client's Authorization header (faces ws and ws_mux). */
    private volatile String wsAuthorization;
    /** The one socket of face ws_mux. */
    private volatile WsSignal wsShared;

    /**
     * One joined participant: its socket, its peer and the {@code System.nanoTime()} of each join stage: token request
     * sent, WebSocket dial, welcome received, offer sent, answer received, DTLS done (ICE and first RTP are on the
     * peer, the upgrade on the socket).
     */
    record Joined(
            Signal signal,
            BenchPeer peer,
            long tokenNanos,
            long dialNanos,
            long welcomeNanos,
            long offerNanos,
            long answerNanos,
            long connectedNanos) {}

    /** What a run produced: the JSON line, the summary lines and the numbers a test asserts on. */
    public record Result(String json, List<String> summary, LoadReport report) {}

    public ServerLoad(LoadOptions options) {
        this.o = options;
    }

    public static void main(String[] args) throws Exception {
        LoadOptions options;
        try {
            options = LoadOptions.parse(args);
        } catch (IllegalArgumentException e) {
            LOG.error("bad option: {}", e.getMessage());
            System.exit(2);
            return;
        }
        ServerLoad load = new ServerLoad(options);
        Thread hook = new Thread(load::stopServer, "lg-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        Thread watchdog = named("lg-watchdog-").newThread(() -> {
            try {
                Thread.sleep(TimeUnit.SECONDS.toMillis(options.timeoutSeconds()));
                LOG.error("run exceeded timeout={} s; stopping the server and exiting", options.timeoutSeconds());
                load.stopServer();
                Runtime.getRuntime().halt(3);
            } catch (InterruptedException ignored) {
                // run finished
            }
        });
        watchdog.start();
        int status = 0;
        try {
            Result r = load.run();
            RESULT.info("{}", r.json());
            r.summary().forEach(line -> RESULT.info("{}", line));
        } catch (Exception e) {
            LOG.error("load run {} failed: {}", options.label(), e.toString());
            status = 1;
        } finally {
            watchdog.interrupt();
            load.stopServer();
        }
        System.exit(status);
    }

    private void stopServer() {
        ServerProcess s = server;
        if (s != null) {
            s.close();
        }
    }

    /** Runs the whole thing; the server is stopped and every peer closed when this returns or throws. */
    public Result run() throws Exception {
        LOG.info(
                "[{}] {} publisher(s){} -> {} listener(s), {} pps x {} B audio, profile {}, joins {}/s (<= {} in"
                        + " flight), settle {} s, steady {} s, server {}",
                o.label(),
                o.publishers(),
                o.video() ? " with video" : "",
                o.subscribers(),
                o.pps(),
                o.payload(),
                o.profileName(),
                o.joinRate(),
                o.joinConcurrency(),
                o.settleSeconds(),
                o.steadySeconds(),
                o.jar());
        SignalClient signalClient = SignalClient.start(); // first: nothing to release if it fails
        this.signals = signalClient;
        ExecutorService httpPool = Executors.newCachedThreadPool(named("lg-http-"));
        ExecutorService dtls = Executors.newCachedThreadPool(named("lg-dtls-"));
        ExecutorService joinPool = Executors.newFixedThreadPool(o.joinConcurrency(), named("lg-join-"));
        ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor(named("lg-progress-"));
        ScheduledExecutorService consent = Executors.newSingleThreadScheduledExecutor(named("lg-consent-"));
        this.consentTimer = consent;
        PeerReceivers rx = new PeerReceivers(o.receivers(), TimeUnit.MICROSECONDS.toNanos(o.spinMicros()));
        this.receivers = rx;
        List<Thread> publisherThreads = new ArrayList<>();
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .executor(httpPool)
                .build();
        long runStart = System.nanoTime();
        try {
            ServerProfiler profiler =
                    o.profiler() == null ? null : new ServerProfiler(o.profiler(), o.profilerEvent(), o.profilerOut());
            List<String> jvm = new ArrayList<>(o.serverJvm());
            List<String> settings = new ArrayList<>();
            if (o.face() != LoadOptions.Face.BROWSER) {
                // Every backend socket comes from 127.0.0.1: the per-address upgrade limit (128/min) would refuse them.
                settings.add("ws.connect_rate_per_minute=0");
            }
            settings.addAll(o.serverSettings());
            if (profiler != null) {
                jvm.addAll(ServerProfiler.SERVER_FLAGS);
            }
            server =
                    ServerProcess.start(o.jar(), o.out().toAbsolutePath(), jvm, settings, http, Duration.ofSeconds(60));
            LOG.info("[{}] rtcd serve pid {} on {} (logs in {})", o.label(), server.pid(), server.base(), o.out());
            Sampler sampler = new Sampler(server, http);
            progress.scheduleAtFixedRate(
                    () -> progressLine(sampler, runStart), PROGRESS_MILLIS, PROGRESS_MILLIS, TimeUnit.MILLISECONDS);
            DtlsCertificate cert = DtlsCertificate.generate();
            // The peers' receiver threads would otherwise pay SRTCP's start-up on the first RTCP packet (~1 s, every
            // peer on that thread stalled: ICE responses and media included).
            SrtcpWarmUp.run();
            TransportConfig transport = TransportConfig.loopback().withSrtpProfiles(List.of(o.profile()));
            long maxSendNanos = TimeUnit.SECONDS.toNanos(o.timeoutSeconds());

            if (o.face() != LoadOptions.Face.BROWSER) {
                wsAuthorization = registerClient(http);
            }
            if (o.face() == LoadOptions.Face.WS_MUX) {
                wsShared = WsSignal.connect(signals, server.ws("/ws"), wsAuthorization, SIGNAL_TIMEOUT);
            }
            phase = "publishers";
            for (int p = 0; p < o.publishers(); p++) {
                Joined j = join(http, cert, transport, dtls, p, true);
                StampedPublisher pub = new StampedPublisher(
                        j.peer(), p, 0x5EED0000L + 2L * p + 1, 0x5EED0000L + 2L * p + 2, o, maxSendNanos);
                Thread t = named("lg-pub-").newThread(pub);
                t.start();
                publisherPeers.add(j.peer());
                publishers.add(pub);
                publisherThreads.add(t);
            }
            warmUp(http, cert, transport, dtls);
            Sampler.Point base = sampler.fullGcPoint();
            Sampler.Point rampStart = sampler.point();
            long self = ProcessHandle.current().pid();
            Map<String, Long> rampLoadgenCpu = ProcStats.threadCpuNanos(self);

            phase = "join";
            long joinStart = System.nanoTime();
            rampJoins(http, cert, transport, dtls, joinPool);
            long joinDeadline = joinStart + TimeUnit.SECONDS.toNanos(30 + 3L * (o.subscribers() / o.joinRate() + 1));
            subscribers.addAll(joined);
            JoinStages.Cost joinCost = JoinStages.Cost.of(
                    rampStart, sampler.point(), rampLoadgenCpu, ProcStats.threadCpuNanos(self), subscribers.size());
            awaitMedia(joinDeadline);
            double joinSeconds = (System.nanoTime() - joinStart) / 1e9;
            if (subscribers.isEmpty() && o.subscribers() > 0) {
                throw new IllegalStateException("no listener joined; first error: " + firstJoinError.get());
            }
            phase = "settle";
            Thread.sleep(TimeUnit.SECONDS.toMillis(o.settleSeconds()));
            if (o.gcBeforeWindow()) {
                sampler.fullGcPoint();
            }

            phase = "steady";
            if (profiler != null) {
                profiler.start(server.pid());
            }
            Sampler.Point before = sampler.point();
            window.open(System.nanoTime());
            int[][] from = sentCounters();
            long loadgenCpu0 = loadgenCpu();
            double load0 = loadAverage();
            Thread.sleep(TimeUnit.SECONDS.toMillis(o.steadySeconds()));
            int[][] to = sentCounters();
            window.close(System.nanoTime());
            int threadsInWindow = Thread.activeCount();
            Sampler.Point after = sampler.point();
            if (profiler != null) {
                profiler.stop(server.pid());
                LOG.info("[{}] server profile ({}) in {}", o.label(), profiler.event(), o.profilerOut());
            }
            long loadgenCpu1 = loadgenCpu();
            double load1 = loadAverage();

            phase = "drain";
            // Publishers stop; packets still queued in the SFU (an overloaded run) may land until deliveries stop.
            publishers.forEach(StampedPublisher::stop);
            awaitQuiet(System.nanoTime() + TimeUnit.SECONDS.toNanos(DRAIN_MAX_SECONDS));
            Sampler.Point end = sampler.fullGcPoint();
            progress.shutdownNow();
            phase = "teardown";
            publishers.forEach(StampedPublisher::stop);
            for (Thread t : publisherThreads) {
                t.join(2000);
            }
            closeAll(http);
            LoadReport.Builder rb = LoadReport.builder(o);
            rb.listeners = List.copyOf(subscribers);
            rb.publisherPeers = List.copyOf(publisherPeers);
            rb.publishers = List.copyOf(publishers);
            rb.from = from;
            rb.to = to;
            rb.latency = window.latency();
            rb.joinSeconds = joinSeconds;
            rb.joinFailures = joinFailures.get();
            rb.firstJoinError = firstJoinError.get();
            rb.serverPid = server.pid();
            rb.base = base;
            rb.before = before;
            rb.after = after;
            rb.end = end;
            rb.gc = sampler.gcWindow(before, after);
            rb.collector = GcLog.collector(server.gcLog());
            rb.loadgenCpuSeconds = (loadgenCpu1 - loadgenCpu0) / 1e9;
            rb.loadBefore = load0;
            rb.loadAfter = load1;
            rb.threads = threadsInWindow;
            rb.joinCost = joinCost;
            LoadReport report = rb.build();
            report.stages.writeCsv(o.out().resolve("joins.csv"));
            return new Result(report.json(), report.summary(), report);
        } finally {
            progress.shutdownNow();
            consent.shutdownNow();
            publishers.forEach(StampedPublisher::stop);
            closeAll(http);
            WsSignal shared = wsShared;
            if (shared != null) {
                shared.close();
            }
            signalClient.close();
            stopServer();
            rx.close();
            joinPool.shutdownNow();
            dtls.shutdownNow();
            httpPool.shutdownNow();
        }
    }

    /**
     * Joins {@code warmup} listeners, waits for their media and lets them leave: the server's first session pays class
     * loading and JIT of the DTLS and SRTP paths (seconds on a busy machine), which is not what a join costs.
     */
    private void warmUp(HttpClient http, DtlsCertificate cert, TransportConfig transport, ExecutorService dtls)
            throws Exception {
        List<Joined> warm = new ArrayList<>();
        try {
            for (int i = 0; i < o.warmup(); i++) {
                warm.add(join(http, cert, transport, dtls, 1000 + o.publishers() + i, false));
            }
            long deadline = System.nanoTime() + SIGNAL_TIMEOUT.toNanos();
            for (Joined j : warm) {
                while (j.peer().receivedRtp() == 0 && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
            }
        } finally {
            for (Joined j : warm) {
                j.signal().close();
                j.peer().close();
            }
        }
    }

    /** Starts listener joins at {@code join_rate} per second with at most {@code join_concurrency} in flight. */
    private void rampJoins(
            HttpClient http,
            DtlsCertificate cert,
            TransportConfig transport,
            ExecutorService dtls,
            ExecutorService pool)
            throws InterruptedException {
        Semaphore inFlight = new Semaphore(o.joinConcurrency());
        long start = System.nanoTime();
        long period = TimeUnit.SECONDS.toNanos(1) / o.joinRate();
        List<Future<?>> tasks = new ArrayList<>();
        for (int i = 0; i < o.subscribers(); i++) {
            long due = start + i * period;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            if (!inFlight.tryAcquire(SIGNAL_TIMEOUT.toSeconds() * 2, TimeUnit.SECONDS)) {
                throw new IllegalStateException("joins stalled: " + o.joinConcurrency() + " in flight for "
                        + SIGNAL_TIMEOUT.toSeconds() * 2 + " s; first error: " + firstJoinError.get());
            }
            int index = o.publishers() + i;
            started.incrementAndGet();
            tasks.add(pool.submit(() -> {
                try {
                    joined.add(join(http, cert, transport, dtls, index, false));
                } catch (Exception e) {
                    joinFailures.incrementAndGet();
                    firstJoinError.compareAndSet(null, describe(e));
                } finally {
                    inFlight.release();
                }
            }));
        }
        for (Future<?> f : tasks) {
            try {
                f.get(SIGNAL_TIMEOUT.toSeconds() * 3, TimeUnit.SECONDS);
            } catch (Exception e) {
                firstJoinError.compareAndSet(null, "join did not finish: " + e);
            }
        }
    }

    /** Token, WebSocket, offer, welcome, answer, ICE + DTLS. The dial time is taken right before the WebSocket dial. */
    private Joined join(
            HttpClient http,
            DtlsCertificate cert,
            TransportConfig transport,
            ExecutorService dtls,
            int index,
            boolean publishes)
            throws Exception {
        String name = (publishes ? "pub-" : "sub-") + index;
        if (o.face() != LoadOptions.Face.BROWSER) {
            return joinWs(transport, cert, dtls, index, name, publishes);
        }
        long tokenStart = System.nanoTime();
        String token = mintToken(http, name, publishes);
        BenchPeer peer = new BenchPeer(name, index, cert, window, o.publishers(), receivers, o.rtcp());
        RealtimeSignal signal = null;
        try {
            long dial = System.nanoTime();
            signal = RealtimeSignal.connect(
                    signals,
                    server.ws("/realtime/connect/" + COSPACE + "?token="
                            + URLEncoder.encode(token, StandardCharsets.UTF_8)
                            + (o.presence() ? "" : "&channels=")),
                    peer::answer,
                    SIGNAL_TIMEOUT);
            synchronized (sockets) {
                sockets.add(signal);
            }
            // The offer goes right after the upgrade, without waiting for welcome: the server handles a socket's
            // messages after its join (docs/protocol.md "Browser face"), so this saves a round trip.
            String stream = "stream-" + name;
            long audioSsrc = publishes ? 0x5EED0000L + 2L * index + 1 : 0;
            long videoSsrc = publishes && o.video() ? 0x5EED0000L + 2L * index + 2 : 0;
            if (videoSsrc != 0) {
                signal.send("video_on", "streamId", stream);
            }
            long offered = System.nanoTime();
            signal.send("offer", "sdp", peer.offer(stream, audioSsrc, videoSsrc));
            signal.awaitWelcome(SIGNAL_TIMEOUT);
            String answer = signal.answer().get(SIGNAL_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
            peer.connect(answer, transport, dtls, SIGNAL_TIMEOUT.toNanos());
            scheduleConsent(peer);
            return new Joined(
                    signal,
                    peer,
                    tokenStart,
                    dial,
                    signal.welcomeNanos(),
                    offered,
                    signal.answerNanos(),
                    System.nanoTime());
        } catch (Exception e) {
            peer.close();
            if (signal != null) {
                signal.close();
            }
            throw e;
        }
    }

    /** Consent checks every 5 s (RFC 7675 §5.1), spread over the period so 1000 peers do not send at once. */
    private void scheduleConsent(BenchPeer peer) {
        long offset = ThreadLocalRandom.current().nextLong(CONSENT_MILLIS);
        consentTimer.scheduleAtFixedRate(peer::sendConsent, offset, CONSENT_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * A join through {@code /ws} (docs/protocol.md): its own socket (face ws: dial, hello) or the shared one (ws_mux),
     * then {@code join}, the offer as {@code rtc}, the answer, ICE + DTLS. Every session is in call {@code bench} of
     * the registered client. The stages: dial = token = socket dial (or join on the shared socket), welcome = hello.
     */
    private Joined joinWs(
            TransportConfig transport, DtlsCertificate cert, ExecutorService dtls, int index, String name, boolean pub)
            throws Exception {
        BenchPeer peer = new BenchPeer(name, index, cert, window, o.publishers(), receivers, o.rtcp());
        WsSignal own = null;
        WsSignal.Participant session = null;
        try {
            long dial = System.nanoTime();
            WsSignal socket = wsShared;
            if (socket == null) {
                own = WsSignal.connect(signals, server.ws("/ws"), wsAuthorization, SIGNAL_TIMEOUT);
                socket = own;
            }
            session = socket.open(
                    COSPACE,
                    name,
                    name + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong()),
                    peer::answer,
                    own != null);
            synchronized (sockets) {
                sockets.add(session);
            }
            String stream = "stream-" + name;
            long audioSsrc = pub ? 0x5EED0000L + 2L * index + 1 : 0;
            long videoSsrc = pub && o.video() ? 0x5EED0000L + 2L * index + 2 : 0;
            if (videoSsrc != 0) {
                session.videoOn(stream);
            }
            long offered = System.nanoTime();
            session.offer(peer.offer(stream, audioSsrc, videoSsrc));
            String answer = session.answer().get(SIGNAL_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
            peer.connect(answer, transport, dtls, SIGNAL_TIMEOUT.toNanos());
            scheduleConsent(peer);
            return new Joined(
                    session,
                    peer,
                    dial,
                    dial,
                    session.welcomeNanos(),
                    offered,
                    session.answerNanos(),
                    System.nanoTime());
        } catch (Exception e) {
            peer.close();
            if (session != null) {
                session.close();
            } else if (own != null) {
                own.close();
            }
            throw e;
        }
    }

    /**
     * Registers a fresh client {@code bench-<hex>} ({@code POST /register} as admin; fresh because a run directory's
     * store may hold an earlier run's) and returns the Authorization header its {@code /ws} sockets send: Basic, or
     * Bearer with a token from {@code /login} ({@code ws_auth}).
     */
    private String registerClient(HttpClient http) throws IOException, InterruptedException {
        byte[] key = new byte[24];
        new java.security.SecureRandom().nextBytes(key);
        String authKey = java.util.HexFormat.of().formatHex(key);
        String clientId = COSPACE + "-" + authKey.substring(0, 8);
        String body = RealtimeSignal.JSON
                .createObjectNode()
                .put("clientID", clientId)
                .put("authKey", authKey)
                .toString();
        String admin =
                Base64.getEncoder().encodeToString(("admin:" + server.adminSecret()).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(server.base().resolve("/register"))
                        .timeout(SIGNAL_TIMEOUT)
                        .header("Authorization", "Basic " + admin)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            throw new IllegalStateException("POST /register answered " + r.statusCode() + ": " + r.body());
        }
        if (!o.wsBearer()) {
            return "Basic "
                    + Base64.getEncoder().encodeToString((clientId + ":" + authKey).getBytes(StandardCharsets.UTF_8));
        }
        HttpResponse<String> login = http.send(
                HttpRequest.newBuilder(server.base().resolve("/login"))
                        .timeout(SIGNAL_TIMEOUT)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (login.statusCode() != 200) {
            throw new IllegalStateException("POST /login answered " + login.statusCode() + ": " + login.body());
        }
        return "Bearer "
                + RealtimeSignal.JSON.readTree(login.body()).path("bearerToken").asText();
    }

    /**
     * A join token for {@code user}: publishers get the default publish permissions, listeners none ({@code
     * "permissions": []}), so they count against {@code realtime.max_participants} but not {@code max_publishers}.
     */
    private String mintToken(HttpClient http, String user, boolean publishes) throws IOException, InterruptedException {
        ObjectNode n = RealtimeSignal.JSON
                .createObjectNode()
                .put("cospace", COSPACE)
                .put("userId", user)
                .put("ttlSeconds", 3600);
        if (!publishes) {
            n.putArray("permissions");
        }
        String body = n.toString();
        String auth =
                Base64.getEncoder().encodeToString(("bench:" + server.adminSecret()).getBytes(StandardCharsets.UTF_8));
        HttpRequest req = HttpRequest.newBuilder(server.base().resolve("/realtime/tokens"))
                .timeout(SIGNAL_TIMEOUT)
                .header("Authorization", "Basic " + auth)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            throw new IllegalStateException("POST /realtime/tokens answered " + r.statusCode() + ": " + r.body());
        }
        return RealtimeSignal.JSON.readTree(r.body()).path("token").asText();
    }

    /** Waits until every joined peer receives every stream it should (bounded); stragglers are reported, not fatal. */
    private void awaitMedia(long deadline) throws InterruptedException {
        int kinds = o.video() ? 2 : 1;
        while (System.nanoTime() < deadline) {
            int missing = 0;
            for (Joined j : subscribers) {
                if (j.peer().streamsSeen() < o.publishers() * kinds) {
                    missing++;
                }
            }
            for (BenchPeer p : publisherPeers) {
                if (p.streamsSeen() < (o.publishers() - 1) * kinds) {
                    missing++;
                }
            }
            if (missing == 0) {
                return;
            }
            Thread.sleep(20);
        }
        LOG.warn("[{}] not every peer receives every stream before the join deadline; measuring anyway", o.label());
    }

    /**
     * Waits until no peer has received an RTP packet for {@link #QUIET_MILLIS} (the SFU's queues are empty), or the
     * deadline: a packet that arrives later counts as lost.
     */
    private void awaitQuiet(long deadline) throws InterruptedException {
        long last = -1;
        long stableSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            long sum = 0;
            for (Joined j : subscribers) {
                sum += j.peer().receivedRtp();
            }
            for (BenchPeer p : publisherPeers) {
                sum += p.receivedRtp();
            }
            long now = System.nanoTime();
            if (sum != last) {
                last = sum;
                stableSince = now;
            } else if (now - stableSince >= TimeUnit.MILLISECONDS.toNanos(QUIET_MILLIS)) {
                return;
            }
            Thread.sleep(50);
        }
        LOG.warn(
                "[{}] packets were still arriving {} s after the window; later ones count as lost",
                o.label(),
                DRAIN_MAX_SECONDS);
    }

    private int[][] sentCounters() {
        int[][] out = new int[publishers.size()][2];
        for (int i = 0; i < publishers.size(); i++) {
            out[i][0] = publishers.get(i).audioSent();
            out[i][1] = publishers.get(i).videoSent();
        }
        return out;
    }

    private void closeAll(HttpClient http) {
        List<Signal> all;
        synchronized (sockets) {
            all = new ArrayList<>(sockets);
            sockets.clear();
        }
        all.parallelStream().forEach(Signal::close);
        for (Joined j : joined) {
            j.peer().close();
        }
        for (BenchPeer p : publisherPeers) {
            p.close();
        }
    }

    private void progressLine(Sampler sampler, long runStart) {
        try {
            Sampler.Rate r = sampler.rate();
            long recv = 0;
            for (Joined j : joined) {
                recv += j.peer().receivedRtp();
            }
            LOG.info(
                    "[{}] t={} s {} joined {}/{} (failed {}) | server cpu {} %, rss {} MiB, fwd {} pps | listeners"
                            + " received {}",
                    o.label(),
                    fmt((System.nanoTime() - runStart) / 1e9),
                    phase,
                    joined.size(),
                    o.subscribers(),
                    joinFailures.get(),
                    fmt(r.cpuPercent()),
                    r.rssBytes() >> 20,
                    Math.round(r.forwardedPerSecond()),
                    recv);
        } catch (RuntimeException e) {
            LOG.debug("progress sample failed: {}", e.toString());
        }
    }

    static long loadgenCpu() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }

    static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** The exception and where its root cause was thrown (a client library exception often has no message). */
    static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        StackTraceElement[] at = root.getStackTrace();
        return e + (root != e ? " caused by " + root : "") + (at.length > 0 ? " at " + at[0] : "");
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
