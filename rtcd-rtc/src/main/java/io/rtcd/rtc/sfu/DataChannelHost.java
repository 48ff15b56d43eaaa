package io.rtcd.rtc.sfu;

import io.rtcd.rtc.sctp.SctpOptions;
import io.rtcd.rtc.sctp.dcep.DataChannel;
import io.rtcd.rtc.sctp.dcep.DataChannelListener;
import io.rtcd.rtc.sctp.dcep.DataChannelManager;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Hosts the sctp package's data channels for one session (RFC 8831 over DTLS) and speaks rtcd's {@code calls-dc}
 * protocol on the client's channel (rtcd-spec §4.11): Ping → Pong (and the legacy text "ping" → "pong"), the
 * renegotiation Lock/Unlock (§4.6), and MediaMap before each server offer. rtcd never opens channels; it accepts the
 * client's (any label). Stats messages (loss, RTT, jitter) are accepted and ignored; SDP over the DC is not supported
 * (signalling stays on the service's channel).
 *
 * <p>Threading: every method runs on the session's serial executor, the association's single owner. Timers re-enter
 * through {@code reenter}, which hands the call back to that executor.
 */
final class DataChannelHost {
    /** What the host needs from its session. */
    interface Session {
        /** Sends one SCTP packet as DTLS application data. */
        boolean sendApplicationData(byte[] packet);

        /** The client asked for the renegotiation lock: grant it if no server offer is in flight. */
        boolean tryLockForClient();

        /** The client released the lock. */
        void unlockFromClient();
    }

    private final DataChannelManager manager;
    private final Session session;
    private final ScheduledExecutorService timers;
    private final Consumer<Runnable> reenter;
    private DataChannel channel;
    private ScheduledFuture<?> timer;
    private long timerAt = Long.MAX_VALUE;
    private boolean closed;

    DataChannelHost(boolean dtlsClient, Session session, ScheduledExecutorService timers, Consumer<Runnable> reenter) {
        this.session = session;
        this.timers = timers;
        this.reenter = reenter;
        this.manager = new DataChannelManager(
                SctpOptions.defaults(), dtlsClient, System::currentTimeMillis, new SecureRandom(), new Listener());
    }

    /** DTLS is up: start the association (both WebRTC peers do, RFC 8831 §6.2). */
    void connect() {
        manager.connect();
        flush();
    }

    /** One DTLS application-data record (a copy the host may keep). */
    void receive(byte[] packet) {
        if (closed) {
            return;
        }
        manager.association().receivePacket(packet, 0, packet.length, System.currentTimeMillis());
        flush();
    }

    /** Whether the client's channel is open. */
    boolean open() {
        return channel != null;
    }

    /** Sends a MediaMap (MID → {type, sender_id}) before a server offer; no-op before the channel opened. */
    void sendMediaMap(Map<String, String[]> map) {
        if (channel != null && !map.isEmpty()) {
            channel.send(CallsDcMessages.mediaMap(map));
            flush();
        }
    }

    void sendLockResponse(boolean granted) {
        if (channel != null) {
            channel.send(CallsDcMessages.lockResponse(granted));
            flush();
        }
    }

    void close() {
        closed = true;
        if (timer != null) {
            timer.cancel(false);
        }
    }

    private void onTimer() {
        timerAt = Long.MAX_VALUE;
        if (closed) {
            return;
        }
        manager.association().handleTimeout(System.currentTimeMillis());
        flush();
    }

    /** Sends what the association produced and re-arms the one host timer. */
    private void flush() {
        byte[] p;
        while ((p = manager.association().pollOutgoingPacket()) != null) {
            session.sendApplicationData(p);
        }
        long next = manager.association().nextTimeoutMillis();
        if (closed || next == Long.MAX_VALUE || next >= timerAt) {
            return;
        }
        if (timer != null) {
            timer.cancel(false);
        }
        timerAt = next;
        long delay = Math.max(0, next - System.currentTimeMillis());
        timer = timers.schedule(() -> reenter.accept(this::onTimer), delay, TimeUnit.MILLISECONDS);
    }

    private final class Listener implements DataChannelListener {
        @Override
        public void onChannelOpen(DataChannel c) {
            if (channel == null) {
                channel = c;
            }
        }

        @Override
        public void onMessage(DataChannel c, byte[] data, boolean binary) {
            if (!binary) {
                if ("ping".equals(new String(data, StandardCharsets.UTF_8))) {
                    c.send("pong");
                }
                return;
            }
            switch (CallsDcMessages.type(data)) {
                case CallsDcMessages.PING -> c.send(CallsDcMessages.pong());
                case CallsDcMessages.LOCK -> c.send(CallsDcMessages.lockResponse(session.tryLockForClient()));
                case CallsDcMessages.UNLOCK -> session.unlockFromClient();
                default -> {
                    // stats and DC-SDP are not used by this server
                }
            }
        }

        @Override
        public void onChannelClosed(DataChannel c) {
            if (c == channel) {
                channel = null;
            }
        }
    }
}
