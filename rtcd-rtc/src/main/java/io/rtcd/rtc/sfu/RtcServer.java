package io.rtcd.rtc.sfu;

import io.rtcd.rtc.sdp.Candidate;
import io.rtcd.rtc.sdp.Fingerprint;
import io.rtcd.rtc.transport.SrtcpWarmUp;
import io.rtcd.rtc.transport.TransportConfig;
import io.rtcd.rtc.transport.TransportCounters;
import io.rtcd.rtc.transport.TransportStats;
import io.rtcd.rtc.transport.dtls.DtlsCertificate;
import io.rtcd.rtc.transport.dtls.DtlsFingerprint;
import io.rtcd.rtc.transport.tcp.TcpMux;
import io.rtcd.rtc.transport.tcp.TcpMuxConfig;
import io.rtcd.rtc.transport.tcp.TcpStats;
import io.rtcd.rtc.transport.udp.UdpMux;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SFU media plane the service wires (rtcd {@code rtc.Server}): one shared UDP port (ICE-lite,
 * DTLS-SRTP), calls of sessions, track forwarding, server-initiated renegotiation, RTCP and voice activity. It knows
 * nothing of HTTP, WebSocket, auth or JSON: signalling goes in through {@link #handleSignal} and out through the
 * {@link RtcSignalSink} port.
 *
 * <p>Threads: the UDP reader thread {@code rtcd-udp-rx} (owned by the mux) answers STUN and hands
 * DTLS/SRTP datagrams off; each session's serial executor runs on {@code worker} (CPU work, must not block);
 * DTLS handshakes block a thread of {@code dtlsExecutor} for their duration; timers (signalling timeout, answer
 * timeout, RTCP reports, ICE consent) run on {@code timers}. All public methods are thread-safe and non-blocking
 * except {@link #start()} (binds, generates the certificate) and {@link #close()} (drains).
 *
 * <p>Negotiation: the client offers first; the server then offers each change itself (a sendonly
 * m-line per forwarded track, set inactive when the track goes), one offer at a time. A client offer that arrives
 * while a server offer awaits its answer is refused with an {@link RtcSignal.Type#ERROR} whose payload starts with
 * {@code "glare"}: the server is the impolite peer, the client rolls back, answers, and offers again.
 */
public final class RtcServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RtcServer.class);
    private static final long CLOSE_WAIT_MILLIS = 5_000;

    private final RtcConfig config;
    private final RtcSignalSink sink;
    private final ScheduledExecutorService timers;
    private final Executor worker;
    private final Executor dtlsExecutor;
    private final SfuCounters counters = new SfuCounters();
    private final CallRegistry registry = new CallRegistry();
    private final SessionTransport.Factory transportOverride;
    private final UnaryOperator<TransportConfig> transportTuning;
    private volatile SfuContext ctx;
    private UdpMux mux;
    private TcpMux tcp;
    private ScheduledFuture<?> reports;
    private volatile boolean started;
    private volatile boolean closed;

    /**
     * @param timers scheduler for timeouts and RTCP reports
     * @param worker runs session serial executors (CPU-bound, non-blocking tasks)
     * @param dtlsExecutor runs DTLS handshakes (each blocks a thread until done or timed out); e.g. a cached pool
     */
    public RtcServer(
            RtcConfig config,
            RtcSignalSink sink,
            ScheduledExecutorService timers,
            Executor worker,
            Executor dtlsExecutor) {
        this(config, sink, timers, worker, dtlsExecutor, null);
    }

    /** Same, with {@code worker} also running DTLS handshakes: give it enough threads for concurrent joins. */
    public RtcServer(RtcConfig config, RtcSignalSink sink, ScheduledExecutorService timers, Executor worker) {
        this(config, sink, timers, worker, worker, null);
    }

    /** Test seam: sessions get their transport from {@code transports} instead of the UDP mux. */
    RtcServer(
            RtcConfig config,
            RtcSignalSink sink,
            ScheduledExecutorService timers,
            Executor worker,
            Executor dtlsExecutor,
            SessionTransport.Factory transports) {
        this(config, sink, timers, worker, dtlsExecutor, transports, UnaryOperator.identity());
    }

    /** Test seam: {@code transportTuning} adjusts the media transport's settings (a short consent timeout). */
    RtcServer(
            RtcConfig config,
            RtcSignalSink sink,
            ScheduledExecutorService timers,
            Executor worker,
            Executor dtlsExecutor,
            SessionTransport.Factory transports,
            UnaryOperator<TransportConfig> transportTuning) {
        this.transportTuning = Objects.requireNonNull(transportTuning, "transportTuning");
        this.config = Objects.requireNonNull(config, "config");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.timers = Objects.requireNonNull(timers, "timers");
        this.worker = Objects.requireNonNull(worker, "worker");
        this.dtlsExecutor = Objects.requireNonNull(dtlsExecutor, "dtlsExecutor");
        this.transportOverride = transports;
    }

    /**
     * Generates the DTLS certificate, binds the UDP port and starts the reader thread and the RTCP report timer.
     *
     * @throws io.rtcd.rtc.transport.TransportException if the port cannot be bound
     * @throws IllegalStateException if started twice or after close
     */
    public synchronized void start() {
        if (started || closed) {
            throw new IllegalStateException("RtcServer already started or closed");
        }
        started = true;
        String bind = config.iceAddressUdp().isEmpty() ? "0.0.0.0" : config.iceAddressUdp();
        TransportConfig tc = transportTuning.apply(TransportConfig.defaults()
                .withBind(bind, config.icePortUdp())
                .withIceConnectTimeout(config.iceConnectTimeout()));
        DtlsCertificate cert = DtlsCertificate.generate();
        // jitsi-srtp (SRTCP) initialises on first use for up to ~1.5 s: here, not on a worker in the first RTCP report.
        if (!SrtcpWarmUp.run()) {
            LOG.warn("SRTCP warm-up round trip failed");
        }
        DtlsFingerprint fp = cert.fingerprint();
        Fingerprint sdpFingerprint = new Fingerprint(fp.hashFunction(), fp.hex());
        mux = new UdpMux(tc, new TransportCounters(), config.batchSend());
        SessionTransport.Factory transports = transportOverride;
        List<Candidate> candidates;
        if (transports == null) {
            // Resolved once, before anything binds: a hostname override that does not resolve fails the start.
            IceHostOverride override = IceHostOverride.parse(config.iceHostOverride())
                    .resolve(InetAddress::getAllByName, IceHostOverride.RESOLVE_TIMEOUT);
            mux.start();
            int tcpPort = -1;
            if (config.tcpEnabled()) {
                String tcpBind = config.iceAddressTcp().isEmpty() ? "0.0.0.0" : config.iceAddressTcp();
                tcp = new TcpMux(
                        TcpMuxConfig.defaults().withBind(tcpBind, config.icePortTcp()),
                        mux.counters(),
                        mux.bufferPool());
                try {
                    tcp.start();
                } catch (RuntimeException e) {
                    mux.close();
                    throw e;
                }
                tcpPort = tcp.port();
            }
            transports = SessionTransport.over(tc, mux, tcp, cert, dtlsExecutor, timers);
            List<String> udpIps = localIps(config.iceAddressUdp());
            List<String> tcpIps = config.iceAddressTcp().isEmpty() ? udpIps : List.of(config.iceAddressTcp());
            candidates = HostCandidates.build(
                    udpIps,
                    mux.port(),
                    tcpIps,
                    tcpPort,
                    override,
                    IceHostPortOverride.parse(config.iceHostPortOverride()));
        } else {
            candidates = List.of(Candidate.of("1", 1, "udp", 2130706431L, "127.0.0.1", 9, "host"));
        }
        ctx = new SfuContext(
                config,
                sink,
                timers,
                worker,
                counters,
                mux.bufferPool(),
                transports,
                sdpFingerprint,
                candidates,
                registry,
                new SecureRandom());
        long period = config.rtcpReportInterval().toMillis();
        reports = timers.scheduleAtFixedRate(this::scheduleReports, period, period, TimeUnit.MILLISECONDS);
        LOG.info(
                "rtc server started: udp port {}, tcp port {}, host candidates {}",
                udpPort(),
                tcp == null ? "off" : tcp.port(),
                candidates.stream().map(Candidate::value).toList());
    }

    /** The bound ICE-TCP port (after {@link #start()}), or -1 when ICE-TCP is off. */
    public int tcpPort() {
        if (!started) {
            throw new IllegalStateException("RtcServer not started");
        }
        TcpMux t = tcp;
        return t == null ? -1 : t.port();
    }

    /**
     * Counters of the media transport shared by UDP and TCP: datagrams, STUN checks, DTLS handshakes and every drop
     * by {@link io.rtcd.rtc.transport.DropReason}. Allocates; for the metrics scrape.
     */
    public TransportStats transportStats() {
        UdpMux m = mux;
        if (m == null) {
            throw new IllegalStateException("RtcServer not started");
        }
        return m.stats();
    }

    /** Connection counters of the ICE-TCP listener, or {@code null} when ICE-TCP is off. For the metrics scrape. */
    public TcpStats tcpStats() {
        TcpMux t = tcp;
        return t == null ? null : t.stats();
    }

    /** The host candidates every session advertises (after {@link #start()}). */
    public List<Candidate> candidates() {
        return requireStarted().candidates();
    }

    /** The bound UDP port (after {@link #start()}). */
    public int udpPort() {
        if (!started) {
            throw new IllegalStateException("RtcServer not started");
        }
        return transportOverride == null ? mux.port() : 0;
    }

    /** Counters of drops and forwarded packets. */
    public SfuCounters counters() {
        return counters;
    }

    /**
     * Creates a session and starts its signalling timeout: the client must send its first offer within
     * {@link RtcConfig#signalingTimeout()} or the session is closed with {@link RtcSignal.Type#SESSION_CLOSED}.
     *
     * @throws SfuException if the session id already exists in the group, or the server is closed
     */
    public void initSession(SessionSpec spec) {
        SfuContext c = requireStarted();
        if (closed) {
            throw new SfuException("rtc server is closed");
        }
        RtcSession s = new RtcSession(spec, c);
        List<PublishedTrack> existing = registry.add(s);
        s.execute(() -> s.start(existing));
    }

    /**
     * Delivers an inbound signal (offer, answer, candidate, mute, unmute, screen/video on/off) to the session's serial
     * executor. Unknown sessions get an {@link RtcSignal.Type#ERROR} through the sink. Never blocks.
     */
    public void handleSignal(String groupId, String sessionId, RtcSignal signal) {
        SfuContext c = requireStarted();
        RtcSession s = registry.find(groupId, sessionId);
        if (s == null) {
            c.signal(new RtcSignal(
                    groupId, signal.callId(), sessionId, signal.userId(), RtcSignal.Type.ERROR, "session not found"));
            return;
        }
        s.execute(() -> s.onSignal(signal));
    }

    /** A participant's {@link SessionEndReason#LEAVE}: {@link #closeSession(String, String, SessionEndReason)}. */
    public void closeSession(String groupId, String sessionId) {
        closeSession(groupId, sessionId, SessionEndReason.LEAVE);
    }

    /**
     * Closes a session (asynchronously, on its serial executor) for {@code reason}, which is logged, counted and sent
     * back as the {@link RtcSignal.Type#SESSION_CLOSED} payload; idempotent (the first reason wins); unknown sessions
     * are ignored.
     */
    public void closeSession(String groupId, String sessionId, SessionEndReason reason) {
        Objects.requireNonNull(reason, "reason");
        RtcSession s = registry.find(groupId, sessionId);
        if (s != null) {
            s.execute(() -> s.close(reason));
        }
    }

    /** Snapshot of the sessions of one call. */
    public List<SessionInfo> sessions(String groupId, String callId) {
        List<SessionInfo> out = new ArrayList<>();
        for (RtcSession s : registry.sessions(groupId, callId)) {
            out.add(s.info());
        }
        return Collections.unmodifiableList(out);
    }

    /** Number of live sessions across all groups. */
    public int sessionCount() {
        return registry.size();
    }

    /** Drains: closes every session (bounded wait), then the UDP port. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        if (reports != null) {
            reports.cancel(false);
        }
        List<RtcSession> all = registry.all();
        CountDownLatch done = new CountDownLatch(all.size());
        for (RtcSession s : all) {
            s.execute(() -> {
                try {
                    s.close(SessionEndReason.SHUTDOWN);
                } finally {
                    done.countDown();
                }
            });
        }
        try {
            if (!done.await(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                LOG.warn("rtc server close: {} sessions did not close in time", done.getCount());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (tcp != null) {
            tcp.close();
        }
        if (mux != null) {
            mux.close();
        }
    }

    private void scheduleReports() {
        for (RtcSession s : registry.all()) {
            s.execute(s::sendReports);
        }
    }

    private SfuContext requireStarted() {
        SfuContext c = ctx;
        if (c == null) {
            throw new IllegalStateException("RtcServer not started");
        }
        return c;
    }

    /**
     * The local IPs host candidates are made of (RFC 8839 §5.1): the bound address, or every IPv4 address of the
     * interfaces that are up (loopback only when allowed). {@code rtc.ice_host_override} then maps them.
     */
    private List<String> localIps(String bound) {
        List<String> ips = new ArrayList<>();
        if (!bound.isEmpty()) {
            ips.add(bound);
        } else {
            try {
                for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                    if (!nif.isUp() || (nif.isLoopback() && !config.allowLoopback())) {
                        continue;
                    }
                    for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                        if (a instanceof Inet4Address && !a.isLinkLocalAddress()) {
                            ips.add(a.getHostAddress());
                        }
                    }
                }
            } catch (SocketException e) {
                throw new SfuException("cannot list network interfaces: " + e.getMessage());
            }
        }
        if (ips.isEmpty()) {
            throw new SfuException(
                    "no local address for ICE host candidates (rtc.ice_address_udp, rtc.allow_loopback)");
        }
        return List.copyOf(ips);
    }
}
