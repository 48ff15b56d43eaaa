package io.rtcd.ws;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * rtcd's {@code rtc.Message}: a msgpack map with keys {@code group_id, user_id, session_id, call_id} (strings), {@code
 * type} (int) and {@code data} (bin, omitted when empty). The array is owned by the record once passed in; do not
 * mutate it afterwards. {@link #equals} compares the bytes.
 */
public record RtcMessage(String groupId, String userId, String sessionId, String callId, int type, byte[] data) {

    public static final int ICE = 1;
    public static final int SDP = 2;
    public static final int MUTE = 3;
    public static final int UNMUTE = 4;
    public static final int SCREEN_ON = 5;
    public static final int SCREEN_OFF = 6;
    public static final int VOICE_ON = 7;
    public static final int VOICE_OFF = 8;
    public static final int VIDEO_ON = 9;
    public static final int VIDEO_OFF = 10;

    private static final byte[] EMPTY = new byte[0];

    public RtcMessage {
        groupId = groupId == null ? "" : groupId;
        userId = userId == null ? "" : userId;
        sessionId = sessionId == null ? "" : sessionId;
        callId = callId == null ? "" : callId;
        data = data == null ? EMPTY : data;
    }

    /** rtcd's {@code IsValid}: non-empty session ID and a non-zero type. */
    public boolean isValid() {
        return !sessionId.isEmpty() && type != 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RtcMessage m
                && m.type == type
                && m.groupId.equals(groupId)
                && m.userId.equals(userId)
                && m.sessionId.equals(sessionId)
                && m.callId.equals(callId)
                && Arrays.equals(m.data, data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(groupId, userId, sessionId, callId, type) * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        String d = data.length <= 16 ? HexFormat.of().formatHex(data) : data.length + " bytes";
        return "RtcMessage[groupId=" + groupId + ", userId=" + userId + ", sessionId=" + sessionId + ", callId="
                + callId + ", type=" + type + ", data=" + d + "]";
    }
}
