package io.rtcd.rtc.transport;

import io.rtcd.rtc.transport.dtls.DtlsCertificate;
import io.rtcd.rtc.transport.dtls.DtlsFingerprint;
import io.rtcd.rtc.transport.dtls.DtlsRole;
import io.rtcd.rtc.transport.dtls.DtlsTransport;
import io.rtcd.rtc.transport.ice.IceCredentials;
import io.rtcd.rtc.transport.ice.IceLiteAgent;
import io.rtcd.rtc.transport.srtp.SrtpContext;
import io.rtcd.rtc.transport.srtp.SrtpKeys;
import io.rtcd.rtc.transport.srtp.SrtpProfile;
import io.rtcd.rtc.transport.tcp.TcpMux;
import io.rtcd.rtc.transport.udp.MuxEndpoint;
import io.rtcd.rtc.transport.udp.UdpBuffer;
import io.rtcd.rtc.transport.udp.UdpMux;
import io.rtcd.rtc.transport.udp.UdpSendBatch;
import java.net.InetSocketAddress;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.tls.TlsTimeoutException;
import org.jitsi.utils.ByteArrayBuffer;

/**
 * The transport of one SFU session on the shared {@link UdpMux}: an {@link IceLiteAgent}, a {@link DtlsTransport}
 * started when ICE first selects a 5-tuple, and an {@link SrtpContext} created from the exported keys.
 *
 * <p>With a {@link TcpMux} the session is also reachable over ICE-TCP (RFC 6544): a path is a remote address plus the
 * {@link DatagramSender} it was reached through (the UDP mux, or one TCP connection), and every packet (DTLS, SRTP,
 * SRTCP) goes out on the path ICE selected last, whichever transport it is.
 *
 * <p>Threading contract:
 *
 * <ul>
 *   <li>UDP reader thread: ICE handling and selection, DTLS datagram hand-off, and {@link Listener#onMedia} with the
 *       still-protected SRTP/SRTCP packet. The SFU layer must hand the buffer to its per-session serial executor and
 *       call {@link #unprotect} there.
 *   <li>DTLS executor: {@link Listener#onConnected}, {@link Listener#onApplicationData}, and {@link
 *       Listener#onDisconnected} for DTLS failures.
 *   <li>Scheduler: {@link Listener#onDisconnected} for consent expiry and the ICE and DTLS connect timeouts.
 *   <li>Any thread: {@link #unprotect}, {@link #sendRtp}, {@link #sendRtcp}, {@link #sendApplicationData},
 *       {@link #close}.
 * </ul>
 */
public final class TransportSession implements MuxEndpoint, AutoCloseable {
    /** Why a session stopped working; reported once through {@link Listener#onDisconnected}. */
    public enum DisconnectReason {
        /** No valid STUN Binding request within {@link TransportConfig#iceConnectTimeout()} of {@link #start()}. */
        ICE_TIMEOUT,
        /** Once a path was selected, no valid STUN Binding request on it for the consent timeout (RFC 7675). */
        CONSENT_EXPIRED,
        /** ICE selected a path but the DTLS handshake did not complete within the handshake timeout. */
        DTLS_TIMEOUT,
        /** The DTLS handshake failed, or the DTLS connection failed later. */
        DTLS_FAILED,
        /** The peer sent DTLS close_notify. */
        DTLS_CLOSED
    }

    /** Session callbacks; see the class Javadoc for the thread of each. None may block. */
    public interface Listener {
        /** DTLS done, SRTP keys in place: media can flow. DTLS executor thread. */
        void onConnected(SrtpProfile profile);

        /**
         * One protected SRTP or SRTCP datagram from the selected 5-tuple, after the keys exist. UDP reader thread;
         * ownership of {@code packet} passes to the listener, which must release it (after {@link #unprotect} and
         * processing, or at once).
         */
        void onMedia(UdpBuffer packet);

        /** DTLS application data (SCTP). DTLS executor thread; {@code buf} is reused after return. */
        void onApplicationData(byte[] buf, int off, int len);

        /** The session is dead; the owner should {@link #close()} it. Fires at most once. */
        void onDisconnected(DisconnectReason reason);

        /**
         * No valid check on the selected path for half the consent timeout (RFC 7675): the owner may offer an ICE
         * restart while signalling still works. Scheduler thread. Default: ignored.
         */
        default void onConsentStale() {}
    }

    /** The DTLS timer fires this long after the handshake's own deadline. */
    private static final long DTLS_TIMER_SLACK_MILLIS = 1_000;

    private final UdpMux mux;
    private final TcpMux tcp;
    private final TransportCounters counters;
    private final IceLiteAgent agent;
    private final DtlsTransport dtls;
    private final ScheduledExecutorService scheduler;
    private final TransportConfig config;
    private final Listener listener;
    private final AtomicBoolean disconnected = new AtomicBoolean();
    private final AtomicBoolean dtlsStarted = new AtomicBoolean();
    /**
     * SRTP/SRTCP packets from the peer that passed authentication: the ICE agent counts their arrival as consent (pion
     * 3.x sends no consent checks while media flows).
     */
    private final AtomicLong authenticated = new AtomicLong();
    /** Our ufrags the mux routes to {@link #agent}: one, or two during an ICE restart. */
    private final Set<String> routedUfrags = ConcurrentHashMap.newKeySet();

    /** Valid UDP paths other than the selected one, routed so that their data is accepted (RFC 8445 §12.2). */
    private final Map<InetSocketAddress, ValidPath> validPaths = new ConcurrentHashMap<>();

    private volatile InetSocketAddress selected;
    private volatile DatagramSender selectedVia;
    private volatile SrtpContext srtp;
    private volatile boolean closed;
    /** {@link System#nanoTime()} of the first ICE selection and of the DTLS handshake's end; 0 = not yet. */
    private volatile long iceSelectedNanos;

    private volatile long dtlsConnectedNanos;
    /** The ICE connect timer, then (once ICE selected a path) the DTLS one; cancelled when connected or closed. */
    private volatile ScheduledFuture<?> connectTimer;

    /**
     * @param localIce our ICE credentials (put them in the SDP answer)
     * @param remoteUfrag the remote {@code a=ice-ufrag}, or {@code null} to accept any
     * @param remoteFingerprint the remote {@code a=fingerprint}
     * @param role our DTLS role, {@link DtlsRole#forRemoteSetup} of the remote {@code a=setup}
     * @param dtlsExecutor runs DTLS handshakes and application-data reads (blocking tasks; not the UDP reader)
     * @param scheduler runs the consent timer
     */
    public TransportSession(
            TransportConfig config,
            UdpMux mux,
            DtlsCertificate certificate,
            IceCredentials localIce,
            String remoteUfrag,
            DtlsFingerprint remoteFingerprint,
            DtlsRole role,
            Executor dtlsExecutor,
            ScheduledExecutorService scheduler,
            Listener listener) {
        this(
                config,
                mux,
                null,
                certificate,
                localIce,
                remoteUfrag,
                remoteFingerprint,
                role,
                dtlsExecutor,
                scheduler,
                listener);
    }

    /** Same, also reachable over ICE-TCP through {@code tcp} (may be {@code null}: UDP only). */
    public TransportSession(
            TransportConfig config,
            UdpMux mux,
            TcpMux tcp,
            DtlsCertificate certificate,
            IceCredentials localIce,
            String remoteUfrag,
            DtlsFingerprint remoteFingerprint,
            DtlsRole role,
            Executor dtlsExecutor,
            ScheduledExecutorService scheduler,
            Listener listener) {
        this.config = Objects.requireNonNull(config, "config");
        this.mux = Objects.requireNonNull(mux, "mux");
        this.tcp = tcp;
        this.counters = mux.counters();
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.agent = new IceLiteAgent(localIce, config.consentTimeout(), mux, System::nanoTime, new IceListener());
        agent.setRemoteUfrag(remoteUfrag);
        agent.consentActivity(authenticated::getAcquire);
        this.dtls = new DtlsTransport(
                config,
                certificate,
                role,
                remoteFingerprint,
                this::sendDtls,
                dtlsExecutor,
                counters,
                new DtlsListener());
    }

    /**
     * Registers the ICE agent with the mux and starts the consent timer and the ICE connect timer ({@link
     * TransportConfig#iceConnectTimeout()}). No I/O happens here.
     */
    public void start() {
        // Before the agent can select (and replace this timer with the DTLS one).
        connectTimer = scheduler.schedule(
                this::iceConnectTimedOut, config.iceConnectTimeout().toMillis(), TimeUnit.MILLISECONDS);
        String ufrag = agent.localUfrag();
        routedUfrags.add(ufrag);
        mux.registerAgent(ufrag, agent);
        if (tcp != null) {
            tcp.register(agent, this);
        }
        agent.start(scheduler, config.consentCheckPeriod());
    }

    /** Scheduler: no valid check selected a path in time. */
    private void iceConnectTimedOut() {
        if (selected == null) {
            disconnect(DisconnectReason.ICE_TIMEOUT);
        }
    }

    /**
     * Scheduler: the handshake has its own deadline ({@link TransportConfig#dtlsHandshakeTimeout()}, reported as
     * {@link DisconnectReason#DTLS_TIMEOUT}); this one catches a handshake task that never ran.
     */
    private void dtlsConnectTimedOut() {
        if (srtp == null) {
            disconnect(DisconnectReason.DTLS_TIMEOUT);
        }
    }

    /** {@link System#nanoTime()} when ICE first selected a path, or 0 if it never did. */
    public long iceSelectedNanos() {
        return iceSelectedNanos;
    }

    /** {@link System#nanoTime()} when the DTLS handshake completed (SRTP keys in place), or 0 if it did not. */
    public long dtlsConnectedNanos() {
        return dtlsConnectedNanos;
    }

    public IceCredentials localIce() {
        return agent.localCredentials();
    }

    /**
     * ICE restart (RFC 8445 §9, RFC 8839 §4.4.1.1.1): checks with {@code newLocal} (or our current credentials when
     * {@code null}: only the remote side changed, as in an answer that changed {@code a=ice-ufrag}) and {@code
     * remoteUfrag} are accepted from now on, the previous credentials until the peer's first check with the new ones.
     * DTLS and SRTP are untouched; media moves to whatever path the new checks select. Call it before the description
     * carrying the new credentials is sent. Any thread.
     */
    public synchronized void restartIce(IceCredentials newLocal, String remoteUfrag) {
        if (closed) {
            return;
        }
        List<String> accepted = agent.restart(newLocal, remoteUfrag);
        for (String u : accepted) {
            if (routedUfrags.add(u)) {
                mux.registerAgent(u, agent);
                if (tcp != null) {
                    tcp.alias(agent, u);
                }
            }
        }
        for (Iterator<String> it = routedUfrags.iterator(); it.hasNext(); ) {
            String u = it.next();
            if (!accepted.contains(u)) {
                it.remove();
                mux.unregisterAgent(u, agent);
                if (tcp != null) {
                    tcp.unalias(agent, u);
                }
            }
        }
    }

    /** The ICE-selected remote address, or {@code null} before ICE connected. */
    public InetSocketAddress selectedAddress() {
        return selected;
    }

    /** Whether the selected path is an ICE-TCP connection (RFC 6544) rather than the UDP port. */
    public boolean selectedOverTcp() {
        DatagramSender via = selectedVia;
        return via != null && via != mux;
    }

    public DtlsTransport.State dtlsState() {
        return dtls.state();
    }

    /** The SRTP context, or {@code null} before {@link Listener#onConnected}. For benchmarks and the SFU layer. */
    public SrtpContext srtp() {
        return srtp;
    }

    /**
     * Unprotects a packet received through {@link Listener#onMedia} in place (RTP or RTCP by its second byte, RFC
     * 5761 §4). {@code false} means dropped and counted; the caller still owns and releases the buffer.
     */
    public boolean unprotect(ByteArrayBuffer packet) {
        SrtpContext s = srtp;
        if (s == null) {
            counters.drop(DropReason.SRTP_NO_KEYS);
            return false;
        }
        byte second = packet.getBuffer()[packet.getOffset() + 1];
        boolean ok = PacketKind.isRtcp(second) ? s.unprotectRtcp(packet) : s.unprotectRtp(packet);
        if (ok) {
            // single writer (the session's serial thread); read by the consent timer: a release store, no fence
            authenticated.setRelease(authenticated.getPlain() + 1);
        }
        return ok;
    }

    /** Protects an RTP packet in place and sends it to the selected address. {@code false} = dropped (counted). */
    public boolean sendRtp(ByteArrayBuffer packet) {
        return sendRtp(packet, null) != UdpSendBatch.Outcome.DROPPED;
    }

    /**
     * Protects an RTP packet in place and adds it to {@code batch} when the selected path is that batch's UDP socket;
     * sends it at once otherwise (ICE-TCP, {@code batch == null}, or a datagram the batch does not take). The caller
     * owns {@code batch} ({@link UdpSendBatch}: same thread, flushed before it returns) and keeps {@code packet}.
     */
    public UdpSendBatch.Outcome sendRtp(ByteArrayBuffer packet, UdpSendBatch batch) {
        SrtpContext s = srtp;
        InetSocketAddress to = selected;
        DatagramSender via = selectedVia;
        if (s == null || to == null) {
            counters.drop(DropReason.SRTP_NO_KEYS);
            return UdpSendBatch.Outcome.DROPPED;
        }
        if (!s.protectRtp(packet)) {
            return UdpSendBatch.Outcome.DROPPED;
        }
        byte[] b = packet.getBuffer();
        int off = packet.getOffset();
        int len = packet.getLength();
        if (batch != null && batch.sendsFor(via) && batch.add(to, b, off, len)) {
            return UdpSendBatch.Outcome.QUEUED;
        }
        return via.send(to, b, off, len) ? UdpSendBatch.Outcome.SENT : UdpSendBatch.Outcome.DROPPED;
    }

    /** The calling thread's batch on the shared UDP socket, or {@code null} (see {@link UdpMux#sendBatch()}). */
    public UdpSendBatch sendBatch() {
        return mux.sendBatch();
    }

    /** Protects an RTCP packet in place and sends it to the selected address. {@code false} = dropped (counted). */
    public boolean sendRtcp(ByteArrayBuffer packet) {
        SrtpContext s = srtp;
        InetSocketAddress to = selected;
        DatagramSender via = selectedVia;
        if (s == null || to == null) {
            counters.drop(DropReason.SRTP_NO_KEYS);
            return false;
        }
        return s.protectRtcp(packet) && via.send(to, packet.getBuffer(), packet.getOffset(), packet.getLength());
    }

    /** Sends DTLS application data (an SCTP packet). {@code false} if not connected. */
    public boolean sendApplicationData(byte[] buf, int off, int len) {
        return dtls.sendApplicationData(buf, off, len);
    }

    @Override
    public void onDtlsDatagram(UdpBuffer buffer) {
        try {
            dtls.offer(buffer.getBuffer(), buffer.getOffset(), buffer.getLength());
        } finally {
            buffer.release();
        }
    }

    @Override
    public void onSrtpDatagram(UdpBuffer buffer) {
        if (srtp == null || closed) {
            counters.drop(DropReason.SRTP_NO_KEYS);
            buffer.release();
            return;
        }
        listener.onMedia(buffer);
    }

    private void sendDtls(byte[] buf, int off, int len) {
        InetSocketAddress to = selected;
        DatagramSender via = selectedVia;
        if (to == null) {
            counters.drop(DropReason.SEND_FAILED);
            return;
        }
        via.send(to, buf, off, len);
    }

    private void disconnect(DisconnectReason reason) {
        if (!closed && disconnected.compareAndSet(false, true)) {
            listener.onDisconnected(reason);
        }
    }

    /** Unregisters from the mux, stops ICE, closes DTLS (close_notify) and SRTP. Idempotent; fires no callback. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        cancel(connectTimer);
        for (String u : routedUfrags) { // the current ufrag, and the previous one during an ICE restart
            mux.unregisterAgent(u, agent);
        }
        if (tcp != null) {
            tcp.unregister(agent);
        }
        agent.close();
        InetSocketAddress s = selected;
        if (s != null && selectedVia == mux) {
            mux.unbind(s, this);
        }
        validPaths.forEach(mux::unbind);
        dtls.close();
        SrtpContext ctx = srtp;
        if (ctx != null) {
            ctx.close();
        }
    }

    private static void cancel(ScheduledFuture<?> f) {
        if (f != null) {
            f.cancel(false);
        }
    }

    /** Whether a DTLS failure is the handshake's deadline passing (BouncyCastle's timeout, anywhere in the chain). */
    static boolean isTimeout(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof TlsTimeoutException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /** Routes {@code remote} to its {@link ValidPath}; {@code false} if the table is full. UDP reader thread. */
    private boolean routeValid(InetSocketAddress remote) {
        ValidPath p = validPaths.get(remote);
        if (p == null) {
            if (validPaths.size() >= IceLiteAgent.MAX_VALID_PATHS) {
                return false;
            }
            p = new ValidPath(remote);
            validPaths.put(remote, p);
        }
        mux.bind(remote, p);
        if (closed) {
            mux.unbind(remote, p);
        }
        return true;
    }

    /**
     * A valid UDP path that is not selected (RFC 8445 §12.2: data is accepted on any valid pair). Its first DTLS or
     * media datagram selects it ({@link IceLiteAgent#selectByData}), which routes the address to the session itself,
     * so later datagrams do not come through here. UDP reader thread, like any {@link MuxEndpoint}.
     */
    private final class ValidPath implements MuxEndpoint {
        private final InetSocketAddress remote;

        ValidPath(InetSocketAddress remote) {
            this.remote = remote;
        }

        @Override
        public void onDtlsDatagram(UdpBuffer buffer) {
            agent.selectByData(remote, mux);
            TransportSession.this.onDtlsDatagram(buffer);
        }

        @Override
        public void onSrtpDatagram(UdpBuffer buffer) {
            agent.selectByData(remote, mux);
            TransportSession.this.onSrtpDatagram(buffer);
        }
    }

    private final class IceListener implements IceLiteAgent.Listener {
        @Override
        public void onSelected(InetSocketAddress remote) {
            onSelected(remote, mux);
        }

        @Override
        public void onSelected(InetSocketAddress remote, DatagramSender via) {
            if (closed) {
                return;
            }
            InetSocketAddress previous = selected;
            DatagramSender previousVia = selectedVia;
            // The sender first: a reader of 'selected' then always finds a sender of this or a later path.
            selectedVia = via;
            selected = remote;
            if (via == mux) {
                mux.bind(remote, TransportSession.this);
            }
            // A TCP connection was bound to this session by the TcpMux when it authenticated: nothing to route.
            if (previous != null && previousVia == mux && !(via == mux && previous.equals(remote))) {
                // The previous path stays valid: the peer may keep sending on it (RFC 8445 §12.2).
                if (!routeValid(previous)) {
                    mux.unbind(previous, TransportSession.this);
                }
            }
            if (dtlsStarted.compareAndSet(false, true)) {
                iceSelectedNanos = System.nanoTime();
                cancel(connectTimer);
                // A little past the handshake's own deadline, which reports the same reason with its cause.
                long ms = config.dtlsHandshakeTimeout().toMillis() + DTLS_TIMER_SLACK_MILLIS;
                connectTimer =
                        scheduler.schedule(TransportSession.this::dtlsConnectTimedOut, ms, TimeUnit.MILLISECONDS);
                if (closed) {
                    cancel(connectTimer);
                }
                try {
                    dtls.start();
                } catch (TransportException e) {
                    disconnect(DisconnectReason.DTLS_FAILED);
                }
            }
        }

        @Override
        public void onValidated(InetSocketAddress remote, DatagramSender via) {
            if (via == mux && !closed) {
                routeValid(remote);
            }
        }

        @Override
        public void onConsentStale() {
            if (!closed && srtp != null) {
                listener.onConsentStale();
            }
        }

        @Override
        public void onConsentExpired() {
            if (selected == null) {
                // Only when the consent timeout is shorter than the ICE connect timeout: ICE never connected.
                disconnect(DisconnectReason.ICE_TIMEOUT);
                return;
            }
            counters.consentExpired();
            disconnect(DisconnectReason.CONSENT_EXPIRED);
        }
    }

    private final class DtlsListener implements DtlsTransport.Listener {
        @Override
        public void onHandshakeComplete(SrtpKeys keys) {
            if (closed) {
                return;
            }
            srtp = new SrtpContext(keys, counters);
            dtlsConnectedNanos = System.nanoTime();
            cancel(connectTimer);
            listener.onConnected(keys.profile());
        }

        @Override
        public void onApplicationData(byte[] buf, int off, int len) {
            listener.onApplicationData(buf, off, len);
        }

        @Override
        public void onFailed(Exception cause) {
            disconnect(isTimeout(cause) ? DisconnectReason.DTLS_TIMEOUT : DisconnectReason.DTLS_FAILED);
        }

        @Override
        public void onClosed() {
            disconnect(DisconnectReason.DTLS_CLOSED);
        }
    }
}
