package io.rtcd.service.cospace;

import io.rtcd.auth.JoinClaims;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a participant's join token allows in its cospace (docs/protocol.md "Permissions").
 *
 * <p>Permissions: {@code publish_audio}, {@code publish_video}, {@code publish_data}, {@code moderate};
 * {@code publish} is short for the three publish permissions. Channels: the grantable channels the participant may
 * read ({@code presence}, {@code activity}, {@code messages}, short or full names); a token without channels may read
 * all three. The lifecycle channel {@code cospace.<id>} and the participant's own {@code sessions.<sessionId>} are
 * always readable and always subscribed.
 *
 * @param readable full names of the grantable channels the participant may subscribe to
 */
public record Grant(
        Set<String> readable, boolean publishAudio, boolean publishVideo, boolean publishData, boolean moderate) {

    public static final String PUBLISH = "publish";
    public static final String PUBLISH_AUDIO = "publish_audio";
    public static final String PUBLISH_VIDEO = "publish_video";
    public static final String PUBLISH_DATA = "publish_data";
    public static final String MODERATE = "moderate";

    /** Every permission name a token may carry. */
    public static final List<String> PERMISSIONS =
            List.of(PUBLISH, PUBLISH_AUDIO, PUBLISH_VIDEO, PUBLISH_DATA, MODERATE);

    /** What a join token gets when its minting request names no permissions: publish everything, no moderation. */
    public static final List<String> DEFAULT_PERMISSIONS = List.of(PUBLISH_AUDIO, PUBLISH_VIDEO, PUBLISH_DATA);

    public Grant {
        readable = Set.copyOf(readable);
    }

    /** The grant of {@code claims} in {@code cospace}; unknown permission and channel names grant nothing. */
    public static Grant of(JoinClaims claims, String cospace) {
        Set<String> p = claims.permissions();
        boolean all = p.contains(PUBLISH);
        Set<String> readable = new LinkedHashSet<>();
        if (claims.channels().isEmpty()) {
            for (String suffix : Channels.READABLE) {
                readable.add(Channels.lifecycle(cospace) + "." + suffix);
            }
        } else {
            for (String name : claims.channels()) {
                String full = Channels.grantable(cospace, name);
                if (full != null) {
                    readable.add(full);
                }
            }
        }
        return new Grant(
                readable,
                all || p.contains(PUBLISH_AUDIO),
                all || p.contains(PUBLISH_VIDEO),
                all || p.contains(PUBLISH_DATA),
                p.contains(MODERATE));
    }

    /** Whether this participant counts against {@code max_publishers}: it may publish audio or video. */
    public boolean publisher() {
        return publishAudio || publishVideo;
    }
}
