package io.rtcd.ws;

import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.eclipse.jetty.websocket.api.exceptions.UpgradeException;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A WebSocket client for rtcd's {@code /ws} (rtcd's {@code ws.Client} equivalent), used by tests, the CLI and the
 * load tool. Answers server pings automatically (Jetty's default), caps inbound messages at 1 MiB, buffers up to
 * {@link #RECEIVE_QUEUE} decoded messages (further delivery waits, as rtcd's client does) and allows up to {@link
 * #MAX_PENDING_SENDS} unflushed sends. Thread-safe. Owns one Jetty {@link WebSocketClient}, stopped by {@link
 * #close()}.
 */
public final class WsClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WsClient.class);

    /** Inbound message cap (rtcd: 1 MiB). */
    public static final int MAX_MESSAGE_BYTES = 1 << 20;

    /** Decoded messages buffered for {@link #receive}. */
    public static final int RECEIVE_QUEUE = 5000;

    /** Sends not yet written to the socket before {@link #send} starts returning false. */
    public static final int MAX_PENDING_SENDS = 5000;

    private final WebSocketClient jetty;
    private final Endpoint endpoint;
    private final AtomicBoolean closed = new AtomicBoolean();

    private WsClient(WebSocketClient jetty, Endpoint endpoint) {
        this.jetty = jetty;
        this.endpoint = endpoint;
    }

    /**
     * Connects and completes the upgrade.
     *
     * @param authorizationHeader value of the {@code Authorization} header, or {@code null} for none
     * @throws WsClientException on failure; {@link WsClientException#httpStatus()} holds the status of a refused
     *     upgrade (e.g. 401)
     */
    public static WsClient connect(URI wsUri, String authorizationHeader, Duration timeout) {
        WebSocketClient jetty = new WebSocketClient();
        jetty.setMaxBinaryMessageSize(MAX_MESSAGE_BYTES);
        jetty.setMaxTextMessageSize(MAX_MESSAGE_BYTES);
        jetty.setIdleTimeout(Duration.ofSeconds(60));
        Endpoint endpoint = new Endpoint();
        try {
            jetty.start();
            ClientUpgradeRequest request = new ClientUpgradeRequest(wsUri);
            if (authorizationHeader != null) {
                request.setHeader("Authorization", authorizationHeader);
            }
            request.setTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
            jetty.connect(endpoint, request).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new WsClient(jetty, endpoint);
        } catch (ExecutionException e) {
            stopQuietly(jetty);
            Throwable cause = e.getCause();
            int status = -1;
            for (Throwable t = cause; t != null; t = t.getCause()) {
                if (t instanceof UpgradeException ue && ue.getResponseStatusCode() > 0) {
                    status = ue.getResponseStatusCode();
                    break;
                }
            }
            throw new WsClientException(
                    "WebSocket connect to " + wsUri + " failed"
                            + (status > 0 ? " with HTTP " + status : ": " + (cause == null ? e : cause.getMessage())),
                    status,
                    cause);
        } catch (TimeoutException e) {
            stopQuietly(jetty);
            throw new WsClientException("WebSocket connect to " + wsUri + " timed out after " + timeout, -1, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopQuietly(jetty);
            throw new WsClientException("interrupted while connecting to " + wsUri, -1, e);
        } catch (Exception e) {
            stopQuietly(jetty);
            throw new WsClientException("WebSocket connect to " + wsUri + " failed: " + e.getMessage(), -1, e);
        }
    }

    /**
     * Waits up to {@code timeout} for the next message.
     *
     * @return the message, or {@code null} on timeout
     * @throws WsClientException when the connection is closed and every received message was consumed
     */
    public ClientMessage receive(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                ClientMessage m = endpoint.inbound.poll();
                if (m != null) {
                    return m;
                }
                if (!endpoint.open) {
                    throw new WsClientException(
                            "connection closed (" + endpoint.closeStatus + " " + endpoint.closeReason + ")");
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                m = endpoint.inbound.poll(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)), TimeUnit.NANOSECONDS);
                if (m != null) {
                    return m;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WsClientException("interrupted while receiving");
        }
    }

    /** Queues {@code m}; false when closed or when {@link #MAX_PENDING_SENDS} sends are still unflushed. */
    public boolean send(ClientMessage m) {
        Session s = endpoint.session;
        if (s == null || !endpoint.open || !s.isOpen()) {
            return false;
        }
        if (endpoint.pendingSends.incrementAndGet() > MAX_PENDING_SENDS) {
            endpoint.pendingSends.decrementAndGet();
            return false;
        }
        s.sendBinary(ByteBuffer.wrap(ClientMessageCodec.encode(m)), Callback.from(endpoint::sendDone, t -> {
            endpoint.sendDone();
            LOG.debug("ws client: send failed: {}", t.toString());
        }));
        return true;
    }

    public boolean isOpen() {
        return endpoint.open;
    }

    /** Close status code received or sent, -1 while open. */
    public int closeStatus() {
        return endpoint.closeStatus;
    }

    /** Close reason, {@code null} while open. */
    public String closeReason() {
        return endpoint.closeReason;
    }

    /** Closes normally (1000) and stops the Jetty client. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        Session s = endpoint.session;
        if (s != null && s.isOpen()) {
            s.close(StatusCode.NORMAL, "client closing", Callback.NOOP);
        }
        stopQuietly(jetty);
        endpoint.open = false;
    }

    private static void stopQuietly(WebSocketClient jetty) {
        try {
            jetty.stop();
        } catch (Exception e) {
            LOG.debug("ws client: stop failed: {}", e.toString());
        }
    }

    /** Jetty listener of the client side. Public because Jetty requires it; not part of the API. */
    public static final class Endpoint implements Session.Listener.AutoDemanding {
        private final LinkedBlockingQueue<ClientMessage> inbound = new LinkedBlockingQueue<>(RECEIVE_QUEUE);
        private final AtomicInteger pendingSends = new AtomicInteger();
        private final AtomicBoolean rejectLogged = new AtomicBoolean();
        private volatile Session session;
        private volatile boolean open;
        private volatile int closeStatus = -1;
        private volatile String closeReason;

        Endpoint() {}

        void sendDone() {
            pendingSends.decrementAndGet();
        }

        @Override
        public void onWebSocketOpen(Session s) {
            session = s;
            open = true;
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
                if (rejectLogged.compareAndSet(false, true)) {
                    LOG.warn("ws client: undecodable frame ({}): {}", e.reason(), e.getMessage());
                }
                return;
            }
            try {
                // Blocks this connection's delivery while the consumer is behind (back-pressure, as rtcd's client).
                while (open && !inbound.offer(m, 100, TimeUnit.MILLISECONDS)) {
                    LOG.debug("ws client: receive queue full, waiting");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void onWebSocketClose(int statusCode, String reason) {
            closeStatus = statusCode;
            closeReason = reason;
            open = false;
        }

        @Override
        public void onWebSocketError(Throwable cause) {
            LOG.debug("ws client: error: {}", cause.toString());
            Session s = session;
            if (s == null || !s.isOpen()) {
                if (closeStatus < 0) {
                    closeStatus = StatusCode.ABNORMAL;
                    closeReason = cause.getMessage();
                }
                open = false;
            }
        }
    }
}
