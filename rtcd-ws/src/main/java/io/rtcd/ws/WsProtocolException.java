package io.rtcd.ws;

/** A frame that does not decode as an rtcd client message. */
public class WsProtocolException extends WsException {

    private static final long serialVersionUID = 1L;

    /** Metric label values of {@link #reason()}. */
    public static final String MALFORMED = "malformed";

    public static final String UNKNOWN_TYPE = "unknown_type";
    public static final String BAD_DATA = "bad_data";
    public static final String TRAILING_BYTES = "trailing_bytes";

    private final String reason;

    public WsProtocolException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    public WsProtocolException(String reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** Low-cardinality reason: {@link #MALFORMED}, {@link #UNKNOWN_TYPE}, {@link #BAD_DATA}, {@link #TRAILING_BYTES}. */
    public String reason() {
        return reason;
    }
}
