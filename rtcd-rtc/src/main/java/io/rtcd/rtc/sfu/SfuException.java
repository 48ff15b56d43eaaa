package io.rtcd.rtc.sfu;

import io.rtcd.rtc.RtcException;

/** Refused session-layer request (duplicate session, unknown session, server closed). Message is client-safe. */
public final class SfuException extends RtcException {
    private static final long serialVersionUID = 1L;

    public SfuException(String message) {
        super(message);
    }
}
