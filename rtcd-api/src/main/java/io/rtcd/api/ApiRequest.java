package io.rtcd.api;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An immutable view of one HTTP request, built by {@link ApiServer} after the body has been read in full (bounded by
 * {@link ApiServer#MAX_BODY_BYTES}). Safe to pass between threads.
 */
public final class ApiRequest {

    private final String method;
    private final String path;
    private final Map<String, String> pathParams;
    private final Map<String, String> headers;
    private final Map<String, String> query;
    private final byte[] body;
    private final String remoteAddress;

    private ApiRequest(
            String method,
            String path,
            Map<String, String> pathParams,
            Map<String, String> headers,
            Map<String, String> query,
            byte[] body,
            String remoteAddress) {
        this.method = method;
        this.path = path;
        this.pathParams = Map.copyOf(pathParams);
        TreeMap<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        h.putAll(headers);
        this.headers = h;
        this.query = Map.copyOf(query);
        this.body = body == null ? new byte[0] : body.clone();
        this.remoteAddress = remoteAddress == null ? "" : remoteAddress;
    }

    /**
     * Builds a request; used by the server and by tests of handlers.
     *
     * @param headers header name to (first) value; names are matched case-insensitively
     * @param query query parameter name to (first) value
     */
    public static ApiRequest of(
            String method,
            String path,
            Map<String, String> pathParams,
            Map<String, String> headers,
            Map<String, String> query,
            byte[] body,
            String remoteAddress) {
        return new ApiRequest(method.toUpperCase(Locale.ROOT), path, pathParams, headers, query, body, remoteAddress);
    }

    /** Upper-case HTTP method. */
    public String method() {
        return method;
    }

    /** The decoded request path, without the query string. */
    public String path() {
        return path;
    }

    /** Value of a {@code {name}} segment of the matched route pattern, or {@code null} if the pattern has none. */
    public String pathParam(String name) {
        return pathParams.get(name);
    }

    /** First value of a header, matched case-insensitively. */
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name));
    }

    /** First value of a query parameter. */
    public Optional<String> queryParam(String name) {
        return Optional.ofNullable(query.get(name));
    }

    /** A copy of the request body (empty array when none). */
    public byte[] body() {
        return body.clone();
    }

    /** The peer's IP address as text. */
    public String remoteAddress() {
        return remoteAddress;
    }

    /**
     * Parses the body as JSON into {@code type}.
     *
     * @throws ApiException 400 {@code invalid JSON body: <reason>} when the body is empty, not JSON, or not of the
     *     expected shape
     */
    public <T> T bodyAs(Class<T> type) {
        if (body.length == 0) {
            throw new ApiException(400, "invalid JSON body: empty body");
        }
        try {
            T value = Json.MAPPER.readValue(body, type);
            if (value == null) {
                throw new ApiException(400, "invalid JSON body: null");
            }
            return value;
        } catch (JsonProcessingException e) {
            throw new ApiException(400, "invalid JSON body: " + shortReason(e));
        } catch (java.io.IOException e) {
            throw new ApiException(400, "invalid JSON body: unreadable");
        }
    }

    /**
     * The reason in words a client can act on: where the JSON is broken (line and column) or which field has the
     * wrong kind of value. Never Jackson's text, which names Java classes and token constants.
     */
    static String shortReason(JsonProcessingException e) {
        if (e instanceof MismatchedInputException m) {
            String field = fieldPath(m.getPath());
            String expected = expected(m.getTargetType());
            return field.isEmpty() ? "expected " + expected : "field '" + field + "' must be " + expected;
        }
        if (e instanceof ValueInstantiationException v && v.getCause() instanceof IllegalArgumentException iae) {
            String msg = iae.getMessage();
            if (msg != null && !msg.isBlank()) {
                return msg.lines().findFirst().orElse(msg);
            }
        }
        JsonLocation at = e.getLocation();
        if (e instanceof JsonParseException && at != null && at.getLineNr() > 0) {
            return "not valid JSON at line " + at.getLineNr() + ", column " + at.getColumnNr();
        }
        return e instanceof JsonParseException ? "not valid JSON" : "a value has the wrong shape";
    }

    private static String fieldPath(java.util.List<JsonMappingException.Reference> path) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : path) {
            if (r.getFieldName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (type == String.class || type == Character.class || type == char.class) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != void.class)) {
            return "a number";
        }
        if (type.isArray() || java.util.Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "an object";
    }

    @Override
    public String toString() {
        return method + " " + path;
    }
}
