package io.rtcd.rtc.transport.dtls;

import io.rtcd.rtc.transport.DropReason;
import io.rtcd.rtc.transport.TransportConfig;
import io.rtcd.rtc.transport.TransportCounters;
import io.rtcd.rtc.transport.TransportException;
import io.rtcd.rtc.transport.srtp.SrtpKeys;
import io.rtcd.rtc.transport.srtp.SrtpProfile;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DTLS 1.2 for one session (RFC 6347) with the DTLS-SRTP extension (RFC 5764), over Bouncy Castle's blocking
 * {@link DTLSServerProtocol} / {@link DTLSClientProtocol}.
 *
 * <p>Data flow: the UDP reader thread {@link #offer}s received DTLS datagrams into a bounded queue (copied into
 * preallocated slots, drop counted as {@link DropReason#DTLS_QUEUE_FULL}); the handshake runs on the injected
 * executor and pulls from that queue; BC retransmits flights itself (RFC 6347 §4.2.4) and gives up after the handshake
 * timeout. On success the SRTP keys are exported ("EXTRACTOR-dtls_srtp", extended master secret required, RFC 7627)
 * and split per the negotiated profile. Afterwards application data (SCTP for data channels) is read by short drain
 * tasks on the same executor whenever datagrams arrive, and can be sent with {@link #sendApplicationData}.
 *
 * <p>Threading contract:
 *
 * <ul>
 *   <li>{@link #offer} - UDP reader thread (or any single producer); never blocks.
 *   <li>{@link Listener} callbacks - always on the injected executor: the handshake task for {@code
 *       onHandshakeComplete}/{@code onFailed}, a drain task for {@code onApplicationData}/{@code onClosed}. Drain
 *       tasks of one transport never overlap.
 *   <li>{@link #sendApplicationData} and {@link #close} - any thread; BC access is serialised by an internal lock.
 * </ul>
 *
 * The executor must allow a blocking task per concurrent handshake (a handshake waits for the peer's flights; the
 * thread is released when it completes, fails or times out). Never pass the UDP reader thread's executor.
 */
public final class DtlsTransport implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DtlsTransport.class);

    /**
     * Shared BC crypto provider (lightweight API, no JCA provider registration, table-free record GCM: see
     * {@link LeanBcTlsCrypto}); thread-safe.
     */
    static final BcTlsCrypto CRYPTO = new LeanBcTlsCrypto(new SecureRandom());

    /** Sends one DTLS datagram to the remote peer (normally the ICE-selected 5-tuple). Must be thread-safe. */
    @FunctionalInterface
    public interface Output {
        void send(byte[] buf, int off, int len);
    }

    /** Callbacks; all run on the injected executor and must not block for long. */
    public interface Listener {
        /** Handshake done and SRTP keys exported. */
        void onHandshakeComplete(SrtpKeys keys);

        /** One DTLS application-data record (an SCTP packet). {@code buf} is reused after the call returns. */
        void onApplicationData(byte[] buf, int off, int len);

        /** The handshake failed or timed out, or the connection failed later. Fires at most once. */
        void onFailed(Exception cause);

        /** The peer closed the connection (close_notify) after the handshake. */
        void onClosed();
    }

    /** Lifecycle state. */
    public enum State {
        NEW,
        HANDSHAKING,
        CONNECTED,
        FAILED,
        CLOSED
    }

    private final DtlsRole role;
    private final Executor executor;
    private final TransportCounters counters;
    private final Listener listener;
    private final QueueDatagramTransport transport;
    private final SrtpDtlsServer server;
    private final SrtpDtlsClient client;
    private final Object bcLock = new Object();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final int maxDatagramBytes;
    /** Application-data read buffer, allocated by the first drain task (drain tasks never overlap). */
    private byte[] appBuffer;

    private volatile State state = State.NEW;
    private volatile DTLSTransport dtls;
    private volatile SrtpProfile profile;

    /**
     * @param role our role, from {@link DtlsRole#forRemoteSetup}
     * @param remoteFingerprint from the remote SDP {@code a=fingerprint}
     * @param output where our DTLS datagrams go (thread-safe)
     * @param executor runs the handshake and the application-data drain tasks (never the UDP reader)
     */
    public DtlsTransport(
            TransportConfig config,
            DtlsCertificate certificate,
            DtlsRole role,
            DtlsFingerprint remoteFingerprint,
            Output output,
            Executor executor,
            TransportCounters counters,
            Listener listener) {
        this(config, certificate, role, remoteFingerprint, output, executor, counters, listener, null);
    }

    /** Test hook: {@code customClient} replaces the standard client (e.g. a Chromium-like ClientHello). */
    DtlsTransport(
            TransportConfig config,
            DtlsCertificate certificate,
            DtlsRole role,
            DtlsFingerprint remoteFingerprint,
            Output output,
            Executor executor,
            TransportCounters counters,
            Listener listener,
            SrtpDtlsClient customClient) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(remoteFingerprint, "remoteFingerprint");
        this.role = Objects.requireNonNull(role, "role");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.counters = Objects.requireNonNull(counters, "counters");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.transport = new QueueDatagramTransport(
                config.dtlsQueueCapacity(),
                config.maxDatagramBytes(),
                config.dtlsSendLimit(),
                Objects.requireNonNull(output, "output"));
        this.maxDatagramBytes = config.maxDatagramBytes();
        int timeoutMillis =
                (int) Math.min(Integer.MAX_VALUE, config.dtlsHandshakeTimeout().toMillis());
        List<SrtpProfile> profiles = config.srtpProfiles();
        if (role == DtlsRole.SERVER) {
            this.server = new SrtpDtlsServer(CRYPTO, certificate, remoteFingerprint, profiles, timeoutMillis);
            this.client = null;
        } else {
            this.server = null;
            this.client = customClient != null
                    ? customClient
                    : new SrtpDtlsClient(CRYPTO, certificate, remoteFingerprint, profiles, timeoutMillis);
        }
    }

    public DtlsRole role() {
        return role;
    }

    public State state() {
        return state;
    }

    /** The negotiated SRTP profile, or {@code null} before the handshake completed. */
    public SrtpProfile srtpProfile() {
        return profile;
    }

    /**
     * Submits the handshake to the executor. A server waits for the ClientHello; a client sends it at once.
     *
     * @throws TransportException if the executor rejects the task
     * @throws IllegalStateException if already started
     */
    public synchronized void start() {
        if (state != State.NEW) {
            throw new IllegalStateException("DTLS transport already started (" + state + ")");
        }
        state = State.HANDSHAKING;
        try {
            executor.execute(this::runHandshake);
        } catch (RejectedExecutionException e) {
            state = State.FAILED;
            throw new TransportException("failed to start DTLS handshake: executor rejected it", e);
        }
    }

    /**
     * Queues one received DTLS datagram (copied; the caller keeps {@code buf}). Never blocks.
     *
     * @return {@code false} if dropped (queue full, oversized, closed), counted as {@link DropReason#DTLS_QUEUE_FULL}
     */
    public boolean offer(byte[] buf, int off, int len) {
        if (!transport.offer(buf, off, len)) {
            counters.drop(DropReason.DTLS_QUEUE_FULL);
            return false;
        }
        if (state == State.CONNECTED) {
            scheduleDrain();
        }
        return true;
    }

    /**
     * Sends application data (one SCTP packet) in one DTLS record.
     *
     * @return {@code false} if not connected or the send failed
     */
    public boolean sendApplicationData(byte[] buf, int off, int len) {
        DTLSTransport t = dtls;
        if (t == null || state != State.CONNECTED) {
            return false;
        }
        try {
            synchronized (bcLock) {
                t.send(buf, off, len);
            }
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.debug("DTLS application data send failed", e);
            return false;
        }
    }

    private void runHandshake() {
        try {
            DTLSTransport t;
            byte[] material;
            SrtpProfile chosen;
            if (role == DtlsRole.SERVER) {
                t = new DTLSServerProtocol().accept(server, transport);
                material = server.keyingMaterial();
                chosen = server.chosenProfile();
            } else {
                t = new DTLSClientProtocol().connect(client, transport);
                material = client.keyingMaterial();
                chosen = client.chosenProfile();
            }
            SrtpKeys keys = SrtpKeys.split(chosen, material, role == DtlsRole.CLIENT);
            synchronized (this) {
                if (state != State.HANDSHAKING) {
                    closeQuietly(t);
                    return;
                }
                dtls = t;
                profile = chosen;
                state = State.CONNECTED;
            }
            transport.trimFree(0);
            counters.dtlsHandshakeCompleted();
            counters.srtpProfileNegotiated(chosen);
            LOG.debug("DTLS {} handshake complete, SRTP profile {}", role, chosen);
            listener.onHandshakeComplete(keys);
            scheduleDrain();
        } catch (IOException | RuntimeException e) {
            if (markFailed()) {
                counters.dtlsHandshakeFailed();
                LOG.debug("DTLS {} handshake failed: {}", role, e.toString());
                listener.onFailed(e);
            }
        }
    }

    private synchronized boolean markFailed() {
        if (state == State.CLOSED || state == State.FAILED) {
            return false;
        }
        state = State.FAILED;
        transport.close();
        return true;
    }

    private void scheduleDrain() {
        if (transport.hasPending() && draining.compareAndSet(false, true)) {
            try {
                executor.execute(this::drain);
            } catch (RejectedExecutionException e) {
                draining.set(false);
            }
        }
    }

    /** Reads application data while datagrams are queued; one drain task at a time per transport. */
    private void drain() {
        try {
            DTLSTransport t = dtls;
            if (appBuffer == null) {
                appBuffer = new byte[maxDatagramBytes];
            }
            while (t != null && state == State.CONNECTED && transport.hasPending()) {
                int n;
                synchronized (bcLock) {
                    n = t.receive(appBuffer, 0, appBuffer.length, 1);
                }
                if (n >= 0) {
                    listener.onApplicationData(appBuffer, 0, n);
                } else if (closeNotified()) {
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            // BC closes the transport itself after a close_notify; that is a clean close, not a failure.
            if (!closeNotified() && state == State.CONNECTED && markFailed()) {
                LOG.debug("DTLS {} connection failed: {}", role, e.toString());
                listener.onFailed(e);
            }
        } finally {
            draining.set(false);
        }
        if (state == State.CONNECTED) {
            scheduleDrain();
        }
    }

    private boolean closeNotified() {
        boolean notified = role == DtlsRole.SERVER ? server.closeNotifyReceived() : client.closeNotifyReceived();
        if (!notified) {
            return false;
        }
        synchronized (this) {
            if (state != State.CONNECTED) {
                return true;
            }
            state = State.CLOSED;
        }
        transport.close();
        listener.onClosed();
        return true;
    }

    /** Sends close_notify if connected, aborts a running handshake, and frees the queue. Idempotent. */
    @Override
    public void close() {
        DTLSTransport t;
        synchronized (this) {
            if (state == State.CLOSED) {
                return;
            }
            state = State.CLOSED;
            t = dtls;
        }
        if (t != null) {
            closeQuietly(t);
        }
        transport.close();
    }

    private void closeQuietly(DTLSTransport t) {
        try {
            synchronized (bcLock) {
                t.close();
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("DTLS close failed", e);
        }
    }
}
