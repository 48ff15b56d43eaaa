package io.rtcd.auth;

import java.util.Objects;

/**
 * An authenticated caller: a registered client, or the admin (whose {@code clientId} is {@code ""}, as in rtcd).
 *
 * @param clientId the client's ID; {@code ""} exactly when {@code admin}
 * @param admin whether the caller authenticated with the admin secret
 */
public record Principal(String clientId, boolean admin) {

    public Principal {
        Objects.requireNonNull(clientId, "clientId");
        if (admin != clientId.isEmpty()) {
            throw new IllegalArgumentException(
                    admin ? "the admin principal has an empty clientId" : "a client principal needs a clientId");
        }
    }

    public static Principal ofAdmin() {
        return new Principal("", true);
    }

    public static Principal ofClient(String clientId) {
        return new Principal(clientId, false);
    }
}
