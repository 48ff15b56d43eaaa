package io.rtcd.service.calls;

/**
 * Where a session's server-originated signalling goes: the backend connection that joined it or last sent
 * {@code reconnect} for it. {@code connId} is volatile because WebSocket threads update it while
 * SFU threads read it.
 */
final class SessionRoute {
    final String groupId;
    final String callId;
    final String sessionId;
    final String userId;
    final JoinProps props;
    volatile String connId;

    SessionRoute(String groupId, String callId, String sessionId, String userId, JoinProps props, String connId) {
        this.groupId = groupId;
        this.callId = callId;
        this.sessionId = sessionId;
        this.userId = userId;
        this.props = props;
        this.connId = connId;
    }

    /** The {@code join} fields rtcd keeps as session props and reports in the sessions API. */
    record JoinProps(String channelId, boolean av1Support, boolean dcSignaling) {}
}
