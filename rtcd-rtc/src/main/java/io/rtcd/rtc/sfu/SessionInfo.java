package io.rtcd.rtc.sfu;

import java.util.List;

/**
 * Snapshot of one session, for the service's status endpoints and tests.
 *
 * @param spec the session identity
 * @param state negotiation/transport state
 * @param muted whether voice forwarding is stopped
 * @param publishedTracks track ids of what the participant publishes (e.g. {@code voice_<session>_<random>})
 * @param subscribedTracks number of forwarded tracks the participant receives (negotiated and answered)
 */
public record SessionInfo(
        SessionSpec spec, SessionState state, boolean muted, List<String> publishedTracks, int subscribedTracks) {
    public SessionInfo {
        publishedTracks = List.copyOf(publishedTracks);
    }
}
