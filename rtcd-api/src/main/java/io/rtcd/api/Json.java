package io.rtcd.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** The module's shared, thread-safe Jackson mapper and rtcd's JSON error body. */
final class Json {

    /** Unknown properties are ignored, like Go's encoding/json. */
    static final ObjectMapper MAPPER =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private Json() {}

    static byte[] errorBody(int status, String message) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", message == null ? "" : message);
        body.put("code", Integer.toString(status));
        try {
            return MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            // A map of two strings always serialises; keep a constant fallback anyway.
            return ("{\"error\":\"internal error\",\"code\":\"" + status + "\"}").getBytes(StandardCharsets.UTF_8);
        }
    }
}
