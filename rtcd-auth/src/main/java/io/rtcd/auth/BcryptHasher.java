package io.rtcd.auth;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * bcrypt over client keys (Bouncy Castle {@link OpenBSDBCrypt}), producing {@code $2a$} strings like Go's
 * {@code golang.org/x/crypto/bcrypt}. Keys are hashed as UTF-8; bcrypt reads at most {@value #MAX_KEY_BYTES} bytes,
 * so callers reject longer keys rather than let them be silently truncated.
 *
 * <p>Thread-safe. CPU heavy (cost 10 takes tens of milliseconds): callers throttle it.
 */
final class BcryptHasher {
    private static final Logger LOG = LoggerFactory.getLogger(BcryptHasher.class);

    /** The production cost, as rtcd ({@code bcrypt.DefaultCost}). */
    static final int DEFAULT_COST = 10;

    static final int MAX_KEY_BYTES = 72;
    private static final int SALT_BYTES = 16;

    private final int cost;
    private final SecureRandom random;

    BcryptHasher(int cost, SecureRandom random) {
        if (cost < 4 || cost > 31) {
            throw new IllegalArgumentException("bcrypt cost must be in 4..31, got " + cost);
        }
        this.cost = cost;
        this.random = Objects.requireNonNull(random, "random");
    }

    static int utf8Length(String key) {
        return key.getBytes(StandardCharsets.UTF_8).length;
    }

    String hash(String key) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] password = key.getBytes(StandardCharsets.UTF_8);
        try {
            return OpenBSDBCrypt.generate("2a", password, salt, cost);
        } finally {
            Arrays.fill(password, (byte) 0);
        }
    }

    /** Whether {@code key} matches the stored {@code hash}; a malformed stored hash never matches. */
    boolean matches(String hash, String key) {
        byte[] password = key.getBytes(StandardCharsets.UTF_8);
        try {
            return OpenBSDBCrypt.checkPassword(hash, password);
        } catch (IllegalArgumentException e) {
            LOG.warn("auth: stored key hash is malformed, treating it as a mismatch: {}", e.getMessage());
            return false;
        } finally {
            Arrays.fill(password, (byte) 0);
        }
    }
}
