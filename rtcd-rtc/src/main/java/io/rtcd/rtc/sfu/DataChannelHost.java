package io.rtcd.rtc.sfu;

import io.rtcd.rtc.sctp.SctpOptions;
import io.rtcd.rtc.sctp.SctpStats;
import io.rtcd.rtc.sctp.SendStatus;
import io.rtcd.rtc.sctp.dcep.DataChannel;
import io.rtcd.rtc.sctp.dcep.DataChannelListener;
import io.rtcd.rtc.sctp.dcep.DataChannelManager;
import io.rtcd.rtc.sctp.dcep.DataChannelState;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Hosts the sctp package's data channels for one session (RFC 8831 over DTLS). rtcd never opens channels; it accepts
 * the client's, and what it does with a channel depends on its label (docs/protocol.md "Data channels"):
 *
 * <ul>
 *   <li>{@value #CALLS_DC}: rtcd's control protocol: Ping → Pong (and the legacy text "ping" →
 *       "pong"), the renegotiation Lock/Unlock (§4.6), and MediaMap before each server offer. Stats messages are
 *       accepted and ignored; SDP over the DC is not supported (signalling stays on the service's channel).
 *   <li>{@value #ECHO}: a test/diagnostic channel. Every message comes back on the same channel, byte for byte; with
 *       protocol {@value #DISCARD} binary messages are only counted (text still echoes, so a text marker after a
 *       bulk transfer tells the sender everything before it arrived). The text message {@value #CLOSE_COMMAND} makes
 *       the server close the channel itself (outgoing stream reset, RFC 6525 §5.1.2, RFC 8831 §6.7).
 *   <li>Any other label: relay. Each message goes to the channel with the same label of every other participant of
 *       the call, wrapped with the sender's session id ({@link #wrapBinary}, {@link #wrapText}), if the sender's
 *       token allows publishing data.
 * </ul>
 *
 * <p>Threading: every method runs on the session's serial executor, the association's single owner. Timers re-enter
 * through {@code reenter}, which hands the call back to that executor.
 */
final class DataChannelHost {
    /** Label of rtcd's control channel. */
    static final String CALLS_DC = "calls-dc";
    /** Label of the diagnostic echo channel. */
    static final String ECHO = "rtcd-echo";
    /** Protocol of an echo channel that discards binary messages. */
    static final String DISCARD = "discard";
    /** Text message on an echo channel that asks the server to close (reset) it. */
    static final String CLOSE_COMMAND = "rtcd:close";

    /** What the host needs from its session. */
    interface Session {
        /** Sends one SCTP packet as DTLS application data. */
        boolean sendApplicationData(byte[] packet);

        /** The client asked for the renegotiation lock: grant it if no server offer is in flight. */
        boolean tryLockForClient();

        /** The client released the lock. */
        void unlockFromClient();

        /** The participant's session id, as other participants see it in relayed messages. */
        String sessionId();

        /** Whether the participant may publish data (token permission). */
        boolean mayPublishData();

        /** Hands a wrapped message to every other participant of the call (their serial threads). */
        void relay(String label, byte[] envelope, boolean binary);

        /**
         * A session description the client sent over calls-dc (calls-dc message type 3, rtcd's dcSignaling,
         * docs/protocol.md; the whole message, decoded with {@link DcSdpCodec}); an offer is answered over calls-dc
         * too. Never throws.
         */
        void onDcSdp(byte[] message);
    }

    private final DataChannelManager manager;
    private final Session session;
    private final ScheduledExecutorService timers;
    private final Consumer<Runnable> reenter;
    private final DataChannelCounters counters;
    /** Open relay channels by label (the first one the client opened with that label). */
    private final Map<String, DataChannel> relayChannels = new HashMap<>();
    /** Channels counted open in {@link #counters}, so each is counted closed exactly once. */
    private final Set<DataChannel> counted = new HashSet<>();

    private DataChannel channel;
    private ScheduledFuture<?> timer;
    private long timerAt = Long.MAX_VALUE;
    private boolean closed;
    private long publishedRetransmissions;
    private long publishedAbandoned;

    DataChannelHost(
            boolean dtlsClient,
            Session session,
            ScheduledExecutorService timers,
            Consumer<Runnable> reenter,
            DataChannelCounters counters) {
        this.session = session;
        this.timers = timers;
        this.reenter = reenter;
        this.counters = counters;
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

    /** Whether the client's calls-dc channel is open. */
    boolean open() {
        return channel != null;
    }

    /** Sends a MediaMap (MID → {type, sender_id}) before a server offer; no-op before the channel opened. */
    void sendMediaMap(Map<String, String[]> map) {
        if (channel != null && !map.isEmpty()) {
            send(channel, CallsDcMessages.mediaMap(map));
            flush();
        }
    }

    /**
     * Sends a session description over calls-dc (rtcd's dcSignaling).
     *
     * @return false when the channel is not open (the caller falls back to the signalling socket)
     */
    boolean sendSdp(String type, String sdp) {
        if (channel == null || closed) {
            return false;
        }
        send(channel, DcSdpCodec.encode(type, sdp));
        flush();
        return true;
    }

    void sendLockResponse(boolean granted) {
        if (channel != null) {
            send(channel, CallsDcMessages.lockResponse(granted));
            flush();
        }
    }

    /**
     * A message another participant relayed: sent on this participant's channel labelled {@code label}. The envelope
     * is shared by all recipients and never modified.
     */
    void deliverRelayed(String label, byte[] envelope, boolean binary) {
        DataChannel c = closed ? null : relayChannels.get(label);
        if (c == null) {
            counters.drop(DataChannelCounters.Drop.NO_CHANNEL);
            return;
        }
        SendStatus st = binary ? c.send(envelope) : c.sendUtf8(envelope);
        if (st == SendStatus.QUEUED) {
            counters.sent(envelope.length);
            counters.relayed();
        } else {
            counters.drop(DataChannelCounters.Drop.RECIPIENT_BUFFER_FULL);
        }
        flush();
    }

    /** Adds the association's retransmission and abandonment counts since the last call to the shared counters. */
    void publishStats() {
        SctpStats s = manager.association().stats();
        counters.sctpDeltas(
                s.dataChunksRetransmitted() - publishedRetransmissions, s.messagesAbandoned() - publishedAbandoned);
        publishedRetransmissions = s.dataChunksRetransmitted();
        publishedAbandoned = s.messagesAbandoned();
    }

    /** Session closed: publishes the last counts and counts every channel still open as closed. */
    void close() {
        if (closed) {
            return;
        }
        publishStats();
        closed = true;
        for (int i = counted.size(); i > 0; i--) {
            counters.channelClosed();
        }
        counted.clear();
        relayChannels.clear();
        channel = null;
        if (timer != null) {
            timer.cancel(false);
        }
    }

    /**
     * Relay envelope of a binary message (docs/protocol.md "Data channels"): one byte N, the sender's session id in N
     * bytes of UTF-8, then the message unchanged.
     *
     * @return the envelope, or null when the id is longer than 255 bytes
     */
    static byte[] wrapBinary(String senderId, byte[] message) {
        byte[] id = senderId.getBytes(StandardCharsets.UTF_8);
        if (id.length > 255) {
            return null;
        }
        byte[] out = new byte[1 + id.length + message.length];
        out[0] = (byte) id.length;
        System.arraycopy(id, 0, out, 1, id.length);
        System.arraycopy(message, 0, out, 1 + id.length, message.length);
        return out;
    }

    /**
     * Relay envelope of a text message: the sender's session id, a line feed, then the text unchanged (UTF-8 bytes).
     *
     * @return the envelope, or null when the id contains a line feed
     */
    static byte[] wrapText(String senderId, byte[] utf8) {
        if (senderId.indexOf('\n') >= 0) {
            return null;
        }
        byte[] id = senderId.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[id.length + 1 + utf8.length];
        System.arraycopy(id, 0, out, 0, id.length);
        out[id.length] = '\n';
        System.arraycopy(utf8, 0, out, id.length + 1, utf8.length);
        return out;
    }

    private void send(DataChannel c, byte[] data) {
        if (c.send(data) == SendStatus.QUEUED) {
            counters.sent(data.length);
        }
    }

    private void sendText(DataChannel c, byte[] utf8) {
        if (c.sendUtf8(utf8) == SendStatus.QUEUED) {
            counters.sent(utf8.length);
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

    private void onCallsDc(DataChannel c, byte[] data, boolean binary) {
        if (!binary) {
            if ("ping".equals(new String(data, StandardCharsets.UTF_8))) {
                send(c, "pong".getBytes(StandardCharsets.UTF_8), false);
            }
            return;
        }
        switch (CallsDcMessages.type(data)) {
            case CallsDcMessages.PING -> send(c, CallsDcMessages.pong());
            case CallsDcMessages.LOCK -> send(c, CallsDcMessages.lockResponse(session.tryLockForClient()));
            case CallsDcMessages.UNLOCK -> session.unlockFromClient();
            case CallsDcMessages.SDP -> session.onDcSdp(data);
            default -> {
                // client stats (loss rate, RTT, jitter) are not used by this server
            }
        }
    }

    private void send(DataChannel c, byte[] data, boolean binary) {
        if (binary) {
            send(c, data);
        } else {
            sendText(c, data);
        }
    }

    private void onEcho(DataChannel c, byte[] data, boolean binary) {
        if (!binary && CLOSE_COMMAND.equals(new String(data, StandardCharsets.UTF_8))) {
            c.close();
            return;
        }
        if (binary && DISCARD.equals(c.protocol())) {
            return;
        }
        send(c, data, binary);
    }

    private void onRelay(DataChannel c, byte[] data, boolean binary) {
        if (!session.mayPublishData()) {
            counters.drop(DataChannelCounters.Drop.NOT_PERMITTED);
            return;
        }
        byte[] envelope = binary ? wrapBinary(session.sessionId(), data) : wrapText(session.sessionId(), data);
        if (envelope == null) {
            counters.drop(DataChannelCounters.Drop.UNWRAPPABLE);
            return;
        }
        session.relay(c.label(), envelope, binary);
    }

    private final class Listener implements DataChannelListener {
        @Override
        public void onChannelOpen(DataChannel c) {
            if (closed) {
                return;
            }
            counted.add(c);
            counters.channelOpened();
            if (CALLS_DC.equals(c.label())) {
                if (channel == null) {
                    channel = c;
                }
            } else if (!ECHO.equals(c.label())) {
                relayChannels.putIfAbsent(c.label(), c);
            }
        }

        @Override
        public void onMessage(DataChannel c, byte[] data, boolean binary) {
            if (closed) {
                return;
            }
            counters.received(data.length);
            if (CALLS_DC.equals(c.label())) {
                onCallsDc(c, data, binary);
            } else if (ECHO.equals(c.label())) {
                onEcho(c, data, binary);
            } else {
                onRelay(c, data, binary);
            }
        }

        @Override
        public void onChannelClosed(DataChannel c) {
            if (counted.remove(c)) {
                counters.channelClosed();
            }
            if (c == channel) {
                channel = null;
            }
            relayChannels.remove(c.label(), c);
            if (!closed && c.state() == DataChannelState.CLOSED && !relayChannels.containsKey(c.label())) {
                adoptAnother(c.label());
            }
        }
    }

    /** After a relay channel closed, another open channel with the same label (if any) takes its place. */
    private void adoptAnother(String label) {
        if (ECHO.equals(label) || CALLS_DC.equals(label)) {
            return;
        }
        for (DataChannel c : counted) {
            if (label.equals(c.label()) && c.state() == DataChannelState.OPEN) {
                relayChannels.put(label, c);
                return;
            }
        }
    }
}
