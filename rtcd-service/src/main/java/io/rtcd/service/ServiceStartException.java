package io.rtcd.service;

/** The service could not start; the message names what to change (a port and its config key, a file). */
public final class ServiceStartException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ServiceStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
