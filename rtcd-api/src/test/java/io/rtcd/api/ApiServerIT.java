package io.rtcd.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ApiServerIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    record Login(String clientID, String authKey) {}

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private ApiServer server;
    private Counter counter;

    @BeforeEach
    void start() {
        PrometheusRegistry registry = new PrometheusRegistry();
        counter = Counter.builder()
                .name("rtcd_test_requests_total")
                .help("test counter")
                .register(registry);
        server = new ApiServer(ApiConfig.defaults().withListenAddress("127.0.0.1:0"));
        server.route(
                "GET",
                "/calls/{callID}/sessions/{sessionID}",
                r -> ApiResponse.json(
                        200,
                        Map.of(
                                "callID", r.pathParam("callID"),
                                "sessionID", r.pathParam("sessionID"),
                                "q", r.queryParam("q").orElse(""))));
        server.route(
                "GET", "/calls/{callID}/sessions", r -> ApiResponse.json(200, new String[] {r.pathParam("callID")}));
        server.route("POST", "/login", r -> {
            Login l = r.bodyAs(Login.class);
            counter.inc();
            return ApiResponse.json(200, Map.of("bearerToken", l.clientID() + "-token", "code", "200"));
        });
        server.route("PUT", "/login", r -> ApiResponse.text(200, "put"));
        server.route("POST", "/register", r -> {
            throw new ApiException(401, "unauthorized");
        });
        server.route("GET", "/boom", r -> {
            throw new IllegalStateException("secret detail that must not leak");
        });
        server.route("POST", "/size", r -> ApiResponse.text(200, Integer.toString(r.body().length)));
        server.route("GET", "/metrics", new MetricsHandler(registry));
        server.mount("/raw", s -> new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                if (!"GET".equals(request.getMethod())) {
                    return false;
                }
                response.setStatus(200);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain");
                response.write(
                        true,
                        ByteBuffer.wrap(("raw:" + Request.getPathInContext(request)).getBytes(StandardCharsets.UTF_8)),
                        callback);
                return true;
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void routesWithPathAndQueryParams() throws Exception {
        HttpResponse<String> r = get("/calls/c1/sessions/s%202?q=v");
        assertEquals(200, r.statusCode());
        assertEquals("application/json", r.headers().firstValue("content-type").orElseThrow());
        assertEquals(Map.of("callID", "c1", "sessionID", "s 2", "q", "v"), JSON.readValue(r.body(), Map.class));
        assertEquals("[\"c9\"]", get("/calls/c9/sessions").body());
    }

    @Test
    void unknownPathIs404Json() throws Exception {
        HttpResponse<String> r = get("/nope");
        assertEquals(404, r.statusCode());
        assertEquals("{\"error\":\"not found\",\"code\":\"404\"}", r.body());
        assertEquals(404, get("/calls/c1/sessions/s1/extra").statusCode());
    }

    @Test
    void wrongMethodIs405WithAllow() throws Exception {
        HttpResponse<String> r = get("/login");
        assertEquals(405, r.statusCode());
        assertEquals("POST, PUT", r.headers().firstValue("allow").orElseThrow());
        assertEquals("{\"error\":\"method not allowed\",\"code\":\"405\"}", r.body());
    }

    @Test
    void jsonBodyAndBadJson() throws Exception {
        HttpResponse<String> ok = post("/login", "{\"clientID\":\"c\",\"authKey\":\"k\"}");
        assertEquals(200, ok.statusCode());
        assertEquals(Map.of("bearerToken", "c-token", "code", "200"), JSON.readValue(ok.body(), Map.class));

        HttpResponse<String> bad = post("/login", "{not json");
        assertEquals(400, bad.statusCode());
        Map<?, ?> body = JSON.readValue(bad.body(), Map.class);
        assertEquals("400", body.get("code"));
        assertTrue(((String) body.get("error")).startsWith("invalid JSON body: "), bad.body());

        HttpResponse<String> empty = post("/login", "");
        assertEquals("{\"error\":\"invalid JSON body: empty body\",\"code\":\"400\"}", empty.body());
    }

    @Test
    void apiExceptionKeepsStatusAndMessage() throws Exception {
        HttpResponse<String> r = post("/register", "{}");
        assertEquals(401, r.statusCode());
        assertEquals("{\"error\":\"unauthorized\",\"code\":\"401\"}", r.body());
    }

    @Test
    void otherExceptionsAre500WithoutDetails() throws Exception {
        HttpResponse<String> r = get("/boom");
        assertEquals(500, r.statusCode());
        assertEquals("{\"error\":\"internal error\",\"code\":\"500\"}", r.body());
        assertFalse(r.body().contains("secret"));
    }

    @Test
    void bodyLimitIs1MiB() throws Exception {
        HttpResponse<String> atLimit = post("/size", "a".repeat(ApiServer.MAX_BODY_BYTES));
        assertEquals(200, atLimit.statusCode());
        assertEquals(Integer.toString(ApiServer.MAX_BODY_BYTES), atLimit.body());

        HttpResponse<String> over = post("/size", "a".repeat(ApiServer.MAX_BODY_BYTES + 1));
        assertEquals(413, over.statusCode());
        assertEquals("413", JSON.readValue(over.body(), Map.class).get("code"));
    }

    @Test
    void chunkedBodyOverLimitIs413() throws Exception {
        byte[] big = new byte[ApiServer.MAX_BODY_BYTES + 10];
        HttpRequest req = HttpRequest.newBuilder(uri("/size"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big)))
                .build();
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
        assertEquals(413, r.statusCode());
    }

    @Test
    void metricsTextContainsRegisteredCounter() throws Exception {
        post("/login", "{\"clientID\":\"c\",\"authKey\":\"k\"}");
        HttpResponse<String> r = get("/metrics");
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("content-type").orElseThrow().startsWith("text/plain"));
        assertTrue(r.body().contains("# TYPE rtcd_test_requests_total counter"), r.body());
        assertTrue(r.body().contains("rtcd_test_requests_total 1.0"), r.body());
    }

    @Test
    void mountedHandlerServesItsPrefixAndDeclinesFallThrough() throws Exception {
        assertEquals("raw:/raw", get("/raw").body());
        assertEquals("raw:/raw/x/y", get("/raw/x/y").body());
        assertEquals(404, get("/rawx").statusCode());
        HttpResponse<String> declined = post("/raw", "x");
        assertEquals(404, declined.statusCode());
    }

    @Test
    void lifecycleRules() {
        assertThrows(IllegalStateException.class, () -> server.route("GET", "/late", r -> null));
        assertThrows(IllegalStateException.class, () -> server.mount("/late", s -> null));
        assertTrue(server.port() > 0);
        server.close();
        server.close(); // idempotent
    }

    @Test
    void bindFailureNamesTheAddress() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            String addr = "127.0.0.1:" + taken.getLocalPort();
            try (ApiServer other = new ApiServer(ApiConfig.defaults().withListenAddress(addr))) {
                ApiServerException e = assertThrows(ApiServerException.class, other::start);
                assertTrue(e.getMessage().contains(addr), e.getMessage());
                assertTrue(e.getMessage().contains("api.http.listen_address"), e.getMessage());
            }
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(uri(path))
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
