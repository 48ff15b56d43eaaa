package io.rtcd.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * One participant's socket on rtcd's browser face ({@code /realtime/connect/{cospace}?token=}, docs/protocol.md
 * "Browser face"): waits for {@code welcome}, sends the offer, completes {@link #answer()} with the SFU's answer and
 * answers every server renegotiation {@code offer} with {@code answerer}. Text frames may arrive in parts; they are
 * joined before parsing. Sends are chained, since the JDK client allows one outstanding send per socket.
 *
 * <p>Threads: callbacks run on the HTTP client's executor, one at a time per socket (the listener requests one
 * message after the previous one is handled).
 */
final class RealtimeSignal implements WebSocket.Listener, AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    private final UnaryOperator<String> answerer;
    private final StringBuilder partial = new StringBuilder();
    private final CompletableFuture<String> welcome = new CompletableFuture<>();
    private final CompletableFuture<String> answer = new CompletableFuture<>();
    private final Object sendLock = new Object();
    private CompletableFuture<?> sendChain = CompletableFuture.completedFuture(null);
    private volatile WebSocket socket;
    private volatile String closedReason;
    private volatile String lastError;
    private volatile int serverOffers;

    private RealtimeSignal(UnaryOperator<String> answerer) {
        this.answerer = answerer;
    }

    /** Dials the socket and waits for the upgrade, bounded by {@code timeout}. */
    static RealtimeSignal connect(HttpClient http, URI uri, UnaryOperator<String> answerer, Duration timeout)
            throws Exception {
        RealtimeSignal s = new RealtimeSignal(answerer);
        s.socket = http.newWebSocketBuilder()
                .connectTimeout(timeout)
                .buildAsync(uri, s)
                .get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        return s;
    }

    /** The session id of {@code welcome}. */
    String awaitWelcome(Duration timeout) throws Exception {
        return welcome.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    CompletableFuture<String> answer() {
        return answer;
    }

    void send(String type, String key, String value) {
        ObjectNode n = JSON.createObjectNode().put("type", type);
        if (key != null) {
            n.put(key, value);
        }
        String text = n.toString();
        synchronized (sendLock) {
            WebSocket ws = socket;
            sendChain = sendChain.handle((ok, err) -> null).thenCompose(x -> ws.sendText(text, true));
        }
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            String text = partial.toString();
            partial.setLength(0);
            try {
                handle(JSON.readTree(text));
            } catch (IOException | RuntimeException e) {
                lastError = "unreadable server message: " + e.getMessage();
            }
        }
        webSocket.request(1);
        return null;
    }

    private void handle(JsonNode n) {
        switch (n.path("type").asText()) {
            case "welcome" -> welcome.complete(n.path("sessionId").asText());
            case "answer" -> answer.complete(n.path("sdp").asText());
            case "offer" -> {
                serverOffers++;
                send("answer", "sdp", answerer.apply(n.path("sdp").asText()));
            }
            case "error" -> {
                lastError = n.path("code").asText() + ": " + n.path("message").asText();
                answer.completeExceptionally(new IllegalStateException("server error " + lastError));
            }
            case "closed" -> closedReason = n.path("reason").asText();
            default -> {
                // voice activity and future message types: not needed by the load run
            }
        }
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        if (closedReason == null) {
            closedReason = "socket closed " + statusCode + " " + reason;
        }
        fail(new IllegalStateException(closedReason));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        if (closedReason == null) {
            // The JDK wraps a frame violation (its FailWebSocketException) in a bare ProtocolException: keep the cause.
            closedReason = "socket error " + error + (error.getCause() == null ? "" : " (" + error.getCause() + ")");
        }
        fail(new IllegalStateException(closedReason, error));
    }

    private void fail(Throwable cause) {
        welcome.completeExceptionally(cause);
        answer.completeExceptionally(cause);
    }

    /** Why the session ended, or null while it is open. */
    String closedReason() {
        return closedReason;
    }

    String lastError() {
        return lastError;
    }

    int serverOffers() {
        return serverOffers;
    }

    /** Sends a close frame (bounded wait), then aborts the connection. */
    @Override
    public void close() {
        WebSocket ws = socket;
        if (ws == null) {
            return;
        }
        try {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bench done").get(1, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // aborted below
        }
        ws.abort();
    }
}
