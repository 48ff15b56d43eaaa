package io.rtcd.service.http;

import io.rtcd.api.ApiException;
import io.rtcd.api.ApiRequest;
import io.rtcd.api.ApiResponse;
import io.rtcd.api.ApiServer;
import io.rtcd.auth.Principal;
import io.rtcd.service.calls.CallRouter;
import java.util.List;
import java.util.Map;

/**
 * rtcd's sessions API: {@code GET /calls/{callID}/sessions[/{sessionID}]}, plus our {@code GET /calls}
 * (the client's calls with their session counts; always 200, possibly an empty array). Only a registered client
 * may ask, and only about its own group's calls; admin has no group and gets 401, as in rtcd. The Calls plugin treats
 * 404 as "call ended".
 */
public final class CallRoutes {
    private final AuthRoutes auth;
    private final CallRouter calls;

    public CallRoutes(AuthRoutes auth, CallRouter calls) {
        this.auth = auth;
        this.calls = calls;
    }

    public void register(ApiServer api) {
        api.route("GET", "/calls", request -> ApiResponse.json(200, calls.calls(group(request))));
        api.route("GET", "/calls/{callID}/sessions", this::list);
        api.route("GET", "/calls/{callID}/sessions/{sessionID}", this::one);
        api.route("DELETE", "/calls/{callID}/sessions/{sessionID}", this::end);
    }

    /** The owning client, or the admin naming the client with {@code ?clientID=}. */
    private ApiResponse end(ApiRequest request) {
        Principal p = auth.authenticate(request);
        String group;
        if (p.admin()) {
            group = request.queryParam("clientID")
                    .filter(id -> !id.isBlank())
                    .orElseThrow(() -> new ApiException(
                            400,
                            "clientID query parameter needed: the admin names the" + " client whose session it ends"));
        } else if (p.clientId().isEmpty()) {
            throw new ApiException(401, "unauthorized: the sessions API needs a client's credentials");
        } else {
            group = p.clientId();
        }
        String callId = request.pathParam("callID");
        String sessionId = request.pathParam("sessionID");
        if (!calls.endSession(group, callId, sessionId)) {
            throw new ApiException(404, "session not found");
        }
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("callID", callId);
        body.put("sessionID", sessionId);
        body.put("state", "ended");
        body.put("code", "200");
        return ApiResponse.json(200, body);
    }

    private ApiResponse list(ApiRequest request) {
        String group = group(request);
        List<Map<String, Object>> sessions = calls.sessions(group, request.pathParam("callID"));
        if (sessions.isEmpty()) {
            throw new ApiException(404, "call not found");
        }
        return ApiResponse.json(200, sessions);
    }

    private ApiResponse one(ApiRequest request) {
        String group = group(request);
        return calls.session(group, request.pathParam("callID"), request.pathParam("sessionID"))
                .map(s -> ApiResponse.json(200, s))
                .orElseThrow(() -> new ApiException(404, "session not found"));
    }

    private String group(ApiRequest request) {
        Principal p = auth.authenticate(request);
        if (p.admin() || p.clientId().isEmpty()) {
            throw new ApiException(401, "unauthorized: the sessions API needs a client's credentials");
        }
        return p.clientId();
    }
}
