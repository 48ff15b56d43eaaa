package io.rtcd.rtc.sfu;

import io.rtcd.rtc.sdp.MediaKind;
import java.util.Set;

/**
 * Which permission a published section needs, and the ERROR text of a refusal (docs/protocol.md "Media permissions
 * and SFU refusals"). Pure functions of the session's announced streams; called on the session's serial thread.
 */
final class PublishRules {
    /** Prefix of the ERROR sent for a section the join token does not allow. */
    static final String FORBIDDEN_PUBLISH = "forbidden: the join token does not allow publishing ";

    static final String SCREEN_BUSY = "screen_busy: screen share refused; its tracks are not forwarded";

    private PublishRules() {}

    /**
     * The refusal of a client section, or null when it may be published.
     *
     * @param screenStreamId the announced screen stream (SCREEN_ON), or null
     * @param refusedScreenStreamId a screen stream refused by the single-sharer rule or permissions, or null
     */
    static String refusal(
            MediaKind kind,
            String streamId,
            String screenStreamId,
            String refusedScreenStreamId,
            Set<PublishPermission> allowed) {
        if (streamId.equals(refusedScreenStreamId)) {
            return SCREEN_BUSY;
        }
        PublishPermission need;
        if (streamId.equals(screenStreamId)) {
            need = PublishPermission.SCREEN;
        } else if (kind == MediaKind.AUDIO) {
            need = PublishPermission.AUDIO;
        } else {
            need = PublishPermission.VIDEO; // camera, or an unannounced video stream (never forwarded anyway)
        }
        return allowed.contains(need) ? null : FORBIDDEN_PUBLISH + need.label();
    }

    /** The permission a refusal text names, or null (e.g. {@link #SCREEN_BUSY}). */
    static PublishPermission refusedPermission(String reason) {
        for (PublishPermission p : PublishPermission.values()) {
            if (reason.equals(FORBIDDEN_PUBLISH + p.label())) {
                return p;
            }
        }
        return null;
    }
}
