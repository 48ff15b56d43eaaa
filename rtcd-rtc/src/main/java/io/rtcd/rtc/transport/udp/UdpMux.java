package io.rtcd.rtc.transport.udp;

import io.rtcd.rtc.transport.DatagramSender;
import io.rtcd.rtc.transport.DropReason;
import io.rtcd.rtc.transport.PacketKind;
import io.rtcd.rtc.transport.TransportConfig;
import io.rtcd.rtc.transport.TransportCounters;
import io.rtcd.rtc.transport.TransportException;
import io.rtcd.rtc.transport.TransportStats;
import io.rtcd.rtc.transport.ice.IceLiteAgent;
import io.rtcd.rtc.transport.ice.StunCheckResult;
import io.rtcd.rtc.transport.ice.StunMessage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one UDP port shared by every session (rtcd's {@code ice_port_udp}): one {@link DatagramChannel}, one reader
 * thread, an RFC 7983 demux and a table of selected 5-tuples.
 *
 * <p>Routing of each datagram read:
 *
 * <ul>
 *   <li>STUN (first byte 0..3): a Binding request is parsed in place and handed to the {@link IceLiteAgent} whose
 *       local ufrag is the first part of USERNAME; the agent answers and may select the 5-tuple. Anything else is a
 *       counted drop ({@link DropReason#STUN_MALFORMED}, {@link DropReason#STUN_UNSUPPORTED},
 *       {@link DropReason#STUN_UNKNOWN_UFRAG}, or the agent's verdict).
 *   <li>DTLS (20..63) and RTP/RTCP (128..191): delivered to the {@link MuxEndpoint} bound to the source address, or
 *       dropped as {@link DropReason#DTLS_UNKNOWN_ADDRESS} / {@link DropReason#RTP_UNKNOWN_ADDRESS}.
 *   <li>anything else: {@link DropReason#GARBAGE}.
 * </ul>
 *
 * <p>Threading contract:
 *
 * <ul>
 *   <li>The reader thread {@code rtcd-udp-rx} only classifies and hands off. STUN is handled inline (one HMAC-SHA1,
 *       one CRC-32, one send); DTLS and SRTP buffers go to the endpoint, which queues them for its own threads.
 *   <li>{@link #send} is thread-safe, allocation-free and never blocks: the socket is non-blocking, so a full kernel
 *       send buffer is a counted {@link DropReason#SEND_FAILED} drop (each sending thread copies into its own direct
 *       buffer, which is what the JDK would do with a heap buffer anyway).
 *   <li>{@link #registerAgent}, {@link #bind} and their inverses may be called from any thread.
 *   <li>{@link #sendBatch()}: each calling thread gets its own {@link UdpSendBatch} (lock-free {@code sendmmsg(2)} on
 *       the socket's descriptor, {@link NativeUdpSender}), or {@code null} when native send is off or unavailable.
 *       Meant for a fixed pool of platform threads (the SFU workers): each batch holds about 100 KiB of native memory.
 * </ul>
 *
 * <p>Allocation: media datagrams are read into pooled {@link UdpBuffer}s; no per-packet allocation on the DTLS/SRTP
 * path except what the JDK does for a new source address. STUN requests allocate a small String for the ufrag
 * lookup (a few per second per session).
 */
public final class UdpMux implements DatagramSender, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(UdpMux.class);
    /** The reader only needs to wake up: the single key is always the channel, read until it is empty. */
    private static final Consumer<SelectionKey> IGNORE_READY = key -> {};
    /** Name of the reader thread. */
    public static final String READER_THREAD_NAME = "rtcd-udp-rx";

    private static final int DTLS_RECORD_HEADER = 13;
    private static final int RTCP_MIN = 8;

    private final TransportConfig config;
    private final TransportCounters counters;
    private final UdpBufferPool pool;
    private final ConcurrentHashMap<String, IceLiteAgent> agents = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<InetSocketAddress, MuxEndpoint> routes = new ConcurrentHashMap<>();
    private final ThreadLocal<ByteBuffer> sendBuffers;
    private final boolean nativeSend;
    private final ThreadLocal<UdpSendBatch> sendBatches;
    private volatile NativeUdpSender nativeSender;
    private final StunMessage stun = new StunMessage();

    private volatile DatagramChannel channel;
    private Selector selector;
    private volatile boolean closed;
    private Thread reader;
    private InetSocketAddress localAddress;
    private int receiveBufferBytes;

    /** A mux that offers batched native sends ({@link #sendBatch()}) where the JVM allows them. */
    public UdpMux(TransportConfig config, TransportCounters counters) {
        this(config, counters, true);
    }

    /**
     * @param nativeSend whether {@link #start()} opens a {@link NativeUdpSender} for {@link #sendBatch()} ({@code
     *     false}: every send goes through {@link DatagramChannel#send}, the operator's {@code rtc.batch_send = false})
     */
    public UdpMux(TransportConfig config, TransportCounters counters, boolean nativeSend) {
        this.config = Objects.requireNonNull(config, "config");
        this.nativeSend = nativeSend;
        this.counters = Objects.requireNonNull(counters, "counters");
        this.pool = new UdpBufferPool(config.bufferPoolSize(), config.maxDatagramBytes());
        int sendCapacity = config.maxDatagramBytes() + UdpBufferPool.TAILROOM;
        this.sendBuffers = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(sendCapacity));
        this.sendBatches = ThreadLocal.withInitial(() -> new UdpSendBatch(this, counters, nativeSender.batch()));
    }

    /**
     * Binds the socket and starts the reader thread.
     *
     * @throws TransportException if the address cannot be bound
     * @throws IllegalStateException if already started or closed
     */
    public synchronized void start() {
        if (channel != null || closed) {
            throw new IllegalStateException("UdpMux already started or closed");
        }
        try {
            DatagramChannel ch = DatagramChannel.open();
            Selector sel = null;
            try {
                ch.setOption(StandardSocketOptions.SO_RCVBUF, config.socketBufferBytes());
                ch.setOption(StandardSocketOptions.SO_SNDBUF, config.socketBufferBytes());
                receiveBufferBytes = ch.getOption(StandardSocketOptions.SO_RCVBUF);
                ch.bind(new InetSocketAddress(InetAddress.getByName(config.bindAddress()), config.port()));
                // Non-blocking: sends never stall a packet thread (a full kernel buffer is a counted drop), and the
                // reader waits in a selector.
                ch.configureBlocking(false);
                sel = Selector.open();
                ch.register(sel, SelectionKey.OP_READ);
            } catch (IOException | RuntimeException e) {
                ch.close();
                if (sel != null) {
                    sel.close();
                }
                throw e;
            }
            channel = ch;
            selector = sel;
            localAddress = (InetSocketAddress) ch.getLocalAddress();
            if (nativeSend) {
                nativeSender = NativeUdpSender.open(ch, config.maxDatagramBytes() + UdpBufferPool.TAILROOM);
            }
        } catch (IOException e) {
            throw new TransportException(
                    "failed to bind UDP " + config.bindAddress() + ":" + config.port() + ": " + e.getMessage(), e);
        }
        reader = new Thread(this::readLoop, READER_THREAD_NAME);
        reader.setDaemon(true);
        reader.start();
        LOG.info(
                "UDP mux listening on {} (batched sends: {}, receive buffer {} KiB)",
                localAddress,
                nativeSender != null ? "sendmmsg" : nativeSend ? "unavailable" : "off",
                receiveBufferBytes / 1024);
        if (receiveBufferBytes < config.socketBufferBytes()) {
            // Linux reports twice what it grants (bookkeeping included), capped by net.core.rmem_max.
            LOG.warn(
                    "UDP receive buffer on {} is {} KiB, less than the {} KiB asked: the kernel caps it at"
                            + " net.core.rmem_max. Bursts of ingress (every participant's RTCP and consent checks"
                            + " share this socket) can overflow it (RcvbufErrors in /proc/net/snmp); raise it with"
                            + " sysctl -w net.core.rmem_max={} (docs/operations.md)",
                    localAddress,
                    receiveBufferBytes / 1024,
                    config.socketBufferBytes() / 1024,
                    config.socketBufferBytes());
        }
    }

    /** SO_RCVBUF as the kernel reports it after {@link #start()} (Linux: twice what it grants, capped by rmem_max). */
    public synchronized int receiveBufferBytes() {
        return receiveBufferBytes;
    }

    /** The bound address (after {@link #start()}). */
    public synchronized InetSocketAddress localAddress() {
        if (localAddress == null) {
            throw new IllegalStateException("UdpMux not started");
        }
        return localAddress;
    }

    public int port() {
        return localAddress().getPort();
    }

    public UdpBufferPool bufferPool() {
        return pool;
    }

    public TransportCounters counters() {
        return counters;
    }

    public TransportStats stats() {
        return counters.snapshot();
    }

    /** Routes Binding requests whose USERNAME starts with {@code agent.localUfrag() + ":"} to the agent. */
    public void registerAgent(IceLiteAgent agent) {
        registerAgent(agent.localUfrag(), agent);
    }

    /**
     * Also routes Binding requests for {@code ufrag} to {@code agent}: an ICE restart gave the agent new local
     * credentials while the old ones stay valid for a while (RFC 8445 §9). Idempotent for the same agent.
     */
    public void registerAgent(String ufrag, IceLiteAgent agent) {
        IceLiteAgent previous = agents.putIfAbsent(ufrag, agent);
        if (previous != null && previous != agent) {
            throw new IllegalStateException("duplicate ICE ufrag " + ufrag);
        }
    }

    /** Stops routing {@code ufrag} to {@code agent} (a generation of credentials the agent no longer accepts). */
    public void unregisterAgent(String ufrag, IceLiteAgent agent) {
        agents.remove(ufrag, agent);
    }

    public void unregisterAgent(IceLiteAgent agent) {
        unregisterAgent(agent.localUfrag(), agent);
    }

    /** Routes DTLS and RTP from {@code remote} to {@code endpoint} (replacing any previous endpoint of that address). */
    public void bind(InetSocketAddress remote, MuxEndpoint endpoint) {
        routes.put(Objects.requireNonNull(remote, "remote"), Objects.requireNonNull(endpoint, "endpoint"));
    }

    /** Removes the route of {@code remote} if it still points to {@code endpoint}. */
    public void unbind(InetSocketAddress remote, MuxEndpoint endpoint) {
        routes.remove(remote, endpoint);
    }

    /** Number of bound 5-tuples (for tests and metrics). */
    public int routeCount() {
        return routes.size();
    }

    /**
     * The calling thread's send batch on this socket, or {@code null} if native send is off, unavailable on this
     * JVM/platform, or the mux is not running; see {@link UdpSendBatch} for the ownership rules.
     */
    public UdpSendBatch sendBatch() {
        return nativeSender == null || closed ? null : sendBatches.get();
    }

    /** Whether the socket is open (started and not closed). */
    boolean isOpen() {
        return channel != null && !closed;
    }

    @Override
    public boolean send(InetSocketAddress to, byte[] buf, int off, int len) {
        DatagramChannel ch = channel;
        if (ch == null || closed) {
            counters.drop(DropReason.SEND_FAILED);
            return false;
        }
        ByteBuffer bb = sendBuffers.get();
        if (len > bb.capacity()) {
            counters.drop(DropReason.SEND_FAILED);
            return false;
        }
        bb.clear();
        bb.put(buf, off, len);
        bb.flip();
        try {
            if (ch.send(bb, to) == len) {
                counters.sent(len);
                return true;
            }
        } catch (IOException | RuntimeException e) {
            // Closed channel, unreachable or unresolved address: counted, never logged per packet.
        }
        counters.drop(DropReason.SEND_FAILED);
        return false;
    }

    private void readLoop() {
        DatagramChannel ch = channel;
        Selector sel = selector;
        int maxDatagram = config.maxDatagramBytes();
        UdpBuffer buffer = pool.acquire();
        long ioErrors = 0;
        try {
            while (!closed) {
                // select(action) keeps no selected-key set: no HashMap node per wake-up, nothing to clear
                sel.select(IGNORE_READY);
                // Drain everything that is queued before waiting again.
                while (!closed) {
                    SocketAddress source;
                    try {
                        source = ch.receive(buffer.prepareReceive(maxDatagram));
                    } catch (ClosedChannelException e) {
                        return;
                    } catch (IOException e) {
                        // ICMP port unreachable can surface here; keep reading, log the first only.
                        if (ioErrors++ == 0) {
                            LOG.warn(
                                    "UDP receive error on {} (further ones not logged): {}",
                                    localAddress,
                                    e.toString());
                        }
                        continue;
                    }
                    if (source == null) {
                        break;
                    }
                    if (!(source instanceof InetSocketAddress from)) {
                        continue;
                    }
                    buffer.completeReceive();
                    counters.received(buffer.getLength());
                    try {
                        if (dispatch(buffer, from)) {
                            buffer = pool.acquire();
                        }
                    } catch (RuntimeException e) {
                        // A bug in a handler must not kill the shared reader thread.
                        LOG.error("UDP dispatch failed for a datagram from {}", from, e);
                        buffer = pool.acquire();
                    }
                }
            }
        } catch (IOException | ClosedSelectorException e) {
            if (!closed) {
                LOG.error("UDP reader on {} failed; the port no longer receives", localAddress, e);
            }
        } finally {
            buffer.release();
            LOG.debug("UDP reader on {} stopped", localAddress);
        }
    }

    /**
     * Classifies and routes one datagram.
     *
     * @return {@code true} if ownership of {@code buffer} passed to an endpoint
     */
    private boolean dispatch(UdpBuffer buffer, InetSocketAddress from) {
        int len = buffer.getLength();
        if (len == 0) {
            counters.drop(DropReason.TRUNCATED);
            return false;
        }
        byte[] b = buffer.getBuffer();
        int off = buffer.getOffset();
        switch (PacketKind.classify(b[off])) {
            case STUN -> {
                handleStun(b, off, len, from);
                return false;
            }
            case DTLS -> {
                if (len < DTLS_RECORD_HEADER) {
                    counters.drop(DropReason.TRUNCATED);
                    return false;
                }
                MuxEndpoint endpoint = routes.get(from);
                if (endpoint == null) {
                    counters.drop(DropReason.DTLS_UNKNOWN_ADDRESS);
                    return false;
                }
                endpoint.onDtlsDatagram(buffer);
                return true;
            }
            case RTP -> {
                if (len < RTCP_MIN) {
                    counters.drop(DropReason.TRUNCATED);
                    return false;
                }
                MuxEndpoint endpoint = routes.get(from);
                if (endpoint == null) {
                    counters.drop(DropReason.RTP_UNKNOWN_ADDRESS);
                    return false;
                }
                endpoint.onSrtpDatagram(buffer);
                return true;
            }
            default -> {
                counters.drop(DropReason.GARBAGE);
                return false;
            }
        }
    }

    private void handleStun(byte[] b, int off, int len, InetSocketAddress from) {
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
        IceLiteAgent agent = agents.get(new String(b, uOff, colon, StandardCharsets.UTF_8));
        if (agent == null) {
            counters.drop(DropReason.STUN_UNKNOWN_UFRAG);
            return;
        }
        StunCheckResult result = agent.handleBindingRequest(stun, from);
        switch (result) {
            case ACCEPTED -> counters.stunRequestAccepted();
            case SELECTED -> {
                counters.stunRequestAccepted();
                counters.iceNominated();
            }
            case BAD_USERNAME -> counters.drop(DropReason.STUN_BAD_USERNAME);
            case BAD_INTEGRITY -> counters.drop(DropReason.STUN_BAD_INTEGRITY);
            case BAD_FINGERPRINT -> counters.drop(DropReason.STUN_BAD_FINGERPRINT);
            case ROLE_CONFLICT -> counters.drop(DropReason.STUN_ROLE_CONFLICT);
            case CLOSED -> counters.drop(DropReason.STUN_UNKNOWN_UFRAG);
            default -> throw new IllegalStateException("unexpected " + result);
        }
    }

    /** Closes the socket and joins the reader thread (bounded wait). Idempotent. */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            t = reader;
            if (selector != null) {
                selector.wakeup();
            }
            DatagramChannel ch = channel;
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException e) {
                    LOG.debug("closing UDP channel failed", e);
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
                LOG.debug("closing UDP selector failed", e);
            }
        }
        agents.clear();
        routes.clear();
    }
}
