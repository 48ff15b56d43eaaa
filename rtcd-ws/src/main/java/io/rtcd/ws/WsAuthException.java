package io.rtcd.ws;

/**
 * Refuses an upgrade, from a {@link WsAuthenticator}: HTTP 401 (or the given status, e.g. 429 when authentication is
 * saturated); the message is sent to the client.
 */
public class WsAuthException extends WsException {

    private static final long serialVersionUID = 1L;

    private final int status;

    public WsAuthException(String message) {
        this(401, message);
    }

    /** @param status the HTTP status of the refusal, 4xx */
    public WsAuthException(int status, String message) {
        super(message);
        if (status < 400 || status > 499) {
            throw new IllegalArgumentException("refusal status must be 4xx, got " + status);
        }
        this.status = status;
    }

    public int status() {
        return status;
    }
}
