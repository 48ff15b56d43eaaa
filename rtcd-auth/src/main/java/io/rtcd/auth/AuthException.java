package io.rtcd.auth;

import java.util.Objects;

/**
 * The rtcd-auth exception family: an authentication or authorization step failed. {@link #kind()} says which HTTP
 * status the caller should answer with; the message is safe to show to the client (it never holds a key, a token or
 * whether a client ID exists).
 */
public class AuthException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The failure category and the HTTP status rtcd answers with. */
    public enum Kind {
        BAD_REQUEST(400),
        UNAUTHORIZED(401),
        FORBIDDEN(403),
        NOT_FOUND(404),
        TOO_MANY_REQUESTS(429);

        private final int httpStatus;

        Kind(int httpStatus) {
            this.httpStatus = httpStatus;
        }

        public int httpStatus() {
            return httpStatus;
        }
    }

    private final Kind kind;

    public AuthException(Kind kind, String message) {
        super(message);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public Kind kind() {
        return kind;
    }
}
