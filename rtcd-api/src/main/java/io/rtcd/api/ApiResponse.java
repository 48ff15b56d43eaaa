package io.rtcd.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A complete HTTP response: status, content type and body bytes.
 *
 * @param status HTTP status code
 * @param contentType value of the {@code Content-Type} header
 * @param body response body, never {@code null} (may be empty)
 */
public record ApiResponse(int status, String contentType, byte[] body) {

    public static final String JSON = "application/json";
    public static final String TEXT = "text/plain; charset=utf-8";

    public ApiResponse {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("status must be in 100..599, got " + status);
        }
        Objects.requireNonNull(contentType, "contentType");
        body = body == null ? new byte[0] : body;
    }

    /** {@code body} serialised with Jackson as {@code application/json}. */
    public static ApiResponse json(int status, Object body) {
        try {
            return new ApiResponse(status, JSON, Json.MAPPER.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise response body of type " + typeName(body), e);
        }
    }

    /** A plain UTF-8 text body. */
    public static ApiResponse text(int status, String body) {
        return new ApiResponse(status, TEXT, body.getBytes(StandardCharsets.UTF_8));
    }

    /** rtcd's error shape {@code {"error": "<message>", "code": "<status>"}}. */
    public static ApiResponse error(int status, String message) {
        return new ApiResponse(status, JSON, Json.errorBody(status, message));
    }

    private static String typeName(Object o) {
        return o == null ? "null" : o.getClass().getName();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ApiResponse r
                && r.status == status
                && r.contentType.equals(contentType)
                && Arrays.equals(r.body, body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(status, contentType) * 31 + Arrays.hashCode(body);
    }

    @Override
    public String toString() {
        return "ApiResponse[status=" + status + ", contentType=" + contentType + ", body=" + body.length + " bytes]";
    }
}
