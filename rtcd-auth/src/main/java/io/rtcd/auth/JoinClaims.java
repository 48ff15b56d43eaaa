package io.rtcd.auth;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a join token grants: a user may join {@code cospace} with {@code permissions} on {@code channels} until
 * {@code expiresAt}. Immutable; the collections are unmodifiable copies.
 *
 * <p>Tokens carry whole epoch seconds, so {@link JoinTokenCodec#verify} returns {@code expiresAt} truncated to the
 * second.
 *
 * @param userId the JWT {@code sub}; non-empty
 * @param cospace the space the token admits to; non-null
 * @param expiresAt the JWT {@code exp}; non-null
 * @param permissions permission names (JWT {@code perms}); {@code null} means none
 * @param channels channel names in order (JWT {@code channels}); {@code null} means none
 */
public record JoinClaims(
        String userId, String cospace, Instant expiresAt, Set<String> permissions, List<String> channels) {

    public JoinClaims {
        Objects.requireNonNull(userId, "userId");
        if (userId.isEmpty()) {
            throw new IllegalArgumentException("userId must not be empty");
        }
        Objects.requireNonNull(cospace, "cospace");
        Objects.requireNonNull(expiresAt, "expiresAt");
        permissions = permissions == null ? Set.of() : Set.copyOf(permissions);
        channels = channels == null ? List.of() : List.copyOf(channels);
    }
}
