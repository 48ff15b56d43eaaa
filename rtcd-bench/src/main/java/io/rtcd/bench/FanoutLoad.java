package io.rtcd.bench;

import io.rtcd.rtc.sfu.RtcConfig;
import io.rtcd.rtc.sfu.RtcServer;
import io.rtcd.rtc.sfu.RtcSignal;
import io.rtcd.rtc.sfu.RtcSignalSink;
import io.rtcd.rtc.sfu.SessionInfo;
import io.rtcd.rtc.sfu.SessionSpec;
import io.rtcd.rtc.sfu.SessionState;
import io.rtcd.rtc.sfu.SfuCounters;
import io.rtcd.rtc.sfu.SfuTestPeer;
import io.rtcd.rtc.transport.TransportConfig;
import io.rtcd.rtc.transport.dtls.DtlsCertificate;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fan-out load run: an in-process {@link RtcServer} on 127.0.0.1 ({@link RtcConfig#loopback()}), one publisher and N
 * subscribers as {@link SfuTestPeer}s (real ICE, DTLS, SRTP over real UDP sockets), the publisher sending stamped
 * Opus RTP with the audio-level extension. After a ramp, a steady window is measured: packets the SFU forwarded per
 * CPU-second of its own threads, loss per subscriber, one-way latency, heap. One JSON line and a summary at the end,
 * a progress line every 5 s. Every loop is bounded in count and time; loopback only.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.rtcd.bench.FanoutLoad subscribers=100 steady=20 ramp=5 pps=50
 * payload=80 workers=2 profile=gcm}.
 *
 * <p>Threads: SFU = {@code rtcd-udp-rx} + {@code sfu-worker-*}; SFU auxiliary = {@code sfu-timer}, {@code sfu-dtls-*};
 * load generator = {@code peer-*-rx} (one reader per test peer, which also decrypts), {@code lg-*}.
 */
public final class FanoutLoad {
    private static final Logger LOG = LoggerFactory.getLogger(FanoutLoad.class);
    private static final Logger RESULT = LoggerFactory.getLogger("io.rtcd.bench.result");
    private static final String GROUP = "bench";
    private static final String CALL = "fanout";
    private static final String PUBLISHER = "pub";
    private static final long PUBLISHER_SSRC = 0x5EED0001L;
    private static final long PROGRESS_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final FanoutOptions options;
    private final Map<String, SfuTestPeer> peers = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<String>> answers = new ConcurrentHashMap<>();
    private final ExecutorService signalling = Executors.newFixedThreadPool(2, named("lg-signal-"));
    private final AtomicInteger signalErrors = new AtomicInteger();
    private volatile RtcServer server;

    private FanoutLoad(FanoutOptions options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        FanoutOptions options = FanoutOptions.parse(args);
        new FanoutLoad(options).run();
    }

    /** Daemon threads with a name prefix, so thread CPU can be grouped and the JVM exits when main returns. */
    static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private final RtcSignalSink sink = s -> {
        switch (s.type()) {
            case SDP_ANSWER -> {
                CompletableFuture<String> f = answers.get(s.sessionId());
                if (f != null) {
                    f.complete(s.payload());
                }
            }
            case SDP_OFFER -> {
                SfuTestPeer p = peers.get(s.sessionId());
                if (p != null) {
                    signalling.execute(() -> server.handleSignal(
                            GROUP, s.sessionId(), RtcSignal.inbound(RtcSignal.Type.SDP_ANSWER, p.answer(s.payload()))));
                }
            }
            case ERROR -> {
                signalErrors.incrementAndGet();
                CompletableFuture<String> f = answers.get(s.sessionId());
                if (f != null) {
                    f.completeExceptionally(new IllegalStateException("SFU error: " + s.payload()));
                }
            }
            default -> {
                // voice on/off, session closed: not needed here
            }
        }
        return true;
    };

    private void run() throws Exception {
        FanoutOptions o = options;
        LOG.info(
                "fan-out: 1 publisher -> {} subscribers, {} pps, {} B payload, profile {}, {} SFU workers, ramp {} s,"
                        + " steady {} s",
                o.subscribers(),
                o.pps(),
                o.payload(),
                o.profileName(),
                o.workers(),
                o.rampSeconds(),
                o.steadySeconds());
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(named("sfu-timer-"));
        ExecutorService worker = Executors.newFixedThreadPool(o.workers(), named("sfu-worker-"));
        ExecutorService sfuDtls = Executors.newCachedThreadPool(named("sfu-dtls-"));
        ExecutorService peerDtls = Executors.newCachedThreadPool(named("lg-dtls-"));
        ExecutorService joiners = Executors.newFixedThreadPool(4, named("lg-join-"));
        List<SfuTestPeer> subscribers = new ArrayList<>();
        SfuTestPeer publisher = null;
        try {
            server = new RtcServer(RtcConfig.loopback(), sink, timers, worker, sfuDtls);
            server.start();
            TransportConfig peerTransport = TransportConfig.loopback().withSrtpProfiles(List.of(o.profile()));
            DtlsCertificate cert = DtlsCertificate.generate();
            long joinStart = System.nanoTime();
            publisher = join(PUBLISHER, cert, peerTransport, peerDtls, true);
            List<Future<SfuTestPeer>> pending = new ArrayList<>();
            for (int i = 0; i < o.subscribers(); i++) {
                String id = String.format("sub-%04d", i);
                pending.add(joiners.submit(() -> join(id, cert, peerTransport, peerDtls, false)));
            }
            long joinDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30 + o.subscribers());
            for (Future<SfuTestPeer> f : pending) {
                long left = Math.max(1, joinDeadline - System.nanoTime());
                subscribers.add(f.get(left, TimeUnit.NANOSECONDS));
            }
            awaitSubscribed(o.subscribers(), joinDeadline);
            double joinSeconds = (System.nanoTime() - joinStart) / 1e9;
            LOG.info("{} subscribers connected and subscribed in {} s", o.subscribers(), fmt(joinSeconds));
            measure(publisher, subscribers, joinSeconds);
        } finally {
            RtcServer s = server;
            if (s != null) {
                s.close();
            }
            if (publisher != null) {
                publisher.close();
            }
            for (SfuTestPeer p : subscribers) {
                p.close();
            }
            joiners.shutdownNow();
            signalling.shutdownNow();
            peerDtls.shutdownNow();
            sfuDtls.shutdownNow();
            worker.shutdownNow();
            timers.shutdownNow();
        }
    }

    /** ICE + DTLS join of one peer; subscribers offer an audio section without SSRC, so they publish nothing. */
    private SfuTestPeer join(
            String session, DtlsCertificate cert, TransportConfig transport, ExecutorService dtls, boolean publishes)
            throws Exception {
        SfuTestPeer p = new SfuTestPeer(session, cert);
        try {
            answers.put(session, new CompletableFuture<>());
            peers.put(session, p);
            server.initSession(new SessionSpec(GROUP, CALL, session, "user-" + session));
            String offer = p.offer("stream-" + session, publishes ? PUBLISHER_SSRC : 1, 0);
            if (!publishes) {
                offer = offer.replaceAll("a=ssrc:[^\r]*\r\n", "");
            }
            server.handleSignal(GROUP, session, RtcSignal.inbound(RtcSignal.Type.SDP_OFFER, offer));
            String answer = answers.get(session).get(20, TimeUnit.SECONDS);
            p.connect(answer, transport, dtls);
            return p;
        } catch (Exception e) {
            p.close();
            throw e;
        }
    }

    private void awaitSubscribed(int expected, long deadline) throws InterruptedException {
        while (true) {
            int ready = 0;
            boolean publisherUp = false;
            for (SessionInfo i : server.sessions(GROUP, CALL)) {
                if (i.state() != SessionState.CONNECTED) {
                    continue;
                }
                if (i.spec().sessionId().equals(PUBLISHER)) {
                    publisherUp = !i.publishedTracks().isEmpty();
                } else if (i.subscribedTracks() == 1) {
                    ready++;
                }
            }
            if (publisherUp && ready == expected) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + ready + " of " + expected
                        + " subscribers subscribed before the deadline (publisher up: " + publisherUp + ")");
            }
            Thread.sleep(50);
        }
    }

    private void measure(SfuTestPeer publisher, List<SfuTestPeer> subscribers, double joinSeconds) throws Exception {
        FanoutOptions o = options;
        int rampPackets = o.rampSeconds() * o.pps();
        int steadyPackets = o.steadySeconds() * o.pps();
        int total = rampPackets + steadyPackets;
        FanoutCollector collector = new FanoutCollector(subscribers, total, rampPackets, total);
        Thread collectorThread = named("lg-collector-").newThread(collector);
        FanoutPublisher pub = new FanoutPublisher(publisher, PUBLISHER_SSRC, o.pps(), o.payload(), total);
        Thread publisherThread = named("lg-publisher-").newThread(pub);
        ThreadCpu cpu = new ThreadCpu();
        collectorThread.start();
        publisherThread.start();

        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(o.rampSeconds() + o.steadySeconds() + 30L);
        long nextProgress = start + PROGRESS_NANOS;
        ThreadCpu.Snapshot before = null;
        ThreadCpu.Snapshot after = null;
        long fwdBefore = 0;
        long fwdAfter = 0;
        Map<SfuCounters.Drop, Long> dropsBefore = Map.of();
        Map<SfuCounters.Drop, Long> dropsAfter = Map.of();
        long[] gcBefore = null;
        long[] gcAfter = null;
        long windowStart = 0;
        long windowEnd = 0;
        long heapPeak = 0;
        double loadBefore = loadAverage();
        while (after == null) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("publisher did not finish in time: sent " + pub.sent());
            }
            int sent = pub.sent();
            if (before == null && sent >= rampPackets) {
                before = cpu.snapshot();
                fwdBefore = server.counters().forwardedPackets();
                dropsBefore = server.counters().snapshot();
                gcBefore = gc();
                windowStart = System.nanoTime();
            }
            if (before != null && sent >= total) {
                after = cpu.snapshot();
                fwdAfter = server.counters().forwardedPackets();
                dropsAfter = server.counters().snapshot();
                gcAfter = gc();
                windowEnd = System.nanoTime();
            }
            long now = System.nanoTime();
            heapPeak = Math.max(heapPeak, heapUsed());
            if (now >= nextProgress) {
                nextProgress += PROGRESS_NANOS;
                LOG.info(
                        "t={} s {} sent {}/{}, SFU forwarded {}, subscribers received {}, heap {} MB",
                        fmt((now - start) / 1e9),
                        before == null ? "ramp" : "steady",
                        sent,
                        total,
                        server.counters().forwardedPackets(),
                        collector.totalReceived(),
                        heapUsed() >> 20);
            }
            Thread.sleep(5);
        }
        double loadAfter = loadAverage();
        // Let in-flight packets land, bounded.
        long expected = (long) total * subscribers.size();
        long graceEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (collector.totalReceived() < expected && System.nanoTime() < graceEnd) {
            Thread.sleep(10);
        }
        collector.stop();
        collectorThread.join(5_000);
        publisherThread.join(5_000);
        long heapEnd = heapUsed();
        report(
                new FanoutReport.Window(
                        o,
                        joinSeconds,
                        (windowEnd - windowStart) / 1e9,
                        ThreadCpu.cpuDelta(before, after),
                        ThreadCpu.allocatedDelta(before, after),
                        after.processCpu() - before.processCpu(),
                        fwdAfter - fwdBefore,
                        gcAfter[0] - gcBefore[0],
                        gcAfter[1] - gcBefore[1],
                        heapEnd,
                        heapPeak,
                        loadBefore,
                        loadAfter,
                        pub.failures(),
                        signalErrors.get(),
                        Thread.activeCount(),
                        dropDelta(dropsBefore, dropsAfter)),
                collector,
                subscribers.size(),
                total - rampPackets);
    }

    private static void report(FanoutReport.Window w, FanoutCollector collector, int subscribers, int steadyPackets) {
        FanoutReport r = FanoutReport.of(w, collector, subscribers, steadyPackets);
        RESULT.info("{}", r.json());
        for (String line : r.summary()) {
            RESULT.info("{}", line);
        }
    }

    /** Non-zero SFU drop counters over the window, by reason. */
    private static Map<String, Long> dropDelta(Map<SfuCounters.Drop, Long> before, Map<SfuCounters.Drop, Long> after) {
        Map<String, Long> out = new TreeMap<>();
        after.forEach((reason, n) -> {
            long d = n - before.getOrDefault(reason, 0L);
            if (d != 0) {
                out.put(reason.name(), d);
            }
        });
        return out;
    }

    private static long[] gc() {
        long count = 0;
        long millis = 0;
        for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, b.getCollectionCount());
            millis += Math.max(0, b.getCollectionTime());
        }
        return new long[] {count, millis};
    }

    private static long heapUsed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    static String fmt(double v) {
        return String.format(java.util.Locale.ROOT, "%.2f", v);
    }
}
