package io.rtcd.api;

/** Failure of the API server itself (bind, TLS material, lifecycle), as opposed to a request error. */
public class ApiServerException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ApiServerException(String message) {
        super(message);
    }

    public ApiServerException(String message, Throwable cause) {
        super(message, cause);
    }
}
