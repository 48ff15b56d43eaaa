package io.rtcd.rtc.sfu;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sessions of one call (cospace) and the tracks they publish. Membership and publication changes are atomic
 * under this object's lock, so a joining session sees every track exactly once: either in the snapshot
 * {@link #join} returns or through a later {@link RtcSession#subscribe} task. Subscribe/unsubscribe work is handed
 * to each session's serial executor; nothing here touches packets.
 */
final class Call {
    final String groupId;
    final String callId;
    private final Map<String, RtcSession> sessions = new LinkedHashMap<>();
    private final List<PublishedTrack> tracks = new ArrayList<>();
    /** The one session sharing its screen (first ScreenOn wins), or null. */
    private String screenSessionId;

    Call(String groupId, String callId) {
        this.groupId = groupId;
        this.callId = callId;
    }

    /**
     * Adds a session.
     *
     * @return the tracks already published by others
     * @throws SfuException if the session id is taken (rtcd: "user session already exists")
     */
    synchronized List<PublishedTrack> join(RtcSession s) {
        if (sessions.containsKey(s.spec().sessionId())) {
            throw new SfuException("user session already exists");
        }
        sessions.put(s.spec().sessionId(), s);
        return List.copyOf(tracks);
    }

    /** Removes a session. @return whether the call is now empty */
    synchronized boolean leave(RtcSession s) {
        sessions.remove(s.spec().sessionId(), s);
        return sessions.isEmpty();
    }

    synchronized RtcSession session(String sessionId) {
        return sessions.get(sessionId);
    }

    synchronized List<RtcSession> sessions() {
        return List.copyOf(sessions.values());
    }

    synchronized boolean isEmpty() {
        return sessions.isEmpty();
    }

    /**
     * Announces new tracks of one publisher to every other session of the call, as one task per session so that
     * they are offered together in one renegotiation.
     */
    synchronized void publish(String publisherSessionId, List<PublishedTrack> added) {
        if (added.isEmpty()) {
            return;
        }
        List<PublishedTrack> copy = List.copyOf(added);
        tracks.addAll(copy);
        for (RtcSession s : sessions.values()) {
            if (!s.spec().sessionId().equals(publisherSessionId)) {
                s.execute(() -> s.subscribe(copy));
            }
        }
    }

    /**
     * Hands a data-channel message, already wrapped with the sender's id, to every other session of the call (each
     * on its own serial thread). The envelope is shared and never modified.
     */
    synchronized void relayData(String senderSessionId, String label, byte[] envelope, boolean binary) {
        for (RtcSession s : sessions.values()) {
            if (!s.spec().sessionId().equals(senderSessionId)) {
                s.execute(() -> s.deliverData(label, envelope, binary));
            }
        }
    }

    /**
     * Takes the call's single screen-sharer slot.
     *
     * @return null if {@code sessionId} holds it now (or already did), else the session that holds it
     */
    synchronized String claimScreen(String sessionId) {
        if (screenSessionId == null || screenSessionId.equals(sessionId)) {
            screenSessionId = sessionId;
            return null;
        }
        return screenSessionId;
    }

    /** Frees the screen-sharer slot if {@code sessionId} holds it (ScreenOff, leave). */
    synchronized void releaseScreen(String sessionId) {
        if (sessionId.equals(screenSessionId)) {
            screenSessionId = null;
        }
    }

    /** Withdraws a track from every other session of the call. */
    synchronized void unpublish(PublishedTrack t) {
        if (!tracks.remove(t)) {
            return;
        }
        t.markRemoved();
        for (RtcSession s : sessions.values()) {
            if (!s.spec().sessionId().equals(t.publisherSessionId)) {
                s.execute(() -> s.unsubscribe(t));
            }
        }
    }
}
