package io.rtcd.service.realtime;

import io.rtcd.rtc.sfu.PublishPermission;
import java.util.EnumSet;
import java.util.Set;

/**
 * What a join token lets a browser publish into the SFU (docs/protocol.md "Permissions"): {@code publish} (all),
 * {@code publish_audio} (voice), {@code publish_video} (camera and screen), {@code publish_screen} (screen only).
 * Other names grant no media. The SFU answers a section the session may not publish {@code a=inactive}, does not
 * forward it and sends an {@code error} with code {@code forbidden}.
 */
public final class MediaPermissions {
    public static final String PUBLISH = "publish";
    public static final String PUBLISH_AUDIO = "publish_audio";
    public static final String PUBLISH_VIDEO = "publish_video";
    public static final String PUBLISH_SCREEN = "publish_screen";

    private MediaPermissions() {}

    /** The SFU permissions granted by a token's permission names. */
    public static Set<PublishPermission> of(Set<String> tokenPermissions) {
        if (tokenPermissions.contains(PUBLISH)) {
            return PublishPermission.all();
        }
        Set<PublishPermission> out = EnumSet.noneOf(PublishPermission.class);
        if (tokenPermissions.contains(PUBLISH_AUDIO)) {
            out.add(PublishPermission.AUDIO);
        }
        if (tokenPermissions.contains(PUBLISH_VIDEO)) {
            out.add(PublishPermission.VIDEO);
            out.add(PublishPermission.SCREEN);
        }
        if (tokenPermissions.contains(PUBLISH_SCREEN)) {
            out.add(PublishPermission.SCREEN);
        }
        return out;
    }
}
