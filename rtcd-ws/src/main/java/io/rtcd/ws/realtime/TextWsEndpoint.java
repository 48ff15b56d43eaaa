package io.rtcd.ws.realtime;

import io.rtcd.ws.IdGenerator;
import io.rtcd.ws.guard.MessageRateGuard;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.util.IteratingCallback;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.eclipse.jetty.websocket.api.exceptions.MessageTooLargeException;
import org.eclipse.jetty.websocket.common.WebSocketSession;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jetty's listener for one {@link TextWsServer} connection and the {@link TextWsConnection} given to the listener.
 * Public only because Jetty requires listener classes to be public; created by {@link TextWsServer}.
 *
 * <p>Threading: Jetty calls {@code onWebSocket*} serially per connection. {@link #send} and {@link #sendDeferred} may be
 * called from any thread: frames go into a bounded queue drained by one {@link IteratingCallback} (one write in flight,
 * carrying every frame queued when it started, up to {@link #MAX_BATCH}), so a slow peer never blocks the caller; an
 * overflowing queue closes the connection with 1008. {@link #send} starts the write on the caller's thread,
 * {@link #sendDeferred} on the server's flush thread. Inbound messages pass the connection's
 * {@link MessageRateGuard} (called on the serial inbound callback) before the listener sees them.
 *
 * @param <A> the attachment type
 */
public final class TextWsEndpoint<A> implements Session.Listener.AutoDemanding, TextWsConnection<A> {
    private static final Logger LOG = LoggerFactory.getLogger(TextWsEndpoint.class);

    /** Close reason when the outbound queue overflows. */
    public static final String SLOW_READER = "send queue full (slow reader)";

    private final TextWsServer<A> server;
    private final A attachment;
    private final String id = IdGenerator.newId();
    private final String remoteAddress;
    private final int queueLimit;
    private final MessageRateGuard rate;
    /** Frames written together at most (one gathering write; Jetty's frame flusher aggregates small ones). */
    static final int MAX_BATCH = 32;

    private final Object sendLock = new Object();
    private final ArrayDeque<String> queue = new ArrayDeque<>();
    private final Flusher flusher = new Flusher();
    private final AtomicBoolean closeRequested = new AtomicBoolean();
    private final AtomicBoolean closedNotified = new AtomicBoolean();
    /** Set while this connection waits in the server's flush queue. */
    final AtomicBoolean flushQueued = new AtomicBoolean();

    private volatile Session session;
    private volatile int failureCode = -1;
    private volatile String failureReason;

    TextWsEndpoint(TextWsServer<A> server, A attachment, String remoteAddress, int queueLimit, MessageRateGuard rate) {
        this.server = server;
        this.attachment = attachment;
        this.remoteAddress = remoteAddress;
        this.queueLimit = queueLimit;
        this.rate = rate;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public A attachment() {
        return attachment;
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
    public boolean send(String text) {
        if (!enqueue(text)) {
            return false;
        }
        flusher.iterate();
        return true;
    }

    @Override
    public boolean sendDeferred(String text) {
        if (!enqueue(text)) {
            return false;
        }
        if (flushQueued.compareAndSet(false, true)) {
            server.requestFlush(this);
        }
        return true;
    }

    private boolean enqueue(String text) {
        if (!isOpen()) {
            return false;
        }
        boolean overflow;
        synchronized (sendLock) {
            overflow = queue.size() >= queueLimit;
            if (!overflow) {
                queue.addLast(text);
            }
        }
        if (overflow) {
            LOG.warn("realtime ws: closing connection {}: {} ({} queued)", id, SLOW_READER, queueLimit);
            close(StatusCode.POLICY_VIOLATION, SLOW_READER);
            return false;
        }
        return true;
    }

    /** Writes what is queued (the server's flush thread, or inline when it has none). */
    void flush() {
        flusher.iterate();
    }

    @Override
    public void close(int statusCode, String reason) {
        Session s = session;
        if (s != null && closeRequested.compareAndSet(false, true)) {
            // Frames queued before the close (e.g. a final "closed" message) go out first: close once flushed.
            flusher.closeAfterFlush(statusCode, reason);
        }
    }

    void ping() {
        Session s = session;
        if (s != null && s.isOpen()) {
            s.sendPing(ByteBuffer.allocate(0), Callback.NOOP);
        }
    }

    void disconnect() {
        Session s = session;
        if (s != null) {
            s.disconnect();
        }
    }

    @Override
    public void onWebSocketOpen(Session s) {
        this.session = s;
        server.register(this);
        try {
            server.listener().onOpen(this);
        } catch (RuntimeException e) {
            LOG.error("realtime ws: listener onOpen failed for connection {}", id, e);
        }
    }

    @Override
    public void onWebSocketText(String message) {
        if (closedNotified.get() || closeRequested.get()) {
            return;
        }
        switch (rate.onMessage(server.guard().now())) {
            case ACCEPT -> {
                // delivered below
            }
            case DROP_AND_NOTIFY -> {
                server.guard().countMessageDropped();
                send(TextWsServer.RATE_LIMITED_ERROR);
                return;
            }
            case DROP -> {
                server.guard().countMessageDropped();
                return;
            }
            case CLOSE -> {
                server.guard().countMessageDropped();
                server.guard().countFlood();
                LOG.info(
                        "realtime ws: closing connection {} from {}: {}",
                        id,
                        remoteAddress,
                        TextWsServer.FLOOD_CLOSE_REASON);
                close(StatusCode.POLICY_VIOLATION, TextWsServer.FLOOD_CLOSE_REASON);
                return;
            }
            default -> throw new IllegalStateException("unknown verdict");
        }
        try {
            server.listener().onText(this, message);
        } catch (RuntimeException e) {
            LOG.error("realtime ws: listener onText failed for connection {}", id, e);
        }
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        callback.succeed();
        close(StatusCode.BAD_DATA, "binary frames are not supported");
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        if (cause instanceof MessageTooLargeException) {
            // Jetty sends 1009 and drops the connection; report 1009 rather than the 1006 of the aborted handshake.
            failureCode = StatusCode.MESSAGE_TOO_LARGE;
            failureReason = cause.getMessage();
            server.guard().countTooLarge();
            LOG.info("realtime ws: closing connection {} from {}: {}", id, remoteAddress, cause.getMessage());
        }
        LOG.debug("realtime ws: error on connection {}: {}", id, cause.toString());
        Session s = session;
        if (s == null || !s.isOpen()) {
            closed(StatusCode.ABNORMAL, cause.getMessage() == null ? "error" : cause.getMessage());
        }
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        closed(statusCode, reason);
    }

    private void closed(int statusCode, String why) {
        if (!closedNotified.compareAndSet(false, true)) {
            return;
        }
        boolean aborted = statusCode == StatusCode.ABNORMAL && failureCode > 0;
        int code = aborted ? failureCode : statusCode;
        String reason = aborted ? failureReason : why;
        closeRequested.set(true);
        synchronized (sendLock) {
            queue.clear();
        }
        server.unregister(this);
        try {
            server.listener().onClose(this, code, reason == null ? "" : reason);
        } catch (RuntimeException e) {
            LOG.error("realtime ws: listener onClose failed for connection {}", id, e);
        }
    }

    @Override
    public String toString() {
        return "TextWsConnection[" + id + ", " + remoteAddress + "]";
    }

    /** Sends queued frames one at a time, then the close frame if one was requested. */
    private final class Flusher extends IteratingCallback {
        private int closeCode;
        private String closeReason;
        private boolean closeSent;

        void closeAfterFlush(int code, String reason) {
            synchronized (sendLock) {
                closeCode = code;
                closeReason = reason;
            }
            iterate();
        }

        private final String[] batch = new String[MAX_BATCH];

        @Override
        protected Action process() {
            Session s = session;
            CoreSession core = s instanceof WebSocketSession ws ? ws.getCoreSession() : null;
            int max = core != null ? MAX_BATCH : 1;
            int n = 0;
            int code;
            String reason;
            synchronized (sendLock) {
                if (s != null) {
                    while (n < max && !queue.isEmpty()) {
                        batch[n++] = queue.pollFirst();
                    }
                }
                code = closeCode;
                reason = closeReason;
            }
            if (s == null) {
                return Action.IDLE;
            }
            if (n == 1) {
                String text = batch[0];
                batch[0] = null;
                s.sendText(text, Callback.from(this::succeeded, this::failed));
                return Action.SCHEDULED;
            }
            if (n > 1) {
                writeBatch(core, n);
                return Action.SCHEDULED;
            }
            if (code != 0 && !closeSent) {
                closeSent = true;
                s.close(code, reason, Callback.NOOP);
            }
            return Action.IDLE;
        }

        /**
         * Several frames as one batch on Jetty's core session: every frame but the last is marked "batch", so Jetty's
         * frame flusher gathers them into one write. The last frame's callback completes this step; the frames before
         * it go out in the same write (or fail with it).
         */
        private void writeBatch(CoreSession core, int n) {
            for (int i = 0; i < n - 1; i++) {
                core.sendFrame(new Frame(OpCode.TEXT).setPayload(batch[i]), org.eclipse.jetty.util.Callback.NOOP, true);
                batch[i] = null;
            }
            String last = batch[n - 1];
            batch[n - 1] = null;
            core.sendFrame(
                    new Frame(OpCode.TEXT).setPayload(last),
                    org.eclipse.jetty.util.Callback.from(this::succeeded, this::failed),
                    false);
        }

        @Override
        protected void onCompleteFailure(Throwable cause) {
            LOG.debug("realtime ws: send failed on connection {}: {}", id, cause.toString());
            synchronized (sendLock) {
                queue.clear();
            }
        }
    }
}
