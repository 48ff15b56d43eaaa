package io.rtcd.service.realtime;

import static io.rtcd.service.realtime.RealtimeTestSupport.KEY;
import static io.rtcd.service.realtime.RealtimeTestSupport.mintToken;
import static io.rtcd.service.realtime.RealtimeTestSupport.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rtcd.service.RtcdHarness;
import io.rtcd.service.RtcdService;
import io.rtcd.service.client.RtcdClient;
import io.rtcd.service.config.RealtimeSocketConfig;
import io.rtcd.ws.guard.GuardConfig;
import io.rtcd.ws.realtime.TextWsConfig;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The browser face's abuse guard through the whole service, with small limits: attempts per address (429), Origin
 * (403), message flood (rate_limited then 1008) and size (1009), each without affecting another participant. Each test
 * connects from its own loopback source address (127.0.0.x), so that their attempt budgets are separate.
 */
class RealtimeGuardIT {
    private static final String CLIENT = "guard-backend";
    private static final int ATTEMPTS_PER_MINUTE = 4;
    private static final Map<String, HttpClient> HTTP = new ConcurrentHashMap<>();

    @TempDir
    static Path dataDir;

    static RtcdService service;
    static URI base;

    private final List<TextSocket> sockets = new ArrayList<>();

    @BeforeAll
    static void start() {
        TextWsConfig d = TextWsConfig.defaults();
        RealtimeSocketConfig limits = new RealtimeSocketConfig(
                new TextWsConfig(2048, d.sendQueueLimit(), d.pingInterval(), d.idleTimeout()),
                new GuardConfig(
                        ATTEMPTS_PER_MINUTE,
                        5,
                        5,
                        10,
                        List.of("https://app.example"),
                        GuardConfig.DEFAULT_MAX_TRACKED_ADDRESSES));
        service = new RtcdService(RtcdHarness.config(dataDir).withRealtimeSocket(limits));
        service.start();
        base = URI.create("http://127.0.0.1:" + service.port());
        RtcdClient.basic(base, "admin", RtcdHarness.ADMIN_SECRET).register(CLIENT, KEY);
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @AfterEach
    void closeSockets() {
        sockets.forEach(TextSocket::close);
    }

    @Test
    void attemptsOverThePerAddressLimitAre429WhileConnectedAndOtherClientsAreUnaffected() throws Exception {
        // One user per socket: the same user connecting again would take its earlier socket over.
        TextSocket first = join("127.0.0.3", "guard-attempts", mintToken(base, CLIENT, "guard-attempts", "ann"), null);
        // A refused token counts as an attempt too.
        assertEquals(401, refused("127.0.0.3", "guard-attempts", "forged", null).statusCode());
        join("127.0.0.3", "guard-attempts", mintToken(base, CLIENT, "guard-attempts", "abe"), null);
        join("127.0.0.3", "guard-attempts", mintToken(base, CLIENT, "guard-attempts", "amy"), null);

        String token = mintToken(base, CLIENT, "guard-attempts", "art");
        HttpResponse<?> limited = refused("127.0.0.3", "guard-attempts", token, null);
        assertEquals(429, limited.statusCode());
        // 4 per minute: a token every 15 s after the first attempt (less the time the attempts took).
        int retryAfter =
                Integer.parseInt(limited.headers().firstValue("Retry-After").orElse("0"));
        assertTrue(retryAfter >= 1 && retryAfter <= 15, "Retry-After " + retryAfter);
        JsonNode body = parse(String.valueOf(limited.body()));
        assertEquals("429", body.path("code").asText());
        assertTrue(body.path("error").asText().contains("too many connection attempts"), body.toString());
        assertEquals(1.0, refusals("connect_rate"));
        assertTrue(refusals("token_malformed") >= 1.0);

        join("127.0.0.6", "guard-attempts", token, null); // same token, another address
        first.send("{not json");
        assertEquals("malformed", nextError(first).path("code").asText());
    }

    @Test
    void aForeignOriginIs403AndTheSameOrAnAllowedOriginConnects() throws Exception {
        String token = mintToken(base, CLIENT, "guard-origin", "bea");
        HttpResponse<?> r = refused("127.0.0.4", "guard-origin", token, "https://evil.example");
        assertEquals(403, r.statusCode());
        assertEquals(
                "origin not allowed",
                parse(String.valueOf(r.body())).path("error").asText());
        assertEquals(1.0, refusals("origin"));
        assertEquals(401, refused("127.0.0.4", "guard-other", token, null).statusCode());
        assertEquals(1.0, refusals("token_wrong_cospace"));
        join("127.0.0.4", "guard-origin", token, "https://app.example");
        join(
                "127.0.0.4",
                "guard-origin",
                mintToken(base, CLIENT, "guard-origin", "ben"),
                "http://127.0.0.1:" + service.port());
    }

    @Test
    void aFloodIsRateLimitedThenClosed1008AndTheOtherParticipantIsUnaffected() throws Exception {
        TextSocket flooder = join("127.0.0.1", "guard-flood", mintToken(base, CLIENT, "guard-flood", "fay"), null);
        TextSocket bystander = join("127.0.0.1", "guard-flood", mintToken(base, CLIENT, "guard-flood", "gus"), null);

        // The burst (5) passes and each gets its "malformed" answer; the 6th is dropped with one rate_limited.
        for (int i = 0; i < 6; i++) {
            flooder.send("{not json");
        }
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            codes.add(nextError(flooder).path("code").asText());
        }
        assertEquals(List.of("malformed", "malformed", "malformed", "malformed", "malformed", "rate_limited"), codes);

        // Paced so the server's close frame is read before the next write: writing into a socket the server already
        // closed makes the JDK client report "broken pipe" instead of the close code.
        for (int i = 0; i < 30 && !flooder.isClosed(); i++) {
            flooder.trySend("{not json");
            Thread.sleep(20);
        }
        assertEquals(1008, flooder.awaitClose());
        awaitRefusals("message_flood", 1.0);

        bystander.send("{not json");
        assertEquals("malformed", nextError(bystander).path("code").asText());
    }

    @Test
    void anOversizedMessageCloses1009AndTheOtherParticipantIsUnaffected() throws Exception {
        TextSocket big = join("127.0.0.5", "guard-size", mintToken(base, CLIENT, "guard-size", "hal"), null);
        TextSocket other = join("127.0.0.5", "guard-size", mintToken(base, CLIENT, "guard-size", "ivy"), null);
        big.trySend("{\"type\":\"offer\",\"sdp\":\"" + "a".repeat(3000) + "\"}");
        assertEquals(1009, big.awaitClose());
        awaitRefusals("message_too_large", 1.0); // counted by the server after its close frame went out
        other.send("{not json");
        assertEquals("malformed", nextError(other).path("code").asText());
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private TextSocket join(String from, String cospace, String token, String origin) throws Exception {
        TextSocket s = TextSocket.connect(http(from), connectUri(cospace, token), origin);
        sockets.add(s);
        for (int i = 0; i < 20; i++) {
            if ("welcome".equals(parse(s.next()).path("type").asText())) {
                return s;
            }
        }
        throw new AssertionError("no welcome");
    }

    private HttpResponse<?> refused(String from, String cospace, String token, String origin) {
        CompletionException e = assertThrows(
                CompletionException.class,
                () -> sockets.add(TextSocket.connect(http(from), connectUri(cospace, token), origin)));
        return assertInstanceOf(WebSocketHandshakeException.class, e.getCause()).getResponse();
    }

    /** The next {@code error} message, skipping presence and other events. */
    private static JsonNode nextError(TextSocket s) throws InterruptedException {
        for (int i = 0; i < 50; i++) {
            JsonNode m = parse(s.next());
            if ("error".equals(m.path("type").asText())) {
                return m;
            }
        }
        throw new AssertionError("no error message");
    }

    private static URI connectUri(String cospace, String token) {
        return URI.create("ws://127.0.0.1:" + service.port() + "/realtime/connect/" + cospace + "?token=" + token);
    }

    private static HttpClient http(String from) {
        return HTTP.computeIfAbsent(from, a -> {
            try {
                return HttpClient.newBuilder()
                        .localAddress(InetAddress.getByName(a))
                        .connectTimeout(Duration.ofSeconds(5))
                        .build();
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static void awaitRefusals(String reason, double expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        double v = refusals(reason);
        while (v != expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
            v = refusals(reason);
        }
        assertEquals(expected, v, reason);
    }

    /** {@code rtcd_guard_refused_total{face="realtime",reason}} from /metrics, 0 when absent. */
    private static double refusals(String reason) throws Exception {
        String text = RealtimeTestSupport.get(base, "/metrics").body();
        Matcher m = Pattern.compile(
                        "(?m)^rtcd_guard_refused_total\\{face=\"realtime\",reason=\"" + reason + "\"} ([0-9.eE+-]+)$")
                .matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
