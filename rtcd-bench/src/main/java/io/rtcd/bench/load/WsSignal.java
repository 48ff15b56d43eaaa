package io.rtcd.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import io.rtcd.ws.ClientMessage;
import io.rtcd.ws.ClientMessageCodec;
import io.rtcd.ws.Close;
import io.rtcd.ws.Hello;
import io.rtcd.ws.Join;
import io.rtcd.ws.Leave;
import io.rtcd.ws.Rtc;
import io.rtcd.ws.RtcMessage;
import io.rtcd.ws.WsProtocolException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;

/**
 * One backend socket on rtcd's {@code /ws} face (docs/protocol.md "{@code /ws}: backend signalling"), as a Mattermost
 * plugin node holds it: Basic (or Bearer) auth before the upgrade, {@code hello}, then {@code join}, {@code rtc} and
 * {@code leave} for any number of sessions, each addressed by its session ID. {@link #open} adds a session; the
 * server's answers and renegotiation offers for it are routed to it by {@code session_id}. A run uses one socket per
 * session ({@code face=ws}) or all sessions on one socket ({@code face=ws_mux}). Public only because Jetty requires
 * listener classes to be public.
 *
 * <p>Threads: callbacks run on the {@code lg-ws} pool, one at a time per socket; sends are chained, one outstanding
 * per socket.
 */
public final class WsSignal implements Session.Listener.AutoDemanding, AutoCloseable {
    private final CompletableFuture<String> hello = new CompletableFuture<>();
    private final ConcurrentHashMap<String, Participant> sessions = new ConcurrentHashMap<>();
    private final Object sendLock = new Object();
    private CompletableFuture<?> sendChain = CompletableFuture.completedFuture(null);
    private volatile Session socket;
    private volatile long upgradedNanos;
    private volatile long helloNanos;
    private volatile String closedReason;
    private volatile String lastError;

    private WsSignal() {}

    /** Dials {@code /ws} with {@code authorization} and waits for {@code hello}, bounded by {@code timeout}. */
    static WsSignal connect(SignalClient client, URI uri, String authorization, Duration timeout) throws Exception {
        WsSignal s = new WsSignal();
        ClientUpgradeRequest req = new ClientUpgradeRequest(uri);
        req.setHeader("Authorization", authorization);
        req.setTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        long deadline = System.nanoTime() + timeout.toNanos();
        s.socket = client.jetty().connect(s, req).get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        s.hello.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        return s;
    }

    /**
     * Joins session {@code sessionId} of call {@code callId} on this socket ({@code join}); the returned participant
     * sends its offer and gets its answer. {@code ownsSocket}: closing the participant closes the socket too.
     */
    Participant open(
            String callId, String userId, String sessionId, UnaryOperator<String> answerer, boolean ownsSocket) {
        Participant p = new Participant(callId, userId, sessionId, answerer, ownsSocket);
        sessions.put(sessionId, p);
        send(new Join(callId, userId, sessionId, callId, false, false));
        return p;
    }

    private void send(ClientMessage m) {
        ByteBuffer frame = ByteBuffer.wrap(ClientMessageCodec.encode(m));
        synchronized (sendLock) {
            Session ws = socket;
            sendChain = sendChain.handle((ok, err) -> null).thenCompose(x -> {
                CompletableFuture<Void> sent = new CompletableFuture<>();
                ws.sendBinary(frame, Callback.from(() -> sent.complete(null), sent::completeExceptionally));
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
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        byte[] frame = new byte[payload.remaining()];
        payload.get(frame);
        callback.succeed();
        ClientMessage m;
        try {
            m = ClientMessageCodec.decode(frame);
        } catch (WsProtocolException e) {
            lastError = "undecodable frame: " + e.getMessage();
            return;
        }
        switch (m) {
            case Hello h -> {
                helloNanos = System.nanoTime();
                hello.complete(h.clientId());
            }
            case Rtc r -> {
                Participant p = sessions.get(r.msg().sessionId());
                if (p != null) {
                    p.onRtc(r.msg());
                }
            }
            case Close c -> {
                Participant p = sessions.remove(c.sessionId());
                if (p != null) {
                    p.fail(new IllegalStateException("server closed session " + c.sessionId()));
                }
            }
            default -> {
                // vad and the rest: not needed by the load run
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
        hello.completeExceptionally(cause);
        sessions.values().forEach(p -> p.fail(cause));
    }

    long upgradedNanos() {
        return upgradedNanos;
    }

    long helloNanos() {
        return helloNanos;
    }

    String lastError() {
        return lastError;
    }

    /** Sends a close frame (bounded wait), then drops the connection. */
    @Override
    public void close() {
        Signal.closeSocket(socket);
    }

    /** One session on this socket. */
    final class Participant implements Signal {
        private final String callId;
        private final String userId;
        private final String sessionId;
        private final UnaryOperator<String> answerer;
        private final boolean ownsSocket;
        private final CompletableFuture<String> answer = new CompletableFuture<>();
        private final long joinNanos = System.nanoTime();
        private volatile long answerNanos;
        private volatile int serverOffers;

        private Participant(
                String callId, String userId, String sessionId, UnaryOperator<String> answerer, boolean ownsSocket) {
            this.callId = callId;
            this.userId = userId;
            this.sessionId = sessionId;
            this.answerer = answerer;
            this.ownsSocket = ownsSocket;
        }

        /** The SDP offer of this session ({@code rtc} type 2, docs/protocol.md). */
        void offer(String sdp) {
            rtc(
                    RtcMessage.SDP,
                    RealtimeSignal.JSON
                            .createObjectNode()
                            .put("type", "offer")
                            .put("sdp", sdp)
                            .toString());
        }

        /** Announces a video stream before the offer ({@code rtc} type 9, {@code {"videoStreamID"}}). */
        void videoOn(String streamId) {
            rtc(
                    RtcMessage.VIDEO_ON,
                    RealtimeSignal.JSON
                            .createObjectNode()
                            .put("videoStreamID", streamId)
                            .toString());
        }

        private void rtc(int type, String json) {
            String group = hello.getNow("");
            send(new Rtc(
                    new RtcMessage(group, userId, sessionId, callId, type, json.getBytes(StandardCharsets.UTF_8))));
        }

        CompletableFuture<String> answer() {
            return answer;
        }

        void onRtc(RtcMessage m) {
            if (m.type() != RtcMessage.SDP) {
                return; // candidates: the load peer uses the host candidate in the SDP
            }
            try {
                JsonNode n = RealtimeSignal.JSON.readTree(m.data());
                String sdp = n.path("sdp").asText();
                switch (n.path("type").asText()) {
                    case "answer" -> {
                        if (answerNanos == 0) {
                            answerNanos = System.nanoTime();
                        }
                        answer.complete(sdp);
                    }
                    case "offer" -> {
                        serverOffers++;
                        rtc(
                                RtcMessage.SDP,
                                RealtimeSignal.JSON
                                        .createObjectNode()
                                        .put("type", "answer")
                                        .put("sdp", answerer.apply(sdp))
                                        .toString());
                    }
                    default ->
                        lastError = "unexpected SDP type " + n.path("type").asText();
                }
            } catch (java.io.IOException | RuntimeException e) {
                lastError = "unreadable rtc data: " + e.getMessage();
            }
        }

        void fail(Throwable cause) {
            answer.completeExceptionally(cause);
        }

        long answerNanos() {
            return answerNanos;
        }

        /** When the socket was upgraded; for a session on a shared socket, when its {@code join} was sent. */
        @Override
        public long upgradedNanos() {
            return ownsSocket ? WsSignal.this.upgradedNanos : joinNanos;
        }

        /** {@code hello} of its own socket, or its {@code join} on a shared one: what stands for the welcome. */
        long welcomeNanos() {
            return ownsSocket ? helloNanos : joinNanos;
        }

        int serverOffers() {
            return serverOffers;
        }

        /** {@code leave}; closes the socket when it owns it. */
        @Override
        public void close() {
            if (socket != null && socket.isOpen()) {
                send(new Leave(sessionId));
            }
            sessions.remove(sessionId);
            if (ownsSocket) {
                WsSignal.this.close();
            }
        }
    }
}
