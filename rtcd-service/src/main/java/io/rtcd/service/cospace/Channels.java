package io.rtcd.service.cospace;

import java.util.List;

/**
 * Channel names of the browser face (docs/protocol.md "Channels"): {@code cospace.<id>} (lifecycle),
 * {@code cospace.<id>.presence}, {@code cospace.<id>.activity}, {@code cospace.<id>.messages} and
 * {@code sessions.<sessionId>} (one participant's private channel).
 */
public final class Channels {
    public static final String PRESENCE = "presence";
    public static final String ACTIVITY = "activity";
    public static final String MESSAGES = "messages";

    /** The suffixes of the channels a token may grant, in documentation order. */
    public static final List<String> READABLE = List.of(PRESENCE, ACTIVITY, MESSAGES);

    private Channels() {}

    public static String lifecycle(String cospace) {
        return "cospace." + cospace;
    }

    public static String presence(String cospace) {
        return lifecycle(cospace) + "." + PRESENCE;
    }

    public static String activity(String cospace) {
        return lifecycle(cospace) + "." + ACTIVITY;
    }

    public static String messages(String cospace) {
        return lifecycle(cospace) + "." + MESSAGES;
    }

    public static String session(String sessionId) {
        return "sessions." + sessionId;
    }

    /**
     * The full name of a grantable channel of {@code cospace}: {@code presence} or {@code cospace.<id>.presence} both
     * give {@code cospace.<id>.presence}; {@code null} if {@code name} is not one of the cospace's grantable channels.
     */
    static String grantable(String cospace, String name) {
        for (String suffix : READABLE) {
            String full = lifecycle(cospace) + "." + suffix;
            if (name.equals(suffix) || name.equals(full)) {
                return full;
            }
        }
        return null;
    }
}
