package io.rtcd.service.client;

/**
 * A call to an rtcd server failed. {@link #status()} is the HTTP status, or 0 when the server could not be
 * reached; the message is the server's {@code error} text or the transport failure.
 */
public final class RtcdClientException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;

    public RtcdClientException(int status, String message) {
        super(message);
        this.status = status;
    }

    public RtcdClientException(String message, Throwable cause) {
        super(message, cause);
        this.status = 0;
    }

    public int status() {
        return status;
    }
}
