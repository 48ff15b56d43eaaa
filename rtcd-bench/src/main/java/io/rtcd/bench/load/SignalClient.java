package io.rtcd.bench.load;

import java.time.Duration;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * The WebSocket client every {@link RealtimeSignal} of a run dials with: Jetty's (threads {@code lg-ws-*}), not the
 * JDK's {@code java.net.http.WebSocket}. The JDK client (25) can lose or misplace bytes that reach the socket right
 * after the {@code 101} response, while it hands the connection from its HTTP/1.1 reader to the WebSocket reader: a
 * server that writes at once after the upgrade (rtcd's {@code welcome}, then presence events) then fails 1-3 % of
 * the joins of a busy machine with "Invalid UTF-8 in frame TEXT" (a frame header read as payload), with no fault on
 * the server (docs/performance.md section 3, "Signalling client").
 *
 * <p>Lifecycle: {@link #start()} then {@link #close()} (idempotent).
 */
final class SignalClient implements AutoCloseable {
    /** A welcome or an SDP offer of a large cospace is tens to hundreds of KiB; Jetty's default is 64 KiB. */
    private static final int MAX_MESSAGE_BYTES = 16 << 20;
    /** The server pings every 15 s; a run never leaves a socket idle for this long. */
    private static final Duration IDLE_TIMEOUT = Duration.ofMinutes(30);

    private final WebSocketClient jetty;

    private SignalClient(WebSocketClient jetty) {
        this.jetty = jetty;
    }

    /** Starts the client and its thread pool. */
    static SignalClient start() throws Exception {
        QueuedThreadPool pool = new QueuedThreadPool(64, 4);
        pool.setName("lg-ws");
        pool.setDaemon(true);
        HttpClient http = new HttpClient();
        http.setExecutor(pool);
        WebSocketClient jetty = new WebSocketClient(http);
        jetty.setMaxTextMessageSize(MAX_MESSAGE_BYTES);
        jetty.setMaxBinaryMessageSize(MAX_MESSAGE_BYTES);
        jetty.setIdleTimeout(IDLE_TIMEOUT);
        jetty.start();
        return new SignalClient(jetty);
    }

    WebSocketClient jetty() {
        return jetty;
    }

    @Override
    public void close() {
        try {
            jetty.stop();
        } catch (Exception ignored) {
            // stopping at the end of a run: nothing left to do
        }
    }
}
