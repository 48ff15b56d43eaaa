package io.rtcd.service.http;

import io.rtcd.api.ApiException;
import io.rtcd.api.ApiRequest;
import io.rtcd.api.ApiResponse;
import io.rtcd.api.ApiServer;
import io.rtcd.auth.AuthException;
import io.rtcd.auth.AuthService;
import io.rtcd.auth.Principal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client-management routes: rtcd's {@code /register}, {@code /unregister}, {@code /login}, plus our admin-only
 * {@code GET /admin/clients}. This is the one place where {@link AuthException}s become HTTP statuses.
 *
 * <p>Response bodies keep rtcd's shapes: success objects carry {@code "code": "<status>"}; failures are
 * {@code {"error", "code"}} (written by the API module from the {@link ApiException}).
 */
public final class AuthRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(AuthRoutes.class);

    private final AuthService auth;

    public AuthRoutes(AuthService auth) {
        this.auth = auth;
    }

    public void register(ApiServer api) {
        api.route("POST", "/register", this::registerClient);
        api.route("POST", "/unregister", this::unregisterClient);
        api.route("POST", "/login", this::login);
        api.route("GET", "/admin/clients", this::listClients);
    }

    /** Authenticates the request's Authorization header; 401 when it is missing or wrong. */
    public Principal authenticate(ApiRequest request) {
        String header = request.header("Authorization").orElse(null);
        try {
            return auth.authenticate(header);
        } catch (AuthException e) {
            audit(request, "auth", "", false);
            throw toApi(e);
        }
    }

    private ApiResponse registerClient(ApiRequest request) {
        // As rtcd: credentials only matter when self-registration is off. A backend that lost its registration (the
        // server's store was reset) re-registers with the very credentials that no longer authenticate, so a failed
        // authentication here means "no caller", and AuthService decides whether that is allowed.
        Optional<Principal> caller = Optional.empty();
        Optional<String> header = request.header("Authorization");
        if (header.isPresent()) {
            try {
                caller = Optional.of(auth.authenticate(header.get()));
            } catch (AuthException e) {
                if (e.kind() == AuthException.Kind.TOO_MANY_REQUESTS) {
                    throw toApi(e);
                }
            }
        }
        Credentials body = request.bodyAs(Credentials.class);
        try {
            String id = auth.register(caller, body.clientID(), body.authKey());
            audit(request, "register", id, true);
            return ApiResponse.json(201, Map.of("clientID", id, "code", "201"));
        } catch (AuthException e) {
            audit(request, "register", body.clientID(), false);
            throw toApi(e);
        }
    }

    private ApiResponse unregisterClient(ApiRequest request) {
        Principal caller = authenticate(request);
        ClientRef body = request.bodyAs(ClientRef.class);
        try {
            auth.unregister(caller, body.clientID());
            audit(request, "unregister", body.clientID(), true);
            return ApiResponse.json(200, Map.of("code", "200"));
        } catch (AuthException e) {
            audit(request, "unregister", body.clientID(), false);
            throw toApi(e);
        }
    }

    private ApiResponse login(ApiRequest request) {
        Credentials body = request.bodyAs(Credentials.class);
        try {
            String token = auth.login(body.clientID(), body.authKey());
            audit(request, "login", body.clientID(), true);
            return ApiResponse.json(200, Map.of("bearerToken", token, "code", "200"));
        } catch (AuthException e) {
            audit(request, "login", body.clientID(), false);
            throw toApi(e);
        }
    }

    private ApiResponse listClients(ApiRequest request) {
        Principal caller = authenticate(request);
        if (!caller.admin()) {
            throw new ApiException(403, "forbidden: admin only");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("clients", auth.clients());
        body.put("code", "200");
        return ApiResponse.json(200, body);
    }

    /** Maps an auth failure to its HTTP status, keeping the auth layer's message (it never contains secrets). */
    public static ApiException toApi(AuthException e) {
        return new ApiException(e.kind().httpStatus(), e.getMessage());
    }

    private static void audit(ApiRequest request, String action, String clientId, boolean ok) {
        LOG.atDebug()
                .addKeyValue("action", action)
                .addKeyValue("clientID", clientId == null ? "" : clientId)
                .addKeyValue("remote", request.remoteAddress())
                .addKeyValue("success", ok)
                .log("audit");
    }
}
