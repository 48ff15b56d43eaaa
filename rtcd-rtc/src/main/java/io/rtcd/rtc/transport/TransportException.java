package io.rtcd.rtc.transport;

import io.rtcd.rtc.RtcException;

/**
 * Failure while setting up a transport (binding the UDP port, generating the DTLS certificate, a DTLS handshake
 * that cannot start). Packets that are malformed, unauthenticated or unroutable are never reported with this
 * exception: they are counted drops (see {@link TransportStats}).
 */
public class TransportException extends RtcException {
    private static final long serialVersionUID = 1L;

    public TransportException(String message) {
        super(message);
    }

    public TransportException(String message, Throwable cause) {
        super(message, cause);
    }
}
