package io.rtcd.ws.realtime;

import io.rtcd.ws.WsException;

/**
 * Thrown by a {@link TextWsAcceptor} to refuse an upgrade: the client gets HTTP {@link #status()} with the body
 * {@code {"error": message, "code": "<status>"}} and no upgrade. The message is sent to the client: keep it safe.
 */
public class TextWsRefusedException extends WsException {
    private static final long serialVersionUID = 1L;

    private final int status;

    public TextWsRefusedException(int status, String message) {
        super(message);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("status must be in 400..599, got " + status);
        }
        this.status = status;
    }

    public int status() {
        return status;
    }
}
