package io.rtcd.service.realtime;

import io.rtcd.api.ApiResponse;
import io.rtcd.api.ApiServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Serves the browser page from the jar: {@code /} and {@code /index.html}, {@code /app.js}, {@code /style.css},
 * {@code /datachat.js} (chat over a data channel), and the data-channel check {@code /dctest.html} + {@code /dctest.js}. Only
 * these fixed names are routed, so other paths fall through to the API's JSON 404. Files are read once at
 * registration.
 */
public final class StaticRoutes {
    static final String RESOURCE_DIR = "/io/rtcd/service/static/";

    private static final Map<String, String> FILES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "app.js", "text/javascript; charset=utf-8",
            "datachat.js", "text/javascript; charset=utf-8",
            "dctest.html", "text/html; charset=utf-8",
            "dctest.js", "text/javascript; charset=utf-8",
            "style.css", "text/css; charset=utf-8");

    public void register(ApiServer api) {
        for (Map.Entry<String, String> f : FILES.entrySet()) {
            ApiResponse response = new ApiResponse(200, f.getValue(), load(f.getKey()));
            api.route("GET", "/" + f.getKey(), request -> response);
            if (f.getKey().equals("index.html")) {
                api.route("GET", "/", request -> response);
            }
        }
    }

    private static byte[] load(String name) {
        try (InputStream in = StaticRoutes.class.getResourceAsStream(RESOURCE_DIR + name)) {
            if (in == null) {
                throw new IllegalStateException("static resource missing from the jar: " + RESOURCE_DIR + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read static resource " + name, e);
        }
    }
}
