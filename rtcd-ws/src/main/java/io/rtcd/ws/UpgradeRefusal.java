package io.rtcd.ws;

import io.rtcd.ws.guard.ConnectionGuard;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Refuses a WebSocket upgrade with a plain HTTP status and the project's JSON error body {@code {"error","code"}},
 * shared by both WebSocket faces so that a refused client sees the same shape as every HTTP error.
 */
public final class UpgradeRefusal {
    private UpgradeRefusal() {}

    /** Writes a guard's refusal (with {@code Retry-After} for 429) and completes {@code callback}. */
    public static void refuse(Response response, Callback callback, ConnectionGuard.Refusal refusal) {
        if (refusal.retryAfterSeconds() > 0) {
            response.getHeaders().put(HttpHeader.RETRY_AFTER, refusal.retryAfterSeconds());
        }
        refuse(response, callback, refusal.status(), refusal.message());
    }

    /** Writes the status and JSON body and completes {@code callback}; the upgrade does not happen. */
    public static void refuse(Response response, Callback callback, int status, String message) {
        byte[] body = ("{\"error\":\"" + jsonEscape(message) + "\",\"code\":\"" + status + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    /** Escapes a string for a JSON string literal (quotes, backslash, control characters). */
    public static String jsonEscape(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }
}
