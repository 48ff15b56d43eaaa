package io.rtcd.service.realtime;

import com.fasterxml.jackson.databind.JsonNode;
import io.rtcd.api.ApiException;
import io.rtcd.api.ApiRequest;
import io.rtcd.api.ApiResponse;
import io.rtcd.api.ApiServer;
import io.rtcd.auth.JoinClaims;
import io.rtcd.auth.JoinTokenCodec;
import io.rtcd.auth.Principal;
import io.rtcd.service.cospace.Channels;
import io.rtcd.service.cospace.Grant;
import io.rtcd.service.http.AuthRoutes;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /realtime/tokens}: a registered backend client (or the admin) mints a join token that admits one user
 * to one cospace's direct browser face ({@code /realtime/connect/{cospace}}). See docs/protocol.md "Browser face".
 */
public final class TokenRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(TokenRoutes.class);

    static final long DEFAULT_TTL_SECONDS = 300;
    static final long MAX_TTL_SECONDS = 86_400;
    static final int MAX_ID_LENGTH = 128;
    static final int MAX_LIST_SIZE = 32;
    static final int MAX_NAME_LENGTH = 64;

    /** Cospace names: URL-path safe, so {@code connectUrl} needs no escaping. */
    static final Pattern COSPACE = Pattern.compile("[A-Za-z0-9_.~-]{1," + MAX_ID_LENGTH + "}");

    private final AuthRoutes auth;
    private final JoinTokenCodec tokens;
    private final Clock clock;

    public TokenRoutes(AuthRoutes auth, JoinTokenCodec tokens, Clock clock) {
        this.auth = Objects.requireNonNull(auth, "auth");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public void register(ApiServer api) {
        api.route("POST", "/realtime/tokens", this::mint);
    }

    private ApiResponse mint(ApiRequest request) {
        Principal caller = auth.authenticate(request);
        JsonNode body = request.bodyAs(JsonNode.class);
        if (!body.isObject()) {
            throw new ApiException(400, "body must be a JSON object");
        }
        String cospace = text(body, "cospace");
        if (!COSPACE.matcher(cospace).matches()) {
            throw new ApiException(400, "cospace must be 1 to " + MAX_ID_LENGTH + " characters of [A-Za-z0-9_.~-]");
        }
        String userId = text(body, "userId");
        if (userId.isEmpty() || userId.length() > MAX_ID_LENGTH || hasControl(userId)) {
            throw new ApiException(
                    400, "userId must be 1 to " + MAX_ID_LENGTH + " characters without control characters");
        }
        Instant now = clock.instant();
        Instant expiresAt = expiry(body, now);
        long ttl = expiresAt.getEpochSecond() - now.getEpochSecond();
        Set<String> permissions = new LinkedHashSet<>(
                body.hasNonNull("permissions") ? names(body, "permissions") : Grant.DEFAULT_PERMISSIONS);
        for (String p : permissions) {
            if (!Grant.PERMISSIONS.contains(p)) {
                throw new ApiException(
                        400,
                        "permissions: unknown permission '" + p + "' (known: " + String.join(", ", Grant.PERMISSIONS)
                                + ")");
            }
        }
        List<String> channels = names(body, "channels");
        for (String ch : channels) {
            if (!Channels.READABLE.contains(ch)
                    && !ch.equals(Channels.presence(cospace))
                    && !ch.equals(Channels.activity(cospace))
                    && !ch.equals(Channels.messages(cospace))) {
                throw new ApiException(
                        400,
                        "channels: '" + ch + "' is not a readable channel of cospace " + cospace
                                + " (presence, activity, messages, or their full names cospace." + cospace
                                + ".<name>)");
            }
        }
        String token = tokens.mint(new JoinClaims(userId, cospace, expiresAt, permissions, channels));
        LOG.atDebug()
                .addKeyValue("clientID", caller.clientId())
                .addKeyValue("cospace", cospace)
                .addKeyValue("ttl", ttl)
                .log("realtime: join token minted");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("token", token);
        out.put("expiresAt", expiresAt.getEpochSecond());
        out.put("connectUrl", "/realtime/connect/" + cospace + "?token=" + token);
        return ApiResponse.json(201, out);
    }

    private static String text(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || !n.isTextual()) {
            throw new ApiException(400, field + " is required and must be a string");
        }
        return n.asText();
    }

    /** {@code expiresAt} (epoch seconds, within the next {@value #MAX_TTL_SECONDS} s) or {@code ttlSeconds}. */
    private static Instant expiry(JsonNode body, Instant now) {
        JsonNode at = body.get("expiresAt");
        if (at == null || at.isNull()) {
            return now.plusSeconds(ttl(body.get("ttlSeconds")));
        }
        if (body.hasNonNull("ttlSeconds")) {
            throw new ApiException(400, "expiresAt and ttlSeconds are exclusive: give one");
        }
        long nowSec = now.getEpochSecond();
        if (!at.isIntegralNumber()
                || !at.canConvertToLong()
                || at.asLong() <= nowSec
                || at.asLong() > nowSec + MAX_TTL_SECONDS) {
            throw new ApiException(
                    400, "expiresAt must be epoch seconds in the future, at most " + MAX_TTL_SECONDS + " s ahead");
        }
        return Instant.ofEpochSecond(at.asLong());
    }

    private static long ttl(JsonNode n) {
        if (n == null || n.isNull()) {
            return DEFAULT_TTL_SECONDS;
        }
        if (!n.isIntegralNumber() || n.asLong() < 1 || n.asLong() > MAX_TTL_SECONDS) {
            throw new ApiException(400, "ttlSeconds must be an integer in 1.." + MAX_TTL_SECONDS);
        }
        return n.asLong();
    }

    private static List<String> names(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return List.of();
        }
        String rule = field + " must be an array of at most " + MAX_LIST_SIZE + " strings of 1 to " + MAX_NAME_LENGTH
                + " characters";
        if (!n.isArray() || n.size() > MAX_LIST_SIZE) {
            throw new ApiException(400, rule);
        }
        List<String> out = new ArrayList<>(n.size());
        for (JsonNode e : n) {
            String s = e.isTextual() ? e.asText() : "";
            if (s.isEmpty() || s.length() > MAX_NAME_LENGTH || hasControl(s)) {
                throw new ApiException(400, rule);
            }
            out.add(s);
        }
        return out;
    }

    private static boolean hasControl(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isISOControl(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }
}
