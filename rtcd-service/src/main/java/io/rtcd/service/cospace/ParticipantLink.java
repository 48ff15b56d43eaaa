package io.rtcd.service.cospace;

/**
 * The cospace's handle on one participant's socket. Both methods must never block (they queue), and may be called
 * while the cospace holds its lock: a broadcast to N participants is N {@link #send}s under that lock, so
 * {@code send} should only queue and leave the socket write to another thread (the browser face's links do).
 */
public interface ParticipantLink {

    /** The participant's session id (also its private channel {@code sessions.<id>}). */
    String sessionId();

    /** Queues one JSON text message; {@code false} if the socket is gone or its queue overflowed. */
    boolean send(String json);

    /** Closes the socket after what is queued (RFC 6455 §7.4 close code); idempotent. */
    void close(int code, String reason);
}
