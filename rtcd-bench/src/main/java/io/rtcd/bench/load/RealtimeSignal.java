package io.rtcd.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * One participant's socket on rtcd's browser face ({@code /realtime/connect/{cospace}?token=}, docs/protocol.md
 * "Browser face"): completes {@link #awaitWelcome} with {@code welcome}'s session id and {@link #answer()} with the SFU's
 * answer, and answers every server renegotiation {@code offer} with {@code answerer}. Cospace events (presence) are
 * counted, not parsed. Dialled with Jetty's client ({@link
 * SignalClient} says why not the JDK's); Jetty hands over whole messages. Sends are chained, one outstanding per
 * socket. Public only because Jetty requires listener classes to be public.
 *
 * <p>Threads: callbacks run on the {@code lg-ws} pool, one at a time per socket.
 */
public final class RealtimeSignal implements Session.Listener.AutoDemanding, Signal {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final String PREFIX_EVENT = "{\"event\":";

    private final UnaryOperator<String> answerer;
    private final CompletableFuture<String> welcome = new CompletableFuture<>();
    private final CompletableFuture<String> answer = new CompletableFuture<>();
    private final Object sendLock = new Object();
    private CompletableFuture<?> sendChain = CompletableFuture.completedFuture(null);
    private volatile Session socket;
    private volatile String closedReason;
    private volatile String lastError;
    private volatile int serverOffers;
    private volatile long events;
    private volatile long upgradedNanos;
    private volatile long welcomeNanos;
    private volatile long answerNanos;

    private RealtimeSignal(UnaryOperator<String> answerer) {
        this.answerer = answerer;
    }

    /** Dials the socket and waits for the upgrade, bounded by {@code timeout}. */
    static RealtimeSignal connect(SignalClient client, URI uri, UnaryOperator<String> answerer, Duration timeout)
            throws Exception {
        RealtimeSignal s = new RealtimeSignal(answerer);
        s.socket = client.jetty().connect(s, uri).get(timeout.toNanos(), TimeUnit.NANOSECONDS);
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
            Session ws = socket;
            sendChain = sendChain.handle((ok, err) -> null).thenCompose(x -> {
                CompletableFuture<Void> sent = new CompletableFuture<>();
                ws.sendText(text, Callback.from(() -> sent.complete(null), sent::completeExceptionally));
                return sent;
            });
        }
    }

    @Override
    public void onWebSocketOpen(Session session) {
        upgradedNanos = System.nanoTime();
        socket = session;
    }

    @Override
    public void onWebSocketText(String text) {
        if (isCospaceEvent(text)) {
            events++;
            return;
        }
        try {
            handle(JSON.readTree(text));
        } catch (IOException | RuntimeException e) {
            lastError = "unreadable server message: " + e.getMessage();
        }
    }

    private void handle(JsonNode n) {
        switch (n.path("type").asText()) {
            case "welcome" -> {
                welcomeNanos = System.nanoTime();
                welcome.complete(n.path("sessionId").asText());
            }
            case "answer" -> {
                if (answerNanos == 0) {
                    answerNanos = System.nanoTime();
                }
                answer.complete(n.path("sdp").asText());
            }
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
    public void onWebSocketClose(int statusCode, String reason, Callback callback) {
        callback.succeed();
        if (closedReason == null) {
            closedReason = "socket closed " + statusCode + " " + reason;
        }
        fail(new IllegalStateException(closedReason));
    }

    @Override
    public void onWebSocketError(Throwable error) {
        if (closedReason == null) {
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

    /**
     * A cospace event ({@code {"event":...}}: presence, activity, messages; docs/protocol.md "Cospaces"). The load run
     * needs none of them, so they are counted, not parsed: a listener of an N-person room gets N-1 of them per join.
     */
    static boolean isCospaceEvent(String text) {
        return text.length() > PREFIX_EVENT.length() && text.startsWith(PREFIX_EVENT);
    }

    /** Cospace events received (not parsed). */
    long events() {
        return events;
    }

    /** {@code System.nanoTime()} when the upgrade completed, the welcome and the first answer arrived (0: not yet). */
    @Override
    public long upgradedNanos() {
        return upgradedNanos;
    }

    long welcomeNanos() {
        return welcomeNanos;
    }

    long answerNanos() {
        return answerNanos;
    }

    int serverOffers() {
        return serverOffers;
    }

    /** Sends a close frame (bounded wait), then drops the connection. */
    @Override
    public void close() {
        Signal.closeSocket(socket);
    }
}
