package io.rtcd.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * In-memory bearer sessions (rtcd PR #75): one live token per client, a new {@link #issue} replaces the old token,
 * tokens expire {@code ttl} after issue (on the injected clock) and are purged lazily (on use and on issue) and on
 * {@link #revoke}. Nothing persists: a restart logs everyone out.
 *
 * <p>Tokens are indexed by their SHA-256, so a lookup never compares secret bytes by early-exit equality; the final
 * check uses {@link MessageDigest#isEqual}. Thread-safe (one monitor; every operation is short).
 */
final class BearerTokens {
    /** 24 random bytes give exactly 32 URL-safe base64 characters. */
    private static final int TOKEN_BYTES = 24;

    private record Session(String clientId, byte[] token, Instant expiresAt) {}

    private final Clock clock;
    private final Duration ttl;
    private final SecureRandom random;
    private final Map<String, Session> byDigest = new HashMap<>();
    private final Map<String, String> digestByClient = new HashMap<>();

    BearerTokens(Clock clock, Duration ttl, SecureRandom random) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** Issues a fresh 32-character URL-safe token for {@code clientId}, revoking its previous one. */
    synchronized String issue(String clientId) {
        Instant now = clock.instant();
        purgeExpired(now);
        revoke(clientId);
        byte[] raw = new byte[TOKEN_BYTES];
        random.nextBytes(raw);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        byte[] tokenBytes = token.getBytes(StandardCharsets.US_ASCII);
        String digest = digest(tokenBytes);
        byDigest.put(digest, new Session(clientId, tokenBytes, now.plus(ttl)));
        digestByClient.put(clientId, digest);
        return token;
    }

    /** The client owning a live {@code token}; an expired token is removed and yields empty. */
    synchronized Optional<String> resolve(String token) {
        byte[] tokenBytes = token.getBytes(StandardCharsets.UTF_8);
        String digest = digest(tokenBytes);
        Session s = byDigest.get(digest);
        if (s == null || !MessageDigest.isEqual(tokenBytes, s.token())) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(s.expiresAt())) {
            remove(digest, s);
            return Optional.empty();
        }
        return Optional.of(s.clientId());
    }

    /** Drops the token of {@code clientId}, if any. */
    synchronized void revoke(String clientId) {
        String digest = digestByClient.remove(clientId);
        if (digest != null) {
            byDigest.remove(digest);
        }
    }

    /** Number of sessions held, live or not yet purged. */
    synchronized int size() {
        return byDigest.size();
    }

    private void purgeExpired(Instant now) {
        Iterator<Map.Entry<String, Session>> it = byDigest.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, Session> e = it.next();
            if (!now.isBefore(e.getValue().expiresAt())) {
                it.remove();
                digestByClient.remove(e.getValue().clientId(), e.getKey());
            }
        }
    }

    private void remove(String digest, Session s) {
        byDigest.remove(digest);
        digestByClient.remove(s.clientId(), digest);
    }

    private static String digest(byte[] token) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(token);
            return Base64.getEncoder().encodeToString(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
