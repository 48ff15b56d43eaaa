package io.rtcd.service.cospace;

import com.fasterxml.jackson.databind.JsonNode;
import io.rtcd.api.ApiException;
import io.rtcd.api.ApiRequest;
import io.rtcd.api.ApiResponse;
import io.rtcd.api.ApiServer;
import io.rtcd.auth.Principal;
import io.rtcd.service.http.AuthRoutes;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The backend's cospace routes (docs/protocol.md "Hosting cospaces"): {@code POST /realtime/host},
 * {@code GET /realtime/status/{cospace}}, {@code GET /realtime/cospaces}, {@code DELETE /realtime/cospaces/{cospace}}.
 * All need a registered client's or the admin's credentials. A hosted cospace belongs to the client that hosted it:
 * other clients get 404 for it (its existence is not disclosed); the admin sees and closes every cospace; implicit
 * cospaces (created by a connect) are visible to every client, and closed by the admin only.
 */
public final class CospaceRoutes {
    static final Set<String> OPTIONS = Set.of("maxParticipants", "maxPublishers");

    private final AuthRoutes auth;
    private final CospaceRegistry registry;

    public CospaceRoutes(AuthRoutes auth, CospaceRegistry registry) {
        this.auth = Objects.requireNonNull(auth, "auth");
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    public void register(ApiServer api) {
        api.route("POST", "/realtime/host", this::host);
        api.route("GET", "/realtime/status/{cospace}", this::status);
        api.route("GET", "/realtime/cospaces", this::list);
        api.route("DELETE", "/realtime/cospaces/{cospace}", this::delete);
    }

    private ApiResponse host(ApiRequest request) {
        Principal caller = auth.authenticate(request);
        JsonNode body = request.bodyAs(JsonNode.class);
        if (body == null || !body.isObject()) {
            throw new ApiException(400, "body must be a JSON object");
        }
        JsonNode rootNode = body.get("modelRoot");
        if (rootNode == null || !rootNode.isTextual()) {
            throw new ApiException(400, "modelRoot is required and must be a string \"domain::namespace::workspace\"");
        }
        ModelRoot root;
        Integer maxParticipants;
        Integer maxPublishers;
        try {
            root = ModelRoot.parse(rootNode.asText());
            JsonNode options = body.get("options");
            if (options != null && !options.isNull() && !options.isObject()) {
                throw new IllegalArgumentException("options must be a JSON object");
            }
            maxParticipants = option(options, "maxParticipants");
            maxPublishers = option(options, "maxPublishers");
            if (options != null && options.isObject()) {
                Iterator<String> names = options.fieldNames();
                while (names.hasNext()) {
                    String name = names.next();
                    if (!OPTIONS.contains(name)) {
                        throw new IllegalArgumentException(
                                "options." + name + " is not a known option (known: maxParticipants, maxPublishers)");
                    }
                }
            }
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, e.getMessage());
        }
        CospaceRegistry.Hosted hosted;
        try {
            hosted = registry.host(root, caller.clientId(), maxParticipants, maxPublishers);
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, e.getMessage());
        } catch (CospaceException e) {
            throw new ApiException(e.httpStatus(), e.getMessage());
        }
        Cospace c = hosted.cospace();
        if (!visible(caller, c)) {
            throw new ApiException(409, "modelRoot " + root + " is hosted by another client");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("cospace", c.id());
        out.put("status", hosted.created() ? "created" : "existing");
        out.put("connectUrl", "/realtime/connect/" + c.id());
        out.put("modelRoot", root.toString());
        return ApiResponse.json(hosted.created() ? 201 : 200, out);
    }

    private static Integer option(JsonNode options, String name) {
        if (options == null
                || !options.isObject()
                || !options.has(name)
                || options.get(name).isNull()) {
            return null;
        }
        JsonNode n = options.get(name);
        if (!n.isIntegralNumber() || !n.canConvertToInt()) {
            throw new IllegalArgumentException("options." + name + " must be an integer");
        }
        return n.asInt();
    }

    private ApiResponse status(ApiRequest request) {
        Principal caller = auth.authenticate(request);
        Cospace c = visibleCospace(caller, request.pathParam("cospace"));
        Map<String, Object> out = c.status();
        out.put("server", registry.capacity());
        return ApiResponse.json(200, out);
    }

    private ApiResponse list(ApiRequest request) {
        Principal caller = auth.authenticate(request);
        List<Map<String, Object>> cospaces = new ArrayList<>();
        for (Cospace c : registry.all()) {
            if (visible(caller, c)) {
                cospaces.add(c.status());
            }
        }
        cospaces.sort((a, b) -> String.valueOf(a.get("createdAt")).compareTo(String.valueOf(b.get("createdAt"))));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("cospaces", cospaces);
        out.put("server", registry.capacity());
        return ApiResponse.json(200, out);
    }

    private ApiResponse delete(ApiRequest request) {
        Principal caller = auth.authenticate(request);
        Cospace c = visibleCospace(caller, request.pathParam("cospace"));
        if (!caller.admin() && !caller.clientId().equals(c.owner())) {
            throw new ApiException(403, "forbidden: only the admin or the hosting client may close this cospace");
        }
        String by = caller.admin() ? "admin" : caller.clientId();
        if (!registry.close(c.id(), "closed by " + by)) {
            throw new ApiException(404, "cospace not found");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("cospace", c.id());
        out.put("state", "closed");
        out.put("code", "200");
        return ApiResponse.json(200, out);
    }

    private Cospace visibleCospace(Principal caller, String id) {
        return registry.find(id)
                .filter(c -> visible(caller, c))
                .orElseThrow(() -> new ApiException(404, "cospace not found"));
    }

    private static boolean visible(Principal caller, Cospace c) {
        return caller.admin() || c.owner() == null || c.owner().equals(caller.clientId());
    }
}
