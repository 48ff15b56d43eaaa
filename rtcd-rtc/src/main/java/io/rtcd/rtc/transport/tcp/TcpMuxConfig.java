package io.rtcd.rtc.transport.tcp;

import java.time.Duration;
import java.util.Objects;

/**
 * Immutable, validated configuration of the ICE-TCP listener. The compact constructor throws {@link
 * IllegalArgumentException} naming the parameter, the value and the allowed range.
 *
 * @param bindAddress IP literal the listening socket binds to ({@code 0.0.0.0} for all IPv4 interfaces)
 * @param port TCP port, 0 = ephemeral (tests); rtcd's {@code ice_port_tcp} default is 8443
 * @param maxConnections open connections (authenticated or not) above which new ones are refused; 1..65536
 * @param maxConnectionsPerSession connections one ICE session may bind (a browser opens one per local interface it
 *     tries); 1..64
 * @param authTimeout a connection that has not sent a valid STUN Binding request for a known session within this time
 *     is closed; 100 ms..1 min
 * @param maxFrameBytes largest RFC 4571 frame accepted; longer frames are skipped and counted; 1200..65535
 * @param writeBufferBytes framed bytes queued per connection when the kernel send buffer is full; a packet that does
 *     not fit is dropped whole (never a partial frame); 4 KiB..16 MiB
 * @param socketSendBufferBytes SO_SNDBUF requested per connection (rtcd: 4 MiB); 8 KiB..64 MiB
 */
public record TcpMuxConfig(
        String bindAddress,
        int port,
        int maxConnections,
        int maxConnectionsPerSession,
        Duration authTimeout,
        int maxFrameBytes,
        int writeBufferBytes,
        int socketSendBufferBytes) {

    public TcpMuxConfig {
        Objects.requireNonNull(bindAddress, "bindAddress");
        if (bindAddress.isBlank()) {
            throw new IllegalArgumentException("bindAddress must be an IP literal, got blank");
        }
        range("port", port, 0, 65535);
        range("maxConnections", maxConnections, 1, 65536);
        range("maxConnectionsPerSession", maxConnectionsPerSession, 1, 64);
        Objects.requireNonNull(authTimeout, "authTimeout");
        if (authTimeout.compareTo(Duration.ofMillis(100)) < 0 || authTimeout.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("authTimeout must be in [PT0.1S, PT1M], got " + authTimeout);
        }
        range("maxFrameBytes", maxFrameBytes, 1200, 65535);
        range("writeBufferBytes", writeBufferBytes, 4096, 16 << 20);
        range("socketSendBufferBytes", socketSendBufferBytes, 8192, 64 << 20);
    }

    /**
     * Production defaults: all interfaces, port 8443, 5 s to authenticate, 64 KiB queued per connection on top of the
     * 4 MiB kernel send buffer (allocated once the connection sends, i.e. after it authenticated).
     */
    public static TcpMuxConfig defaults() {
        return new TcpMuxConfig("0.0.0.0", 8443, 4096, 8, Duration.ofSeconds(5), 1500, 64 * 1024, 4 << 20);
    }

    public TcpMuxConfig withBind(String address, int newPort) {
        return new TcpMuxConfig(
                address,
                newPort,
                maxConnections,
                maxConnectionsPerSession,
                authTimeout,
                maxFrameBytes,
                writeBufferBytes,
                socketSendBufferBytes);
    }

    public TcpMuxConfig withAuthTimeout(Duration timeout) {
        return new TcpMuxConfig(
                bindAddress,
                port,
                maxConnections,
                maxConnectionsPerSession,
                timeout,
                maxFrameBytes,
                writeBufferBytes,
                socketSendBufferBytes);
    }

    private static void range(String key, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(key + " must be in [" + min + ", " + max + "], got " + value);
        }
    }
}
