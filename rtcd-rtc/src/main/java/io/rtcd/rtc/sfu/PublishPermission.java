package io.rtcd.rtc.sfu;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * What a participant may publish into its call (from the join token's permissions on the browser face; everything on
 * the backend {@code /ws} face). A client section the session may not publish is answered {@code a=inactive} and not
 * forwarded; the participant gets an {@link RtcSignal.Type#ERROR} starting with {@code "forbidden:"}.
 */
public enum PublishPermission {
    /** Voice (an audio track not on the announced screen stream). */
    AUDIO,
    /** Camera video (the stream announced with VIDEO_ON). */
    VIDEO,
    /** Screen video and its audio (the stream announced with SCREEN_ON). */
    SCREEN;

    /** Every permission. */
    public static Set<PublishPermission> all() {
        return EnumSet.allOf(PublishPermission.class);
    }

    /** No permission: receive only. */
    public static Set<PublishPermission> none() {
        return EnumSet.noneOf(PublishPermission.class);
    }

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
