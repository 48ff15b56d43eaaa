package io.rtcd.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.junit.jupiter.api.Test;

/** The wiring rtcd-service uses for /ws: a Jetty WebSocketUpgradeHandler mounted by path prefix. */
class ApiWebSocketMountIT {

    /** Echoes text frames. Public: Jetty requires listener classes to be public. */
    public static class Echo implements Session.Listener.AutoDemanding {
        private Session session;

        @Override
        public void onWebSocketOpen(Session s) {
            session = s;
        }

        @Override
        public void onWebSocketText(String message) {
            session.sendText("echo:" + message, Callback.NOOP);
        }
    }

    /** Collects the first text frame. */
    public static class Collect implements Session.Listener.AutoDemanding {
        final CompletableFuture<String> first = new CompletableFuture<>();

        @Override
        public void onWebSocketText(String message) {
            first.complete(message);
        }
    }

    @Test
    void mountedUpgradeHandlerUpgradesAndPlainGetFallsThrough() throws Exception {
        try (ApiServer api = new ApiServer(ApiConfig.defaults().withListenAddress("127.0.0.1:0"))) {
            api.route("GET", "/version", r -> ApiResponse.json(200, java.util.Map.of("buildVersion", "v1.0.0")));
            api.mount(
                    "/ws",
                    server -> WebSocketUpgradeHandler.from(server, c -> c.addMapping("/*", (q, s, cb) -> new Echo())));
            api.start();

            WebSocketClient client = new WebSocketClient();
            client.start();
            try {
                Collect collect = new Collect();
                Session s = client.connect(collect, URI.create("ws://127.0.0.1:" + api.port() + "/ws"))
                        .get(5, TimeUnit.SECONDS);
                s.sendText("hi", Callback.NOOP);
                assertEquals("echo:hi", collect.first.get(5, TimeUnit.SECONDS));
                s.close();
            } finally {
                client.stop();
            }

            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> plain = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + "/ws"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(404, plain.statusCode());
            assertTrue(plain.body().contains("\"code\":\"404\""), plain.body());
            HttpResponse<String> version = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + "/version"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, version.statusCode());
        }
    }
}
