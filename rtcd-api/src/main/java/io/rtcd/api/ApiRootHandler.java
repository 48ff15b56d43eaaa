package io.rtcd.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.URIUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single Jetty handler of the API server: first the raw mounts (by path prefix), then the route table.
 *
 * <p>Threading: {@link #handle} runs on an {@code rtcd-http} pool thread (this handler is BLOCKING, the Jetty default),
 * reads the body with blocking I/O and calls the {@link ApiHandler} on that same thread. Routes and mounts are
 * registered before the server starts and only read afterwards.
 */
final class ApiRootHandler extends Handler.Abstract {

    private static final Logger LOG = LoggerFactory.getLogger(ApiRootHandler.class);

    record Mount(String prefix, Handler handler) {
        boolean matches(String path) {
            return path.equals(prefix) || path.startsWith(prefix.endsWith("/") ? prefix : prefix + "/");
        }
    }

    private final List<Route> routes = new CopyOnWriteArrayList<>();
    private final List<Mount> mounts = new CopyOnWriteArrayList<>();
    private final int maxBodyBytes;

    ApiRootHandler(int maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    void addRoute(Route route) {
        for (Route r : routes) {
            if (r.method().equals(route.method()) && r.segments().equals(route.segments())) {
                throw new IllegalArgumentException(
                        "route already registered: " + route.method() + " " + route.pattern());
            }
        }
        routes.add(route);
    }

    void addMount(String prefix, Handler handler) {
        mounts.add(new Mount(prefix, handler));
        addBean(handler, true);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = Request.getPathInContext(request);
        for (Mount m : mounts) {
            if (m.matches(path)) {
                if (m.handler().handle(request, response, callback)) {
                    return true;
                }
                break; // e.g. a plain GET on the WebSocket prefix: fall through to the routes (usually 404)
            }
        }
        Outcome out = dispatch(request, path);
        write(response, callback, out.response(), out.allow());
        return true;
    }

    /** Splits the still-encoded path, then decodes each segment: an escaped '/' stays inside its segment. */
    static List<String> decodedSegments(String encodedPath) {
        List<String> segments = Route.split(encodedPath);
        if (encodedPath.indexOf('%') >= 0) {
            segments.replaceAll(seg -> seg.indexOf('%') < 0 ? seg : URIUtil.decodePath(seg));
        }
        return segments;
    }

    private Outcome dispatch(Request request, String path) {
        String method = request.getMethod();
        List<String> segments = decodedSegments(path);
        Map<String, String> params = new HashMap<>();
        TreeSet<String> allowed = new TreeSet<>();
        Route match = null;
        for (Route r : routes) {
            Map<String, String> p = new HashMap<>();
            if (r.matches(segments, p)) {
                allowed.add(r.method());
                if (match == null && r.method().equals(method)) {
                    match = r;
                    params = p;
                }
            }
        }
        if (allowed.isEmpty()) {
            return new Outcome(ApiResponse.error(404, "not found"), null);
        }
        if (match == null) {
            return new Outcome(ApiResponse.error(405, "method not allowed"), String.join(", ", allowed));
        }
        byte[] body;
        try {
            body = readBody(request);
        } catch (BodyTooLarge e) {
            return new Outcome(
                    ApiResponse.error(413, "request body too large (limit " + maxBodyBytes + " bytes)"), null);
        } catch (IOException e) {
            return new Outcome(ApiResponse.error(400, "failed to read request body"), null);
        }
        return new Outcome(invoke(match, method, path, params, request, body), null);
    }

    private ApiResponse invoke(
            Route match, String method, String path, Map<String, String> params, Request request, byte[] body) {
        ApiRequest apiRequest = ApiRequest.of(
                method,
                path.indexOf('%') < 0 ? path : URIUtil.decodePath(path),
                params,
                headers(request),
                query(request),
                body,
                Request.getRemoteAddr(request));
        try {
            ApiResponse resp = match.handler().handle(apiRequest);
            if (resp == null) {
                throw new IllegalStateException("handler returned null");
            }
            return resp;
        } catch (ApiException e) {
            return ApiResponse.error(e.status(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("api: handler for {} {} failed", method, path, e);
            return ApiResponse.error(500, "internal error");
        }
    }

    private byte[] readBody(Request request) throws IOException {
        // No early reject on a large Content-Length: reading up to the limit first lets clients that write the whole
        // body before reading (java.net.http) see the 413 instead of a broken pipe.
        long declared = request.getLength();
        if (declared == 0) {
            return new byte[0];
        }
        try (InputStream in = Request.asInputStream(request)) {
            byte[] body = in.readNBytes(maxBodyBytes + 1);
            if (body.length > maxBodyBytes) {
                throw new BodyTooLarge();
            }
            return body;
        }
    }

    private static Map<String, String> headers(Request request) {
        Map<String, String> out = new HashMap<>();
        for (HttpField f : request.getHeaders()) {
            out.putIfAbsent(f.getName().toLowerCase(java.util.Locale.ROOT), f.getValue());
        }
        return out;
    }

    private static Map<String, String> query(Request request) {
        Map<String, String> out = new HashMap<>();
        try {
            Fields fields = Request.extractQueryParameters(request);
            for (Fields.Field f : fields) {
                out.put(f.getName(), f.getValue());
            }
        } catch (RuntimeException e) {
            LOG.debug("api: ignoring unparsable query string of {}", Request.getPathInContext(request));
        }
        return out;
    }

    static void write(Response response, Callback callback, ApiResponse r, String allow) {
        response.setStatus(r.status());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, r.contentType());
        if (allow != null) {
            response.getHeaders().put(HttpHeader.ALLOW, allow);
        }
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, r.body().length);
        response.write(true, ByteBuffer.wrap(r.body()), callback);
    }

    /** A response plus the Allow header value for 405s. */
    private record Outcome(ApiResponse response, String allow) {}

    private static final class BodyTooLarge extends IOException {
        private static final long serialVersionUID = 1L;
    }
}
