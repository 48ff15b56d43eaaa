package io.rtcd.rtc.sctp.packet;

import java.nio.charset.StandardCharsets;

/** Error cause codes carried in ABORT and ERROR chunks as {@link SctpParam} TLVs (RFC 9260 §3.3.10). */
public final class ErrorCause {
    public static final int INVALID_STREAM_IDENTIFIER = 1;
    public static final int MISSING_MANDATORY_PARAMETER = 2;
    public static final int STALE_COOKIE = 3;
    public static final int OUT_OF_RESOURCE = 4;
    public static final int UNRECOGNIZED_CHUNK_TYPE = 6;
    public static final int INVALID_MANDATORY_PARAMETER = 7;
    public static final int UNRECOGNIZED_PARAMETERS = 8;
    public static final int NO_USER_DATA = 9;
    public static final int COOKIE_WHILE_SHUTTING_DOWN = 10;
    public static final int USER_INITIATED_ABORT = 12;
    public static final int PROTOCOL_VIOLATION = 13;

    private ErrorCause() {}

    /** A cause carrying a UTF-8 text (User-Initiated Abort §3.3.10.12, Protocol Violation §3.3.10.13). */
    public static SctpParam text(int code, String text) {
        return new SctpParam(code, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Human readable form of a cause for events: code plus text when the cause carries one. */
    public static String describe(SctpParam cause) {
        return switch (cause.type()) {
            case USER_INITIATED_ABORT, PROTOCOL_VIOLATION ->
                "cause " + cause.type() + ": " + new String(cause.value(), StandardCharsets.UTF_8);
            default -> "cause " + cause.type();
        };
    }
}
