package io.rtcd.rtc.transport.tcp;

/**
 * Immutable snapshot of {@link TcpCounters}.
 *
 * @param accepted connections accepted
 * @param refused connections closed at once because {@link TcpMuxConfig#maxConnections()} were open
 * @param authenticated connections bound to a session by a valid STUN Binding request
 * @param authTimeouts connections closed because they did not authenticate in time
 * @param sessionLimit connections closed because their session already had its maximum
 * @param closed connections closed for any reason (peer close, error, timeout, session end, shutdown)
 * @param open connections open now
 * @param rxFrames RFC 4571 frames received
 * @param rxBytes their payload bytes
 * @param txFrames frames queued for sending
 * @param txBytes their payload bytes
 * @param oversizeFrames received frames longer than the limit, skipped
 * @param writeOverflows outbound packets dropped because the connection's write buffer was full
 */
public record TcpStats(
        long accepted,
        long refused,
        long authenticated,
        long authTimeouts,
        long sessionLimit,
        long closed,
        long open,
        long rxFrames,
        long rxBytes,
        long txFrames,
        long txBytes,
        long oversizeFrames,
        long writeOverflows) {}
