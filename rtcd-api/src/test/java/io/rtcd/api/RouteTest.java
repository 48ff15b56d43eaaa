package io.rtcd.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouteTest {

    private static final ApiHandler OK = r -> ApiResponse.text(200, "ok");

    @Test
    void matchesWildcardsExactly() {
        Route r = Route.of("GET", "/calls/{callID}/sessions/{sessionID}", OK);
        Map<String, String> p = new HashMap<>();
        assertTrue(r.matches(Route.split("/calls/c1/sessions/s1"), p));
        assertEquals(Map.of("callID", "c1", "sessionID", "s1"), p);
        assertFalse(r.matches(Route.split("/calls/c1/sessions"), new HashMap<>()));
        assertFalse(r.matches(Route.split("/calls//sessions/s1"), new HashMap<>()));
        assertFalse(r.matches(Route.split("/calls/c1/sessions/s1/"), new HashMap<>()));
        assertEquals(List.of(""), Route.split("/"));
    }

    @Test
    void rejectsBadPatterns() {
        assertThrows(IllegalArgumentException.class, () -> Route.of("GET", "calls", OK));
        assertThrows(IllegalArgumentException.class, () -> Route.of("GET", "/calls/{id", OK));
        assertThrows(IllegalArgumentException.class, () -> Route.of("GET", "/calls/{}", OK));
    }

    @Test
    void bodyAsReportsShortReasons() {
        record Login(String clientID, String authKey) {}
        ApiRequest ok = ApiRequest.of(
                "post",
                "/login",
                Map.of(),
                Map.of("Authorization", "x"),
                Map.of(),
                "{\"clientID\":\"a\",\"authKey\":\"b\",\"extra\":1}".getBytes(StandardCharsets.UTF_8),
                "127.0.0.1");
        assertEquals(new Login("a", "b"), ok.bodyAs(Login.class));
        assertEquals("POST", ok.method());
        assertEquals("x", ok.header("authorization").orElseThrow());

        ApiException empty = assertThrows(ApiException.class, () -> request("").bodyAs(Login.class));
        assertEquals(400, empty.status());
        assertEquals("invalid JSON body: empty body", empty.getMessage());
        ApiException bad =
                assertThrows(ApiException.class, () -> request("{nope").bodyAs(Login.class));
        assertTrue(bad.getMessage().startsWith("invalid JSON body: "), bad.getMessage());
        assertFalse(bad.getMessage().contains("\n"));
        ApiException shape =
                assertThrows(ApiException.class, () -> request("[1,2]").bodyAs(Login.class));
        assertEquals(400, shape.status());
        // No Java class or Jackson token names, only what the client can fix.
        assertEquals("invalid JSON body: expected an object", shape.getMessage());
        assertEquals("invalid JSON body: not valid JSON at line 1, column 2", bad.getMessage());
        ApiException field = assertThrows(
                ApiException.class, () -> request("{\"clientID\": [1]}").bodyAs(Login.class));
        assertEquals("invalid JSON body: field 'clientID' must be a string", field.getMessage());
        ApiException broken = assertThrows(
                ApiException.class,
                () -> request("{\"clientID\": \"a\",\n \"authKey\": }").bodyAs(Login.class));
        assertTrue(
                broken.getMessage().startsWith("invalid JSON body: not valid JSON at line 2, column "),
                broken.getMessage());
        for (ApiException e : List.of(shape, bad, field, broken)) {
            assertFalse(
                    e.getMessage().matches(".*(Login|JsonToken|START_ARRAY|Exception|io\\.rtcd).*"), e.getMessage());
        }
    }

    @Test
    void errorBodyHasRtcdShape() {
        ApiResponse r = ApiResponse.error(404, "not found");
        assertEquals("{\"error\":\"not found\",\"code\":\"404\"}", new String(r.body(), StandardCharsets.UTF_8));
        assertEquals("application/json", r.contentType());
    }

    private static ApiRequest request(String body) {
        return ApiRequest.of(
                "POST", "/x", Map.of(), Map.of(), Map.of(), body.getBytes(StandardCharsets.UTF_8), "127.0.0.1");
    }
}
