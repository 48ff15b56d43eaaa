package io.rtcd.ws.realtime;

import io.rtcd.ws.WsException;
import java.util.regex.Pattern;

/**
 * Thrown by a {@link TextWsAcceptor} to refuse an upgrade: the client gets HTTP {@link #status()} with the body
 * {@code {"error": message, "code": "<status>"}} and no upgrade. The message is sent to the client: keep it safe.
 * {@link #reason()} labels the refusal in the guard metric ({@code rtcd_guard_refused_total{reason}}).
 */
public class TextWsRefusedException extends WsException {
    private static final long serialVersionUID = 1L;
    private static final Pattern REASON = Pattern.compile("[a-z][a-z0-9_]{0,39}");

    private final int status;
    private final String reason;

    /** With the metric reason derived from the status ({@code unauthorized}, {@code forbidden}, ...). */
    public TextWsRefusedException(int status, String message) {
        this(status, message, defaultReason(status));
    }

    /**
     * @param reason a short snake_case metric label, e.g. {@code token_expired}
     */
    public TextWsRefusedException(int status, String message, String reason) {
        super(message);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("status must be in 400..599, got " + status);
        }
        if (reason == null || !REASON.matcher(reason).matches()) {
            throw new IllegalArgumentException("reason must match " + REASON + ", got " + reason);
        }
        this.status = status;
        this.reason = reason;
    }

    public int status() {
        return status;
    }

    public String reason() {
        return reason;
    }

    private static String defaultReason(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 429 -> "too_many_requests";
            default -> "refused";
        };
    }
}
