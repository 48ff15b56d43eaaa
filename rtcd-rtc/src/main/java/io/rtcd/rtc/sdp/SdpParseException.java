package io.rtcd.rtc.sdp;

import io.rtcd.rtc.RtcException;

/**
 * A session description is malformed (RFC 8866 syntax) or violates a WebRTC rule (RFC 8829 JSEP). When the problem
 * is tied to one line, the message names its 1-based line number and quotes the line.
 */
public final class SdpParseException extends RtcException {
    private static final long serialVersionUID = 1L;

    private final int lineNumber;

    public SdpParseException(String message) {
        super(message);
        this.lineNumber = 0;
    }

    private SdpParseException(int lineNumber, String message, Throwable cause) {
        super(message, cause);
        this.lineNumber = lineNumber;
    }

    /** Builds "line N: reason: 'line'". The quoted line is cut at 200 characters. */
    public static SdpParseException atLine(int lineNumber, String line, String reason) {
        return atLine(lineNumber, line, reason, null);
    }

    static SdpParseException atLine(int lineNumber, String line, String reason, Throwable cause) {
        String shown = line.length() > 200 ? line.substring(0, 200) + "..." : line;
        return new SdpParseException(lineNumber, "line " + lineNumber + ": " + reason + ": '" + shown + "'", cause);
    }

    /** The 1-based line number, or 0 when the error is not tied to a line (validation of a whole description). */
    public int lineNumber() {
        return lineNumber;
    }
}
