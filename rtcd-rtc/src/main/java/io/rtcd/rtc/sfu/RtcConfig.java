package io.rtcd.rtc.sfu;

import java.time.Duration;
import java.util.Objects;

/**
 * Immutable, validated configuration of the SFU session layer ({@code rtc.*} keys). Each check names
 * the key, the value and the allowed range.
 *
 * @param iceAddressUdp {@code rtc.ice_address_udp}: IP literal to bind the shared UDP port to, "" = all interfaces
 * @param icePortUdp {@code rtc.ice_port_udp}: the one UDP port of every session (8443; 0 = ephemeral, for tests)
 * @param iceHostOverride {@code rtc.ice_host_override}: what host candidates advertise instead of the local IPs, in
 *     rtcd's three forms (an IP, a hostname resolved once at start, or {@code EXT/INT,...} pairs); see {@link
 *     IceHostOverride}
 * @param allowLoopback {@code rtc.allow_loopback}: advertise loopback addresses as candidates (tests, local dev)
 * @param signalingTimeout {@code rtc.signaling_timeout}: how long a new session waits for the client's first offer
 * @param offerAnswerTimeout {@code rtc.offer_answer_timeout}: how long a server offer waits for its answer
 * @param keyframeMinInterval {@code rtc.keyframe_min_interval}: at most one PLI per track per interval (§4.9)
 * @param rtcpReportInterval {@code rtc.rtcp_report_interval}: period of SR to subscribers and RR to publishers
 * @param sessionQueueCapacity {@code rtc.session_queue_capacity}: inbound datagrams queued per session before drops
 * @param iceAddressTcp {@code rtc.ice_address_tcp}: IP literal the ICE-TCP listener binds to, "" = all interfaces
 * @param icePortTcp {@code rtc.ice_port_tcp}: the one ICE-TCP port (RFC 6544 passive candidates; rtcd: 8443); 0 = any
 *     free port (tests), {@link #TCP_DISABLED} (-1) = no TCP listener and no TCP candidates
 * @param iceHostPortOverride {@code rtc.ice_host_port_override}: the port external candidates advertise, a port or
 *     {@code localIP/port,...}; see {@link IceHostPortOverride}
 * @param batchSend {@code rtc.batch_send}: the fan-out hands its copies for the UDP port to the kernel in batches
 *     ({@code sendmmsg(2)} through FFM, no JDK lock); {@code false}, or a JVM without {@code --add-opens
 *     java.base/sun.nio.ch=ALL-UNNAMED}, sends each copy with {@code DatagramChannel.send}
 * @param iceConnectTimeout {@code rtc.ice_connect_timeout}: how long after the client's first offer a valid ICE check
 *     may take; a session without one ends as {@link SessionEndReason#ICE_TIMEOUT}
 */
public record RtcConfig(
        String iceAddressUdp,
        int icePortUdp,
        String iceHostOverride,
        boolean allowLoopback,
        Duration signalingTimeout,
        Duration offerAnswerTimeout,
        Duration keyframeMinInterval,
        Duration rtcpReportInterval,
        int sessionQueueCapacity,
        String iceAddressTcp,
        int icePortTcp,
        String iceHostPortOverride,
        boolean batchSend,
        Duration iceConnectTimeout) {

    /** {@link #icePortTcp()} value that turns ICE-TCP off. */
    public static final int TCP_DISABLED = -1;

    /** Default of {@code rtc.ice_connect_timeout}. */
    public static final Duration DEFAULT_ICE_CONNECT_TIMEOUT = Duration.ofSeconds(15);

    public RtcConfig {
        Objects.requireNonNull(iceAddressUdp, "rtc.ice_address_udp");
        Objects.requireNonNull(iceHostOverride, "rtc.ice_host_override");
        if (!iceAddressUdp.isEmpty() && !isIpLiteral(iceAddressUdp)) {
            throw new IllegalArgumentException(
                    "rtc.ice_address_udp must be an IP literal or empty (all interfaces), got '" + iceAddressUdp + "'");
        }
        if (icePortUdp != 0 && (icePortUdp < 80 || icePortUdp > 49151)) {
            throw new IllegalArgumentException(
                    "rtc.ice_port_udp must be 0 (ephemeral) or in [80, 49151], got " + icePortUdp);
        }
        IceHostOverride.parse(iceHostOverride);
        IceHostPortOverride.parse(Objects.requireNonNull(iceHostPortOverride, "rtc.ice_host_port_override"));
        Objects.requireNonNull(iceAddressTcp, "rtc.ice_address_tcp");
        if (!iceAddressTcp.isEmpty() && !isIpLiteral(iceAddressTcp)) {
            throw new IllegalArgumentException(
                    "rtc.ice_address_tcp must be an IP literal or empty (all interfaces), got '" + iceAddressTcp + "'");
        }
        if (icePortTcp != TCP_DISABLED && icePortTcp != 0 && (icePortTcp < 80 || icePortTcp > 49151)) {
            throw new IllegalArgumentException(
                    "rtc.ice_port_tcp must be -1 (off), 0 (ephemeral) or in [80, 49151], got " + icePortTcp);
        }
        duration("rtc.signaling_timeout", signalingTimeout, Duration.ofMillis(50), Duration.ofMinutes(5));
        duration("rtc.offer_answer_timeout", offerAnswerTimeout, Duration.ofMillis(50), Duration.ofMinutes(5));
        duration("rtc.keyframe_min_interval", keyframeMinInterval, Duration.ZERO, Duration.ofMinutes(1));
        duration("rtc.rtcp_report_interval", rtcpReportInterval, Duration.ofMillis(10), Duration.ofMinutes(1));
        if (sessionQueueCapacity < 16 || sessionQueueCapacity > 65536) {
            throw new IllegalArgumentException(
                    "rtc.session_queue_capacity must be in [16, 65536], got " + sessionQueueCapacity);
        }
        duration("rtc.ice_connect_timeout", iceConnectTimeout, Duration.ofMillis(100), Duration.ofMinutes(5));
    }

    /** The same with the default {@code rtc.ice_connect_timeout}. */
    public RtcConfig(
            String iceAddressUdp,
            int icePortUdp,
            String iceHostOverride,
            boolean allowLoopback,
            Duration signalingTimeout,
            Duration offerAnswerTimeout,
            Duration keyframeMinInterval,
            Duration rtcpReportInterval,
            int sessionQueueCapacity,
            String iceAddressTcp,
            int icePortTcp,
            String iceHostPortOverride,
            boolean batchSend) {
        this(
                iceAddressUdp,
                icePortUdp,
                iceHostOverride,
                allowLoopback,
                signalingTimeout,
                offerAnswerTimeout,
                keyframeMinInterval,
                rtcpReportInterval,
                sessionQueueCapacity,
                iceAddressTcp,
                icePortTcp,
                iceHostPortOverride,
                batchSend,
                DEFAULT_ICE_CONNECT_TIMEOUT);
    }

    /** The configuration before ICE-TCP existed: the same with TCP {@link #TCP_DISABLED}. */
    public RtcConfig(
            String iceAddressUdp,
            int icePortUdp,
            String iceHostOverride,
            boolean allowLoopback,
            Duration signalingTimeout,
            Duration offerAnswerTimeout,
            Duration keyframeMinInterval,
            Duration rtcpReportInterval,
            int sessionQueueCapacity) {
        this(
                iceAddressUdp,
                icePortUdp,
                iceHostOverride,
                allowLoopback,
                signalingTimeout,
                offerAnswerTimeout,
                keyframeMinInterval,
                rtcpReportInterval,
                sessionQueueCapacity,
                "",
                TCP_DISABLED,
                "",
                true);
    }

    /**
     * rtcd defaults: all interfaces, UDP and TCP port 8443, 10 s signalling and answer timeouts, 500 ms PLI spacing,
     * 1 s RTCP.
     */
    public static RtcConfig defaults() {
        return new RtcConfig(
                "",
                8443,
                "",
                false,
                Duration.ofSeconds(10),
                Duration.ofSeconds(10),
                Duration.ofMillis(500),
                Duration.ofSeconds(1),
                1024,
                "",
                8443,
                "",
                true);
    }

    /**
     * Loopback, ephemeral UDP port, loopback candidates, ICE-TCP off: for tests (those of ICE-TCP add {@code
     * withTcp("127.0.0.1", 0)}).
     */
    public static RtcConfig loopback() {
        return defaults().withUdp("127.0.0.1", 0, true).withTcp("", TCP_DISABLED);
    }

    /** Whether the ICE-TCP listener runs. */
    public boolean tcpEnabled() {
        return icePortTcp != TCP_DISABLED;
    }

    public RtcConfig withTcp(String address, int port) {
        return new RtcConfig(
                iceAddressUdp,
                icePortUdp,
                iceHostOverride,
                allowLoopback,
                signalingTimeout,
                offerAnswerTimeout,
                keyframeMinInterval,
                rtcpReportInterval,
                sessionQueueCapacity,
                address,
                port,
                iceHostPortOverride,
                batchSend,
                iceConnectTimeout);
    }

    public RtcConfig withHostPortOverride(String portOverride) {
        return new RtcConfig(
                iceAddressUdp,
                icePortUdp,
                iceHostOverride,
                allowLoopback,
                signalingTimeout,
                offerAnswerTimeout,
                keyframeMinInterval,
                rtcpReportInterval,
                sessionQueueCapacity,
                iceAddressTcp,
                icePortTcp,
                portOverride,
                batchSend,
                iceConnectTimeout);
    }

    public RtcConfig withHostOverride(String override) {
        return new RtcConfig(
                iceAddressUdp,
                icePortUdp,
                override,
                allowLoopback,
                signalingTimeout,
                offerAnswerTimeout,
                keyframeMinInterval,
                rtcpReportInterval,
                sessionQueueCapacity,
                iceAddressTcp,
                icePortTcp,
                iceHostPortOverride,
                batchSend,
                iceConnectTimeout);
    }

    public RtcConfig withUdp(String address, int port, boolean loopback) {
        return new RtcConfig(
                address,
                port,
                iceHostOverride,
                loopback,
                signalingTimeout,
                offerAnswerTimeout,
                keyframeMinInterval,
                rtcpReportInterval,
                sessionQueueCapacity,
                iceAddressTcp,
                icePortTcp,
                iceHostPortOverride,
                batchSend,
                iceConnectTimeout);
    }

    public RtcConfig withTimeouts(Duration signaling, Duration offerAnswer) {
        return new RtcConfig(
                iceAddressUdp,
                icePortUdp,
                iceHostOverride,
                allowLoopback,
                signaling,
                offerAnswer,
                keyframeMinInterval,
                rtcpReportInterval,
                sessionQueueCapacity,
                iceAddressTcp,
                icePortTcp,
                iceHostPortOverride,
                batchSend,
                iceConnectTimeout);
    }

    /** The same with {@code rtc.batch_send} set. */
    public RtcConfig withBatchSend(boolean batched) {
        return new RtcConfig(
                iceAddressUdp,
                icePortUdp,
                iceHostOverride,
                allowLoopback,
                signalingTimeout,
                offerAnswerTimeout,
                keyframeMinInterval,
                rtcpReportInterval,
                sessionQueueCapacity,
                iceAddressTcp,
                icePortTcp,
                iceHostPortOverride,
                batched,
                iceConnectTimeout);
    }

    /** The same with {@code rtc.ice_connect_timeout} set. */
    public RtcConfig withIceConnectTimeout(Duration timeout) {
        return new RtcConfig(
                iceAddressUdp,
                icePortUdp,
                iceHostOverride,
                allowLoopback,
                signalingTimeout,
                offerAnswerTimeout,
                keyframeMinInterval,
                rtcpReportInterval,
                sessionQueueCapacity,
                iceAddressTcp,
                icePortTcp,
                iceHostPortOverride,
                batchSend,
                timeout);
    }

    private static void duration(String key, Duration value, Duration min, Duration max) {
        if (value == null || value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(key + " must be in [" + min + ", " + max + "], got " + value);
        }
    }

    /** IPv4 dotted quad or an IPv6 literal (contains ':'), without any name resolution. */
    static boolean isIpLiteral(String s) {
        if (s.indexOf(':') >= 0) {
            return s.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.');
        }
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit) || Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }
}
