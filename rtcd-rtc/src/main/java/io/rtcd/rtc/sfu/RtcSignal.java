package io.rtcd.rtc.sfu;

import java.util.Objects;

/**
 * One signalling message between the SFU and a participant, in either direction. The service maps it to its own
 * envelopes (rtcd's {@code rtc}, {@code vad}, {@code close} messages); this module knows no JSON or WebSocket.
 *
 * @param groupId the group (rtcd client id) of the session
 * @param callId the call (cospace) of the session
 * @param sessionId the participant's session
 * @param userId the participant's user
 * @param type what the message means
 * @param payload SDP text for {@link Type#SDP_OFFER}/{@link Type#SDP_ANSWER}, a candidate line for
 *     {@link Type#ICE_CANDIDATE}, the stream id for {@link Type#SCREEN_ON}/{@link Type#VIDEO_ON}, a reason for
 *     {@link Type#ERROR}/{@link Type#SESSION_CLOSED}, else ""
 */
public record RtcSignal(String groupId, String callId, String sessionId, String userId, Type type, String payload) {

    /** Message kinds. "in" = participant to SFU, "out" = SFU to participant. */
    public enum Type {
        /** in/out: an SDP offer (the client's, or the server's renegotiation). */
        SDP_OFFER,
        /** in/out: an SDP answer. */
        SDP_ANSWER,
        /** in: a trickled remote candidate (ignored: the ICE-lite server learns addresses from checks). */
        ICE_CANDIDATE,
        /** in: stop forwarding this participant's voice (rtcd Mute); resets voice activity. */
        MUTE,
        /** in: resume forwarding this participant's voice. */
        UNMUTE,
        /** in: the participant announces its screen stream id (payload). */
        SCREEN_ON,
        /** in: the participant stops sharing its screen. */
        SCREEN_OFF,
        /** in: the participant announces its camera stream id (payload). */
        VIDEO_ON,
        /** in: the participant stops its camera. */
        VIDEO_OFF,
        /** out: voice activity started. */
        VOICE_ON,
        /** out: voice activity ended. */
        VOICE_OFF,
        /** out: a request was refused (malformed SDP, glare, unknown session); payload is a safe reason. */
        ERROR,
        /** out: the session is gone (closed, signalling timeout, ICE/DTLS failure); payload is the reason. */
        SESSION_CLOSED
    }

    public RtcSignal {
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(payload, "payload");
    }

    /** An inbound message for {@link RtcServer#handleSignal}: the ids are taken from the session. */
    public static RtcSignal inbound(Type type, String payload) {
        return new RtcSignal("", "", "", "", type, payload);
    }

    @Override
    public String toString() {
        return "RtcSignal[" + type + " session=" + sessionId + " call=" + callId + " payload=" + payload.length()
                + " chars]";
    }
}
