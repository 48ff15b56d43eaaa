package io.rtcd.rtc.sfu;

import io.rtcd.rtc.transport.TransportConfig;
import io.rtcd.rtc.transport.TransportSession;
import io.rtcd.rtc.transport.dtls.DtlsCertificate;
import io.rtcd.rtc.transport.dtls.DtlsFingerprint;
import io.rtcd.rtc.transport.dtls.DtlsRole;
import io.rtcd.rtc.transport.ice.IceCredentials;
import io.rtcd.rtc.transport.tcp.TcpMux;
import io.rtcd.rtc.transport.udp.UdpBuffer;
import io.rtcd.rtc.transport.udp.UdpMux;
import io.rtcd.rtc.transport.udp.UdpSendBatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What a session needs from its ICE/DTLS/SRTP transport; production wraps the transport package's
 * {@link TransportSession}, unit tests use an in-memory fake. Callbacks go to a {@link TransportSession.Listener}
 * on the threads that class documents.
 */
interface SessionTransport extends MediaPort, AutoCloseable {
    /** Starts answering ICE checks. No blocking I/O. */
    void start();

    /** SRTP/SRTCP unprotect in place (any thread); {@code false} = dropped and counted. */
    boolean unprotect(UdpBuffer packet);

    /** Sends one DTLS application-data record (an SCTP packet); {@code false} if not connected. Any thread. */
    boolean sendApplicationData(byte[] buf, int off, int len);

    /** {@link System#nanoTime()} when ICE first selected a path, or 0 (the session's timeline). Any thread. */
    default long iceSelectedNanos() {
        return 0;
    }

    /** {@link System#nanoTime()} when DTLS completed, or 0 (the session's timeline). Any thread. */
    default long dtlsConnectedNanos() {
        return 0;
    }
    /**
     * ICE restart: {@code newLocal} (or the current local credentials when {@code null}) paired with {@code
     * remoteUfrag} are accepted from now on, the previous ones until the peer uses the new ones; DTLS and SRTP stay.
     */
    void restartIce(IceCredentials newLocal, String remoteUfrag);

    /** Idempotent; fires no callback. */
    @Override
    void close();

    /** Creates the transport of one session once its first offer is known. */
    @FunctionalInterface
    interface Factory {
        SessionTransport create(
                IceCredentials local,
                String remoteUfrag,
                DtlsFingerprint remoteFingerprint,
                DtlsRole role,
                TransportSession.Listener listener);
    }

    /** Production factory over the shared UDP mux and, when not {@code null}, the shared ICE-TCP listener. */
    static Factory over(
            TransportConfig config,
            UdpMux mux,
            TcpMux tcp,
            DtlsCertificate certificate,
            Executor dtlsExecutor,
            ScheduledExecutorService timers) {
        return (local, remoteUfrag, remoteFingerprint, role, listener) -> {
            TransportSession t = new TransportSession(
                    config,
                    mux,
                    tcp,
                    certificate,
                    local,
                    remoteUfrag,
                    remoteFingerprint,
                    role,
                    dtlsExecutor,
                    timers,
                    listener);
            return new SessionTransport() {
                @Override
                public void start() {
                    t.start();
                }

                @Override
                public boolean unprotect(UdpBuffer packet) {
                    return t.unprotect(packet);
                }

                @Override
                public boolean sendRtp(UdpBuffer packet) {
                    return t.sendRtp(packet);
                }

                @Override
                public boolean sendRtcp(UdpBuffer packet) {
                    return t.sendRtcp(packet);
                }

                @Override
                public UdpSendBatch.Outcome sendRtp(UdpBuffer packet, UdpSendBatch batch) {
                    return t.sendRtp(packet, batch);
                }

                @Override
                public UdpSendBatch sendBatch() {
                    return t.sendBatch();
                }

                @Override
                public boolean sendApplicationData(byte[] buf, int off, int len) {
                    return t.sendApplicationData(buf, off, len);
                }

                @Override
                public long iceSelectedNanos() {
                    return t.iceSelectedNanos();
                }

                @Override
                public long dtlsConnectedNanos() {
                    return t.dtlsConnectedNanos();
                }

                @Override
                public void restartIce(IceCredentials newLocal, String remoteUfrag) {
                    t.restartIce(newLocal, remoteUfrag);
                }

                @Override
                public void close() {
                    t.close();
                }
            };
        };
    }
}
