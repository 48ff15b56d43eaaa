package io.rtcd.service.realtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rtcd.service.RtcdService;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Shared helpers of the browser-face ITs. */
public final class RealtimeTestSupport {
    static final ObjectMapper JSON = new ObjectMapper();
    public static final String KEY = "k".repeat(16) + "0123456789abcdef";
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private RealtimeTestSupport() {}

    /** POST /realtime/tokens with Basic auth of {@code clientId}; returns the raw response. */
    static HttpResponse<String> mint(URI base, String clientId, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve("/realtime/tokens"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (clientId != null) {
            String basic = java.util.Base64.getEncoder()
                    .encodeToString((clientId + ":" + KEY).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            b.header("Authorization", "Basic " + basic);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    public static String mintToken(URI base, String clientId, String cospace, String userId) throws Exception {
        HttpResponse<String> r = mint(
                base,
                clientId,
                JSON.writeValueAsString(Map.of("cospace", cospace, "userId", userId, "ttlSeconds", 600)));
        if (r.statusCode() != 201) {
            throw new AssertionError("mint failed: " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body()).path("token").asText();
    }

    static HttpResponse<String> get(URI base, String path) throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(base.resolve(path))
                        .timeout(Duration.ofSeconds(10))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A gauge value from /metrics, or -1 when absent. */
    static double gauge(RtcdService service, String name) {
        try {
            String text = get(URI.create("http://127.0.0.1:" + service.port()), "/metrics")
                    .body();
            Matcher m = Pattern.compile("(?m)^" + name + " ([0-9.eE+-]+)$").matcher(text);
            return m.find() ? Double.parseDouble(m.group(1)) : -1;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static JsonNode parse(String s) {
        try {
            return JSON.readTree(s);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + s, e);
        }
    }
}
