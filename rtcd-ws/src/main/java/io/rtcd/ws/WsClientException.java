package io.rtcd.ws;

/** A {@link WsClient} failure; {@link #httpStatus()} is the upgrade response status when the server refused it. */
public class WsClientException extends WsException {

    private static final long serialVersionUID = 1L;

    private final int httpStatus;

    public WsClientException(String message, int httpStatus, Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
    }

    public WsClientException(String message) {
        this(message, -1, null);
    }

    /** HTTP status of a refused upgrade (e.g. 401), or -1 when the failure was not an HTTP refusal. */
    public int httpStatus() {
        return httpStatus;
    }
}
