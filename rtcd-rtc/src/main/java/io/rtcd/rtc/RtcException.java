package io.rtcd.rtc;

/**
 * Root of the unchecked exception family of the {@code rtcd-rtc} module. Thrown for failures
 * while setting up or negotiating a session; malformed or late media packets are counted drops, never exceptions.
 */
public class RtcException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RtcException(String message) {
        super(message);
    }

    public RtcException(String message, Throwable cause) {
        super(message, cause);
    }
}
