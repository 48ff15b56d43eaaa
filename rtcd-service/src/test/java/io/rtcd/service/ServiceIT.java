package io.rtcd.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rtcd.service.client.RtcdClient;
import io.rtcd.service.client.RtcdClientException;
import io.rtcd.ws.ClientMessage;
import io.rtcd.ws.Hello;
import io.rtcd.ws.WsClient;
import io.rtcd.ws.WsClientException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole service on real sockets, driven through its own HTTP client and WebSocket client. */
class ServiceIT {
    private static final String KEY = "k".repeat(16) + "0123456789abcdef";
    private static final Duration WS_TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    static Path dataDir;

    static RtcdHarness rtcd;

    @BeforeAll
    static void start() {
        rtcd = RtcdHarness.start(dataDir);
    }

    @AfterAll
    static void stop() {
        rtcd.close();
    }

    @Test
    void versionReportsDevOrSemverBuild() {
        JsonNode v = rtcd.anonymous().version();
        String version = v.path("buildVersion").asText();
        assertTrue(version.startsWith("dev") || version.matches("v\\d+\\.\\d+\\.\\d+.*"), version);
        assertTrue(v.has("buildHash") && v.has("buildDate") && v.has("goOS") && v.has("goArch"), v.toString());
    }

    @Test
    void systemReportsFinitePositiveCpuLoad() {
        double load = rtcd.anonymous().cpuLoad();
        assertTrue(load > 0 && Double.isFinite(load), "cpu_load " + load);
    }

    @Test
    void healthzAndMetrics() throws Exception {
        assertEquals(
                "ok",
                rtcd.anonymous()
                        .call("GET", "/healthz", null, 200)
                        .path("status")
                        .asText());
        HttpResponse<String> metrics = raw("GET", "/metrics", null, null);
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.body().contains("jvm_memory_used_bytes"), "JVM metrics exported");
    }

    @Test
    void registerLoginAndConnectWithBasicAndBearer() throws Exception {
        String id = "backend-basic";
        assertEquals(id, rtcd.admin().register(id, KEY));

        try (WsClient ws = rtcd.client(id, KEY).connectWs(WS_TIMEOUT)) {
            Hello hello = assertInstanceOf(Hello.class, ws.receive(WS_TIMEOUT));
            assertEquals(id, hello.clientId());
            assertEquals(26, hello.connId().length());
        }

        String token = rtcd.anonymous().login(id, KEY);
        assertEquals(32, token.length());
        try (WsClient ws = RtcdClient.bearer(rtcd.baseUri(), token).connectWs(WS_TIMEOUT)) {
            ClientMessage first = ws.receive(WS_TIMEOUT);
            Hello hello = assertInstanceOf(Hello.class, first);
            assertEquals(id, hello.clientId());
        }
    }

    @Test
    void eachConnectionGetsAFreshConnId() {
        String id = "backend-connids";
        rtcd.admin().register(id, KEY);
        try (WsClient a = rtcd.client(id, KEY).connectWs(WS_TIMEOUT);
                WsClient b = rtcd.client(id, KEY).connectWs(WS_TIMEOUT)) {
            Hello ha = (Hello) a.receive(WS_TIMEOUT);
            Hello hb = (Hello) b.receive(WS_TIMEOUT);
            assertNotEquals(ha.connId(), hb.connId());
        }
    }

    @Test
    void wsRefusesBadCredentialsWith401BeforeUpgrade() {
        String id = "backend-401";
        rtcd.admin().register(id, KEY);
        URI ws = URI.create("ws://127.0.0.1:" + rtcd.service().port() + "/ws");
        for (RtcdClient c : List.of(
                rtcd.client(id, "wrong-key-wrong-key-wrong-key-wrong"),
                rtcd.client("nobody", KEY),
                RtcdClient.bearer(rtcd.baseUri(), "not-a-token"))) {
            WsClientException e = assertThrows(WsClientException.class, () -> c.connectWs(WS_TIMEOUT));
            assertEquals(401, e.httpStatus(), e.getMessage());
        }
        WsClientException missing = assertThrows(WsClientException.class, () -> WsClient.connect(ws, null, WS_TIMEOUT));
        assertEquals(401, missing.httpStatus());
    }

    @Test
    void registrationErrorsAre400WithReason() throws Exception {
        RtcdClient admin = rtcd.admin();
        RtcdClientException shortKey =
                assertThrows(RtcdClientException.class, () -> admin.register("backend-short", "short"));
        assertEquals(400, shortKey.status());
        assertTrue(shortKey.getMessage().contains("key not long enough"), shortKey.getMessage());

        admin.register("backend-dup", KEY);
        RtcdClientException dup = assertThrows(RtcdClientException.class, () -> admin.register("backend-dup", KEY));
        assertEquals(400, dup.status());
        assertTrue(dup.getMessage().contains("already registered"), dup.getMessage());

        HttpResponse<String> badJson = raw("POST", "/register", "{not json", "admin");
        assertEquals(400, badJson.statusCode());
        assertTrue(badJson.body().contains("\"error\"") && badJson.body().contains("\"code\":\"400\""), badJson.body());
    }

    @Test
    void registrationWithoutCredentialsIsRefusedWhenSelfRegistrationIsOff() {
        RtcdClientException e =
                assertThrows(RtcdClientException.class, () -> rtcd.anonymous().register("backend-anon", KEY));
        assertEquals(401, e.status());
    }

    @Test
    void adminOnlyRoutesRefuseNonAdmins() {
        String id = "backend-nonadmin";
        rtcd.admin().register(id, KEY);
        RtcdClientException asClient = assertThrows(
                RtcdClientException.class, () -> rtcd.client(id, KEY).clients());
        assertEquals(403, asClient.status());
        RtcdClientException anonymous =
                assertThrows(RtcdClientException.class, () -> rtcd.anonymous().clients());
        assertEquals(401, anonymous.status());
        assertTrue(rtcd.admin().clients().contains(id));
        RtcdClientException otherUnregister = assertThrows(
                RtcdClientException.class, () -> rtcd.client(id, KEY).unregister("backend-basic"));
        assertEquals(403, otherUnregister.status());
    }

    @Test
    void unregisterRevokesKeyAndTokens() {
        String id = "backend-gone";
        rtcd.admin().register(id, KEY);
        String token = rtcd.anonymous().login(id, KEY);
        rtcd.admin().unregister(id);
        assertFalse(rtcd.admin().clients().contains(id));
        RtcdClientException login =
                assertThrows(RtcdClientException.class, () -> rtcd.anonymous().login(id, KEY));
        assertEquals(400, login.status());
        WsClientException bearer = assertThrows(
                WsClientException.class,
                () -> RtcdClient.bearer(rtcd.baseUri(), token).connectWs(WS_TIMEOUT));
        assertEquals(401, bearer.httpStatus());
    }

    @Test
    void unknownPathAndWrongMethodAreJsonErrors() throws Exception {
        HttpResponse<String> notFound = raw("GET", "/no-such-thing", null, null);
        assertEquals(404, notFound.statusCode());
        assertTrue(notFound.body().contains("\"code\":\"404\""), notFound.body());
        HttpResponse<String> wrongMethod = raw("GET", "/register", null, null);
        assertEquals(405, wrongMethod.statusCode());
        assertTrue(wrongMethod.body().contains("\"code\":\"405\""), wrongMethod.body());
    }

    private static HttpResponse<String> raw(String method, String path, String body, String asAdmin)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(rtcd.baseUri().resolve(path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (asAdmin != null) {
            b.header(
                    "Authorization",
                    "Basic "
                            + java.util.Base64.getEncoder()
                                    .encodeToString(("admin:" + RtcdHarness.ADMIN_SECRET)
                                            .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}
