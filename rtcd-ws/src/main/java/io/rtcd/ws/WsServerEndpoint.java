package io.rtcd.ws;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.util.IteratingCallback;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.eclipse.jetty.websocket.api.exceptions.MessageTooLargeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One accepted connection: Jetty's listener for it and the {@link WsConnection} handed to the service. Public only
 * because Jetty requires listener classes to be public; create through {@link WsServer}.
 *
 * <p>Threading: Jetty calls the {@code onWebSocket*} methods serially per connection; the {@link WsListener} calls are
 * additionally guarded by a per-connection lock so that an abrupt close cannot overlap a message callback. {@link
 * #send} may be called from any thread: frames go into a bounded queue (size {@link WsConfig#sendQueueLimit()}) that
 * one {@link IteratingCallback} drains with Jetty's async {@code sendBinary}, one frame in flight at a time, so a slow
 * peer never blocks the caller or other connections; a full queue closes the connection with 1008.
 */
public final class WsServerEndpoint implements Session.Listener.AutoDemanding, WsConnection {

    private static final Logger LOG = LoggerFactory.getLogger(WsServerEndpoint.class);

    /** Close reason when the outbound queue overflows. */
    public static final String SLOW_READER = "send queue full (slow reader)";

    private final WsServer server;
    private final WsPrincipal principal;
    private final String connId = IdGenerator.newId();
    private final String remoteAddress;
    private final int queueLimit;
    private final Object sendLock = new Object();
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private final Flusher flusher = new Flusher();
    private final Object callbackLock = new Object();
    private final AtomicBoolean closeRequested = new AtomicBoolean();
    private final AtomicBoolean closedNotified = new AtomicBoolean();
    private final AtomicBoolean textLogged = new AtomicBoolean();
    private final AtomicBoolean rejectLogged = new AtomicBoolean();
    private volatile Session session;
    private volatile int failureCode = -1;
    private volatile String failureReason;
    private volatile long lastPongNanos = System.nanoTime();

    WsServerEndpoint(WsServer server, WsPrincipal principal, String remoteAddress, int queueLimit) {
        this.server = server;
        this.principal = principal;
        this.remoteAddress = remoteAddress;
        this.queueLimit = queueLimit;
    }

    @Override
    public String connId() {
        return connId;
    }

    @Override
    public String clientId() {
        return principal.clientId();
    }

    @Override
    public String remoteAddress() {
        return remoteAddress;
    }

    @Override
    public boolean isOpen() {
        Session s = session;
        return s != null && s.isOpen() && !closeRequested.get();
    }

    @Override
    public boolean send(ClientMessage m) {
        if (!isOpen()) {
            return false;
        }
        byte[] frame = ClientMessageCodec.encode(m);
        if (!enqueue(frame)) {
            return false;
        }
        server.metrics().message(clientId(), m, "out");
        return true;
    }

    private boolean enqueue(byte[] frame) {
        boolean overflow;
        synchronized (sendLock) {
            overflow = queue.size() >= queueLimit;
            if (!overflow) {
                queue.addLast(frame);
            }
        }
        if (overflow) {
            LOG.warn(
                    "ws: closing connection {} of client {}: {} ({} queued)",
                    connId,
                    clientId(),
                    SLOW_READER,
                    queueLimit);
            close(StatusCode.POLICY_VIOLATION, SLOW_READER);
            return false;
        }
        flusher.iterate();
        return true;
    }

    @Override
    public void close(int statusCode, String reason) {
        Session s = session;
        if (s != null && closeRequested.compareAndSet(false, true)) {
            s.close(statusCode, reason, Callback.NOOP);
        }
    }

    /** Hard close when a close handshake did not complete in time. */
    void disconnect() {
        Session s = session;
        if (s != null) {
            s.disconnect();
        }
    }

    long lastPongNanos() {
        return lastPongNanos;
    }

    boolean closeRequested() {
        return closeRequested.get();
    }

    void ping() {
        Session s = session;
        if (s != null && s.isOpen()) {
            s.sendPing(ByteBuffer.allocate(0), Callback.NOOP);
        }
    }

    @Override
    public void onWebSocketOpen(Session s) {
        this.session = s;
        lastPongNanos = System.nanoTime();
        server.register(this);
        // hello first, bypassing the message metric (rtcd does not count hello).
        enqueue(ClientMessageCodec.encode(new Hello(clientId(), connId)));
        synchronized (callbackLock) {
            try {
                server.listener().onOpen(this);
            } catch (RuntimeException e) {
                LOG.error("ws: listener onOpen failed for connection {}", connId, e);
            }
        }
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        byte[] frame = new byte[payload.remaining()];
        payload.get(frame);
        callback.succeed();
        ClientMessage m;
        try {
            m = ClientMessageCodec.decode(frame);
        } catch (WsProtocolException e) {
            server.metrics().rejected(e.reason());
            if (rejectLogged.compareAndSet(false, true)) {
                LOG.warn(
                        "ws: undecodable frame on connection {} of client {} ({}): {} (further ones are only counted)",
                        connId,
                        clientId(),
                        e.reason(),
                        e.getMessage());
            }
            return;
        }
        server.metrics().message(clientId(), m, "in");
        synchronized (callbackLock) {
            if (closedNotified.get()) {
                return;
            }
            try {
                server.listener().onMessage(this, m);
            } catch (RuntimeException e) {
                LOG.error("ws: listener onMessage failed for connection {} ({})", connId, m.type(), e);
            }
        }
    }

    @Override
    public void onWebSocketText(String message) {
        if (textLogged.compareAndSet(false, true)) {
            LOG.warn("ws: unexpected text message on connection {} of client {}, ignored", connId, clientId());
        }
    }

    @Override
    public void onWebSocketPong(ByteBuffer payload) {
        lastPongNanos = System.nanoTime();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        if (cause instanceof MessageTooLargeException) {
            // Jetty sent 1009 and drops the connection; report 1009 rather than the 1006 of the aborted handshake.
            failureCode = StatusCode.MESSAGE_TOO_LARGE;
            failureReason = cause.getMessage();
            LOG.info("ws: closing connection {} of client {}: {}", connId, clientId(), cause.getMessage());
        } else {
            LOG.debug("ws: error on connection {}: {}", connId, cause.toString());
        }
        Session s = session;
        if (s == null || !s.isOpen()) {
            closed(StatusCode.ABNORMAL, cause.getMessage() == null ? "error" : cause.getMessage());
        }
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        closed(statusCode, reason);
    }

    private void closed(int code, String why) {
        if (!closedNotified.compareAndSet(false, true)) {
            return;
        }
        boolean aborted = code == StatusCode.ABNORMAL && failureCode > 0;
        int statusCode = aborted ? failureCode : code;
        String reason = aborted ? failureReason : why;
        closeRequested.set(true);
        synchronized (sendLock) {
            queue.clear();
        }
        server.unregister(this);
        LOG.debug("ws: connection {} of client {} closed: {} {}", connId, clientId(), statusCode, reason);
        synchronized (callbackLock) {
            try {
                server.listener().onClose(this, statusCode, reason);
            } catch (RuntimeException e) {
                LOG.error("ws: listener onClose failed for connection {}", connId, e);
            }
        }
    }

    @Override
    public String toString() {
        return "WsConnection[" + connId + ", client=" + clientId() + ", " + remoteAddress + "]";
    }

    /** Sends queued frames one at a time; Jetty's IteratingCallback avoids recursion on synchronous completion. */
    private final class Flusher extends IteratingCallback {
        @Override
        protected Action process() {
            byte[] next;
            synchronized (sendLock) {
                next = queue.pollFirst();
            }
            Session s = session;
            if (next == null || s == null) {
                return Action.IDLE;
            }
            s.sendBinary(ByteBuffer.wrap(next), Callback.from(this::succeeded, this::failed));
            return Action.SCHEDULED;
        }

        @Override
        protected void onCompleteFailure(Throwable cause) {
            LOG.debug("ws: send failed on connection {}: {}", connId, cause.toString());
            synchronized (sendLock) {
                queue.clear();
            }
        }
    }
}
