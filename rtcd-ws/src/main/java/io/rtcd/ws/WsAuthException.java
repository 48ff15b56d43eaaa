package io.rtcd.ws;

/** Thrown by a {@link WsAuthenticator} to refuse an upgrade with HTTP 401; the message is sent to the client. */
public class WsAuthException extends WsException {

    private static final long serialVersionUID = 1L;

    public WsAuthException(String message) {
        super(message);
    }
}
