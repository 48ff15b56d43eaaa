package io.rtcd.auth;

import java.util.List;
import java.util.Optional;

/**
 * The persistence port of {@link AuthService}: clientID to bcrypt hash. Declared here, implemented by the
 * composition root (rtcd-service, on top of the key-value store), so rtcd-auth does not depend on rtcd-store.
 *
 * <p>Implementations must be thread-safe and durable (a successful insert survives a crash). Failures other than
 * the documented return values are reported as unchecked exceptions, which {@link AuthService} lets through.
 */
public interface ClientKeyStore {

    /** The stored bcrypt hash of {@code clientId}, or empty if the client is not registered. */
    Optional<String> findKeyHash(String clientId);

    /** Stores the hash if {@code clientId} is absent (put-if-absent); returns {@code false} if it already exists. */
    boolean insertKeyHash(String clientId, String keyHash);

    /** Deletes the client; returns whether it existed. */
    boolean deleteKeyHash(String clientId);

    /** All registered client IDs, sorted. */
    List<String> clientIds();
}
