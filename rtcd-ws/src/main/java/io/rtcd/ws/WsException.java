package io.rtcd.ws;

/** Base of the rtcd-ws exception family. */
public class WsException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public WsException(String message) {
        super(message);
    }

    public WsException(String message, Throwable cause) {
        super(message, cause);
    }
}
