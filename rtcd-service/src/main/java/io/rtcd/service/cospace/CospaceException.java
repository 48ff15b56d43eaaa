package io.rtcd.service.cospace;

/**
 * A cospace operation was refused. {@link #code()} is the wire code a client sees (e.g. {@code cospace_full}),
 * {@link #httpStatus()} what an HTTP route answers. The message is safe to show to clients.
 */
public class CospaceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String code;
    private final int httpStatus;

    public CospaceException(String code, int httpStatus, String message) {
        super(message);
        this.code = code;
        this.httpStatus = httpStatus;
    }

    public String code() {
        return code;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
