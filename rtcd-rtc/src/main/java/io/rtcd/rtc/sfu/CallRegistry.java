package io.rtcd.rtc.sfu;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Groups → calls → sessions: empty calls and groups are deleted. Thread-safe (one lock for the
 * structure; per-call state has its own lock in {@link Call}).
 */
final class CallRegistry {
    private final Map<String, Map<String, Call>> groups = new HashMap<>();
    private final Map<String, RtcSession> bySession = new HashMap<>();

    private static String key(String groupId, String sessionId) {
        return groupId + '\n' + sessionId;
    }

    /** Registers a session and returns the tracks already in its call. */
    synchronized List<PublishedTrack> add(RtcSession s) {
        SessionSpec spec = s.spec();
        if (bySession.containsKey(key(spec.groupId(), spec.sessionId()))) {
            throw new SfuException("user session already exists");
        }
        Call call = groups.computeIfAbsent(spec.groupId(), g -> new HashMap<>())
                .computeIfAbsent(spec.callId(), c -> new Call(spec.groupId(), c));
        List<PublishedTrack> existing = call.join(s);
        bySession.put(key(spec.groupId(), spec.sessionId()), s);
        s.attach(call);
        return existing;
    }

    synchronized RtcSession find(String groupId, String sessionId) {
        return bySession.get(key(groupId, sessionId));
    }

    /** Unregisters a session; deletes its call and group when they become empty. Idempotent. */
    synchronized void remove(RtcSession s) {
        SessionSpec spec = s.spec();
        if (!bySession.remove(key(spec.groupId(), spec.sessionId()), s)) {
            return;
        }
        Map<String, Call> calls = groups.get(spec.groupId());
        Call call = calls == null ? null : calls.get(spec.callId());
        if (call != null && call.leave(s)) {
            calls.remove(spec.callId());
            if (calls.isEmpty()) {
                groups.remove(spec.groupId());
            }
        }
    }

    synchronized List<RtcSession> sessions(String groupId, String callId) {
        Map<String, Call> calls = groups.get(groupId);
        Call call = calls == null ? null : calls.get(callId);
        return call == null ? List.of() : call.sessions();
    }

    synchronized List<RtcSession> all() {
        return new ArrayList<>(bySession.values());
    }

    synchronized int size() {
        return bySession.size();
    }
}
