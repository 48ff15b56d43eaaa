package io.rtcd.service.realtime;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A minimal JSON-text WebSocket test client on the JDK's {@link WebSocket}. */
final class TextSocket implements WebSocket.Listener, AutoCloseable {
    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private WebSocket ws;

    /** Connects, or throws {@link WebSocketHandshakeException} (via {@link CompletionException}) when refused. */
    static TextSocket connect(URI uri) {
        return connect(HttpClient.newHttpClient(), uri, null);
    }

    /**
     * Connects through {@code http} (e.g. one bound to a local address with {@code HttpClient.Builder.localAddress}),
     * sending {@code Origin} when it is not null.
     */
    static TextSocket connect(HttpClient http, URI uri, String origin) {
        TextSocket s = new TextSocket();
        WebSocket.Builder b = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        if (origin != null) {
            b.header("Origin", origin);
        }
        s.ws = b.buildAsync(uri, s).orTimeout(10, TimeUnit.SECONDS).join();
        return s;
    }

    void send(String text) {
        ws.sendText(text, true).orTimeout(5, TimeUnit.SECONDS).join();
    }

    /** Sends, waiting at most 5 s, ignoring failures (for floods, and for messages the server closes on). */
    void trySend(String text) {
        ws.sendText(text, true)
                .orTimeout(5, TimeUnit.SECONDS)
                .handle((r, e) -> null)
                .join();
    }

    /** Whether the server's close (or an error) has arrived. */
    boolean isClosed() {
        return closed.isDone();
    }

    /** The next message, or fails after 10 s. */
    String next() throws InterruptedException {
        String m = received.poll(10, TimeUnit.SECONDS);
        if (m == null) {
            throw new AssertionError("no message within 10 s");
        }
        return m;
    }

    /** The close status code, waiting up to 10 s. */
    int awaitClose() {
        return closed.orTimeout(10, TimeUnit.SECONDS).join();
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            received.add(partial.toString());
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.completeExceptionally(error);
    }

    @Override
    public void close() {
        if (ws != null && !ws.isOutputClosed()) {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
        if (ws != null) {
            ws.abort();
        }
    }
}
