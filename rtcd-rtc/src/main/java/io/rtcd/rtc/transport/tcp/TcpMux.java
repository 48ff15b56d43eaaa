package io.rtcd.rtc.transport.tcp;

import io.rtcd.rtc.transport.DropReason;
import io.rtcd.rtc.transport.PacketKind;
import io.rtcd.rtc.transport.TransportCounters;
import io.rtcd.rtc.transport.TransportException;
import io.rtcd.rtc.transport.ice.IceLiteAgent;
import io.rtcd.rtc.transport.ice.StunCheckResult;
import io.rtcd.rtc.transport.ice.StunMessage;
import io.rtcd.rtc.transport.udp.MuxEndpoint;
import io.rtcd.rtc.transport.udp.UdpBuffer;
import io.rtcd.rtc.transport.udp.UdpBufferPool;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ICE-TCP fallback listener (rtcd's {@code ice_port_tcp}): one process-wide listening socket for the passive
 * host candidates of every session (RFC 6544 §4.5: a passive candidate only accepts), RFC 4571 framing, and the same
 * demultiplexing as the UDP port (RFC 7983 first byte).
 *
 * <p>A new connection belongs to no session. Its first valid STUN Binding request, routed by the USERNAME ufrag to
 * the session's {@link IceLiteAgent} and authenticated by it exactly like a UDP check (USERNAME, MESSAGE-INTEGRITY,
 * FINGERPRINT), binds the connection to that session; from then on its DTLS and SRTP frames go to the session's
 * {@link MuxEndpoint} and the agent may select the connection as the session's path (the session then sends on it).
 * A connection that does not authenticate within {@link TcpMuxConfig#authTimeout()} is closed and counted, as is one
 * over the global or per-session limit. A connection carries one session: a check for another ufrag is dropped.
 *
 * <p>Threading contract: one I/O thread {@code rtcd-tcp-io} accepts, reads, de-frames, answers STUN inline and hands
 * DTLS/SRTP frames off (copied into pooled {@link UdpBuffer}s, ownership to the endpoint, as on UDP); it also
 * flushes write queues when sockets become writable and closes connections that did not authenticate. Sending
 * ({@link TcpConnection#send}) is thread-safe and non-blocking. {@link #register}/{@link #unregister} from any thread.
 * Nothing is logged per packet; drops go to the shared {@link TransportCounters}, connection events to {@link
 * TcpCounters}.
 */
public final class TcpMux implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TcpMux.class);
    /** Name of the I/O thread. */
    public static final String IO_THREAD_NAME = "rtcd-tcp-io";

    private static final int DTLS_RECORD_HEADER = 13;
    private static final int RTCP_MIN = 8;
    private static final long SWEEP_MILLIS = 100;
    private static final int READS_PER_WAKEUP = 8;
    private static final int ACCEPTS_PER_WAKEUP = 64;

    /** A session reachable over TCP: its ICE agent, where its media goes, and the connections bound to it. */
    record Registration(IceLiteAgent agent, MuxEndpoint endpoint, Set<TcpConnection> connections) {}

    private final TcpMuxConfig config;
    private final TransportCounters counters;
    private final TcpCounters tcpCounters = new TcpCounters();
    private final UdpBufferPool pool;
    private final LongSupplier nanoClock;
    private final ConcurrentHashMap<String, Registration> sessions = new ConcurrentHashMap<>();
    private final List<TcpConnection> connections = new ArrayList<>();
    private final StunMessage stun = new StunMessage();

    private ServerSocketChannel server;
    private Selector selector;
    private Thread io;
    private InetSocketAddress localAddress;
    private volatile boolean closed;

    /**
     * @param counters the transport's shared drop counters (the UDP mux's)
     * @param pool buffers DTLS and SRTP frames are copied into before the hand-off (the UDP mux's pool)
     */
    public TcpMux(TcpMuxConfig config, TransportCounters counters, UdpBufferPool pool) {
        this(config, counters, pool, System::nanoTime);
    }

    TcpMux(TcpMuxConfig config, TransportCounters counters, UdpBufferPool pool, LongSupplier nanoClock) {
        this.config = Objects.requireNonNull(config, "config");
        this.counters = Objects.requireNonNull(counters, "counters");
        this.pool = Objects.requireNonNull(pool, "pool");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    }

    /**
     * Binds the listening socket and starts the I/O thread.
     *
     * @throws TransportException if the address cannot be bound
     * @throws IllegalStateException if already started or closed
     */
    public synchronized void start() {
        if (server != null || closed) {
            throw new IllegalStateException("TcpMux already started or closed");
        }
        try {
            ServerSocketChannel ch = ServerSocketChannel.open();
            Selector sel = null;
            try {
                ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                ch.bind(new InetSocketAddress(InetAddress.getByName(config.bindAddress()), config.port()), 128);
                ch.configureBlocking(false);
                sel = Selector.open();
                ch.register(sel, SelectionKey.OP_ACCEPT);
            } catch (IOException | RuntimeException e) {
                ch.close();
                if (sel != null) {
                    sel.close();
                }
                throw e;
            }
            server = ch;
            selector = sel;
            localAddress = (InetSocketAddress) ch.getLocalAddress();
        } catch (IOException e) {
            throw new TransportException(
                    "failed to bind TCP " + config.bindAddress() + ":" + config.port() + ": " + e.getMessage(), e);
        }
        io = new Thread(this::ioLoop, IO_THREAD_NAME);
        io.setDaemon(true);
        io.start();
        LOG.info("ICE-TCP listening on {}", localAddress);
    }

    /** The bound address (after {@link #start()}). */
    public synchronized InetSocketAddress localAddress() {
        if (localAddress == null) {
            throw new IllegalStateException("TcpMux not started");
        }
        return localAddress;
    }

    public int port() {
        return localAddress().getPort();
    }

    public TcpStats stats() {
        return tcpCounters.snapshot();
    }

    /**
     * Makes a session reachable over TCP: Binding requests whose USERNAME starts with the agent's ufrag are checked by
     * {@code agent}; connections it authenticates deliver their DTLS and SRTP to {@code endpoint}.
     */
    public void register(IceLiteAgent agent, MuxEndpoint endpoint) {
        Registration r = new Registration(agent, endpoint, ConcurrentHashMap.newKeySet());
        Registration previous = sessions.putIfAbsent(agent.localUfrag(), r);
        if (previous != null) {
            throw new IllegalStateException("duplicate ICE ufrag " + agent.localUfrag());
        }
    }

    /**
     * Also routes Binding requests for {@code ufrag} to the registered session of {@code agent} (new local credentials
     * after an ICE restart, RFC 8445 §9); a no-op when the agent is not registered.
     */
    public void alias(IceLiteAgent agent, String ufrag) {
        for (Registration r : sessions.values()) {
            if (r.agent() == agent) {
                sessions.putIfAbsent(ufrag, r);
                return;
            }
        }
    }

    /** Stops routing {@code ufrag} (a generation of credentials {@code agent} no longer accepts). */
    public void unalias(IceLiteAgent agent, String ufrag) {
        Registration r = sessions.get(ufrag);
        if (r != null && r.agent() == agent) {
            sessions.remove(ufrag, r);
        }
    }

    /** Forgets the session of {@code agent} (under every ufrag) and closes its connections. Idempotent. */
    public void unregister(IceLiteAgent agent) {
        Registration r = sessions.get(agent.localUfrag());
        if (r == null || r.agent() != agent) {
            return;
        }
        sessions.values().removeIf(x -> x == r);
        for (TcpConnection c : List.copyOf(r.connections())) {
            c.close();
        }
    }

    private void ioLoop() {
        Selector sel = selector;
        long nextSweep = nanoClock.getAsLong();
        try {
            while (!closed) {
                sel.select(SWEEP_MILLIS);
                Iterator<SelectionKey> it = sel.selectedKeys().iterator();
                while (it.hasNext()) {
                    SelectionKey key = it.next();
                    it.remove();
                    try {
                        handle(key);
                    } catch (RuntimeException e) {
                        // A bug in a handler must not kill the shared I/O thread.
                        LOG.error("ICE-TCP event handling failed", e);
                        if (key.attachment() instanceof TcpConnection c) {
                            c.close();
                        }
                    }
                }
                long now = nanoClock.getAsLong();
                if (now - nextSweep >= 0) {
                    sweep(now);
                    nextSweep = now + SWEEP_MILLIS * 1_000_000L;
                }
            }
        } catch (IOException | ClosedSelectorException e) {
            if (!closed) {
                LOG.error("ICE-TCP I/O thread on {} failed; the port no longer accepts", localAddress, e);
            }
        } finally {
            for (TcpConnection c : connections) {
                c.close();
            }
            connections.clear();
            LOG.debug("ICE-TCP I/O thread on {} stopped", localAddress);
        }
    }

    private void handle(SelectionKey key) {
        if (!key.isValid()) {
            return;
        }
        if (key.isAcceptable()) {
            acceptAll();
            return;
        }
        TcpConnection c = (TcpConnection) key.attachment();
        if (key.isReadable() && !c.readAvailable(READS_PER_WAKEUP)) {
            c.close();
            return;
        }
        if (key.isValid() && key.isWritable()) {
            c.onWritable();
        }
    }

    private void acceptAll() {
        for (int i = 0; i < ACCEPTS_PER_WAKEUP; i++) {
            SocketChannel ch;
            try {
                ch = server.accept();
            } catch (IOException e) {
                LOG.debug("ICE-TCP accept failed: {}", e.toString());
                return;
            }
            if (ch == null) {
                return;
            }
            TcpStats s = tcpCounters.snapshot();
            if (s.open() >= config.maxConnections()) {
                tcpCounters.refused();
                closeQuietly(ch);
                continue;
            }
            try {
                ch.configureBlocking(false);
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                ch.setOption(StandardSocketOptions.SO_SNDBUF, config.socketSendBufferBytes());
                InetSocketAddress remote = (InetSocketAddress) ch.getRemoteAddress();
                TcpConnection c = new TcpConnection(
                        ch, remote, nanoClock.getAsLong(), config, tcpCounters, counters, this::dispatch);
                tcpCounters.accepted();
                connections.add(c);
                c.attach(ch.register(selector, SelectionKey.OP_READ, c));
            } catch (IOException e) {
                closeQuietly(ch);
            }
        }
    }

    /** Closes connections that did not authenticate in time and forgets closed ones. I/O thread. */
    private void sweep(long now) {
        long timeout = config.authTimeout().toNanos();
        for (int i = connections.size() - 1; i >= 0; i--) {
            TcpConnection c = connections.get(i);
            if (!c.isClosed() && c.registration() == null && now - c.acceptedNanos() >= timeout) {
                tcpCounters.authTimeout();
                c.close();
            }
            if (c.isClosed()) {
                int last = connections.size() - 1;
                connections.set(i, connections.get(last));
                connections.remove(last);
            }
        }
    }

    /** One RFC 4571 frame of {@code c}, classified by its first byte (RFC 7983). I/O thread. */
    private void dispatch(TcpConnection c, byte[] b, int off, int len) {
        tcpCounters.received(len);
        if (len == 0) {
            counters.drop(DropReason.TRUNCATED);
            return;
        }
        switch (PacketKind.classify(b[off])) {
            case STUN -> handleStun(c, b, off, len);
            case DTLS -> deliver(c, b, off, len, DTLS_RECORD_HEADER, DropReason.DTLS_UNKNOWN_ADDRESS, true);
            case RTP -> deliver(c, b, off, len, RTCP_MIN, DropReason.RTP_UNKNOWN_ADDRESS, false);
            default -> counters.drop(DropReason.GARBAGE);
        }
    }

    private void deliver(TcpConnection c, byte[] b, int off, int len, int minLen, DropReason unbound, boolean dtls) {
        if (len < minLen) {
            counters.drop(DropReason.TRUNCATED);
            return;
        }
        Registration r = c.registration();
        if (r == null) {
            counters.drop(unbound);
            return;
        }
        UdpBuffer buffer = pool.acquire().fill(b, off, len);
        if (dtls) {
            r.endpoint().onDtlsDatagram(buffer);
        } else {
            r.endpoint().onSrtpDatagram(buffer);
        }
    }

    private void handleStun(TcpConnection c, byte[] b, int off, int len) {
        if (len < StunMessage.HEADER_LENGTH) {
            counters.drop(DropReason.TRUNCATED);
            return;
        }
        if (!stun.parse(b, off, len)) {
            counters.drop(DropReason.STUN_MALFORMED);
            return;
        }
        if (stun.type() != StunMessage.BINDING_REQUEST) {
            counters.drop(DropReason.STUN_UNSUPPORTED);
            return;
        }
        if (!stun.hasUsername()) {
            counters.drop(DropReason.STUN_BAD_USERNAME);
            return;
        }
        int uOff = stun.usernameOffset();
        int uLen = stun.usernameLength();
        int colon = -1;
        for (int i = 0; i < uLen; i++) {
            if (b[uOff + i] == ':') {
                colon = i;
                break;
            }
        }
        if (colon <= 0) {
            counters.drop(DropReason.STUN_BAD_USERNAME);
            return;
        }
        Registration r = sessions.get(new String(b, uOff, colon, StandardCharsets.UTF_8));
        Registration bound = c.registration();
        if (r == null || (bound != null && bound != r)) {
            counters.drop(DropReason.STUN_UNKNOWN_UFRAG);
            return;
        }
        if (bound == null && r.connections().size() >= config.maxConnectionsPerSession()) {
            tcpCounters.sessionLimit();
            c.close();
            return;
        }
        StunCheckResult result = r.agent().handleBindingRequest(stun, c.remote(), c);
        switch (result) {
            case ACCEPTED, SELECTED -> {
                counters.stunRequestAccepted();
                if (result == StunCheckResult.SELECTED) {
                    counters.iceNominated();
                }
                if (bound == null) {
                    c.bind(r);
                    r.connections().add(c);
                    tcpCounters.authenticated();
                    if (sessions.get(r.agent().localUfrag()) != r) {
                        // unregistered meanwhile: do not keep a connection nobody will close
                        c.close();
                    }
                }
            }
            case BAD_USERNAME -> counters.drop(DropReason.STUN_BAD_USERNAME);
            case BAD_INTEGRITY -> counters.drop(DropReason.STUN_BAD_INTEGRITY);
            case BAD_FINGERPRINT -> counters.drop(DropReason.STUN_BAD_FINGERPRINT);
            case ROLE_CONFLICT -> counters.drop(DropReason.STUN_ROLE_CONFLICT);
            case CLOSED -> counters.drop(DropReason.STUN_UNKNOWN_UFRAG);
            default -> throw new IllegalStateException("unexpected " + result);
        }
    }

    private static void closeQuietly(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }

    /** Closes the listener and every connection, joins the I/O thread (bounded wait). Idempotent. */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            t = io;
            if (selector != null) {
                selector.wakeup();
            }
            if (server != null) {
                try {
                    server.close();
                } catch (IOException e) {
                    LOG.debug("closing TCP listener failed", e);
                }
            }
        }
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (selector != null) {
            try {
                selector.close();
            } catch (IOException e) {
                LOG.debug("closing TCP selector failed", e);
            }
        }
        for (Registration r : sessions.values()) {
            for (TcpConnection c : List.copyOf(r.connections())) {
                c.close();
            }
        }
        sessions.clear();
    }
}
