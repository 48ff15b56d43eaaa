package io.rtcd.service.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rtcd.ws.WsClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * HTTP client for an rtcd server, the equivalent of rtcd's Go {@code service.Client}: used by the CLI, the tests
 * and backends. Thread-safe; holds no connection state besides the JDK HTTP client's pool.
 */
public final class RtcdClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final Optional<String> authorization;
    private final HttpClient http;
    private final Duration timeout;

    private RtcdClient(URI base, Optional<String> authorization, Duration timeout) {
        String scheme = base.getScheme();
        if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || base.getHost() == null) {
            throw new IllegalArgumentException("server URL must be http(s)://host[:port], got '" + base + "'");
        }
        this.base = base;
        this.authorization = authorization;
        this.timeout = timeout;
        this.http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** A client that sends no credentials. */
    public static RtcdClient anonymous(URI base) {
        return new RtcdClient(base, Optional.empty(), Duration.ofSeconds(30));
    }

    /** A client authenticating with Basic {@code user:password} (a client's ID and key, or any name and the admin secret). */
    public static RtcdClient basic(URI base, String user, String password) {
        String token = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return new RtcdClient(base, Optional.of("Basic " + token), Duration.ofSeconds(30));
    }

    /** A client authenticating with a bearer token from {@link #login}. */
    public static RtcdClient bearer(URI base, String token) {
        return new RtcdClient(base, Optional.of("Bearer " + token), Duration.ofSeconds(30));
    }

    public URI baseUri() {
        return base;
    }

    public JsonNode version() {
        return call("GET", "/version", null, 200);
    }

    public double cpuLoad() {
        return call("GET", "/system", null, 200).path("cpu_load").asDouble();
    }

    /** Registers a client; returns its ID. */
    public String register(String clientId, String authKey) {
        return call("POST", "/register", Map.of("clientID", clientId, "authKey", authKey), 201)
                .path("clientID")
                .asText();
    }

    public void unregister(String clientId) {
        call("POST", "/unregister", Map.of("clientID", clientId), 200);
    }

    /** Logs in with a client's credentials; returns the bearer token. */
    public String login(String clientId, String authKey) {
        return call("POST", "/login", Map.of("clientID", clientId, "authKey", authKey), 200)
                .path("bearerToken")
                .asText();
    }

    /** Lists registered client IDs (admin only). */
    public List<String> clients() {
        List<String> ids = new ArrayList<>();
        call("GET", "/admin/clients", null, 200).path("clients").forEach(n -> ids.add(n.asText()));
        return ids;
    }

    /** Opens the {@code /ws} signalling socket with this client's credentials. */
    public WsClient connectWs(Duration timeout) {
        String scheme = base.getScheme().equals("https") ? "wss" : "ws";
        URI ws = URI.create(scheme + "://" + base.getRawAuthority() + "/ws");
        return WsClient.connect(ws, authorization.orElse(null), timeout);
    }

    /** Sends a request and returns the parsed JSON body, or throws with the server's error text. */
    public JsonNode call(String method, String path, Object body, int expectedStatus) {
        HttpRequest.Builder req = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout);
        authorization.ifPresent(a -> req.header("Authorization", a));
        if (body == null) {
            req.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            try {
                req.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("cannot encode request body", e);
            }
        }
        HttpResponse<String> resp;
        try {
            resp = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new RtcdClientException("cannot reach rtcd at " + base + ": " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RtcdClientException("interrupted while calling " + base, e);
        }
        JsonNode json = parse(resp.body());
        if (resp.statusCode() != expectedStatus) {
            String error = json.path("error").asText("");
            throw new RtcdClientException(
                    resp.statusCode(), error.isEmpty() ? "HTTP " + resp.statusCode() + " from " + path : error);
        }
        return json;
    }

    /** Why a request did not get through, in words (the JDK's messages are often null or name classes). */
    static String describe(IOException e) {
        String first = null;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.net.http.HttpConnectTimeoutException) {
                return "connection timed out (is the host right and the port open in the firewall?)";
            }
            if (t instanceof java.net.http.HttpTimeoutException) {
                return "no answer in time";
            }
            if (t instanceof java.net.ConnectException) {
                return "connection refused (is rtcd running there? start it with ./rtcd serve)";
            }
            if (t instanceof java.nio.channels.UnresolvedAddressException
                    || t instanceof java.net.UnknownHostException) {
                return "unknown host";
            }
            if (t instanceof javax.net.ssl.SSLException) {
                return "TLS handshake failed" + (t.getMessage() == null ? "" : ": " + t.getMessage());
            }
            if (first == null && t.getMessage() != null && !t.getMessage().isBlank()) {
                first = t.getMessage().lines().findFirst().orElse("");
            }
        }
        return first == null ? "connection failed" : first;
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            Map<String, String> raw = new LinkedHashMap<>();
            raw.put("error", body.length() > 200 ? body.substring(0, 200) : body);
            return JSON.valueToTree(raw);
        }
    }
}
