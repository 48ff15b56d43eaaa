package io.rtcd.api;

/**
 * An error a handler wants the client to see: answered as {@code {"error": message, "code": "<status>"}} with
 * {@code status}. The message is sent verbatim, so it must not contain secrets.
 */
public class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    public ApiException(int status, String message) {
        super(message);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("status must be an HTTP error status 400..599, got " + status);
        }
        this.status = status;
    }

    public int status() {
        return status;
    }
}
