package io.rtcd.rtc.sctp;

/**
 * Immutable association configuration. Defaults follow RFC 9260 §16 except where WebRTC practice differs (noted).
 *
 * @param localPort our SCTP port; WebRTC uses 5000 unless SDP {@code a=sctp-port} says otherwise (RFC 8841 §5)
 * @param remotePort the peer's SCTP port
 * @param mtu maximum SCTP packet size; 1200 keeps DTLS+UDP+IP within common path MTUs (RFC 8831 §5)
 * @param maxMessageSize largest user message we send or accept (SDP {@code a=max-message-size}, RFC 8841 §6)
 * @param receiveWindow our advertised receive window a_rwnd in bytes (§6.2); must hold at least one max message
 * @param streams number of inbound and outbound streams offered in INIT (RFC 8831 §6.2 suggests 65535)
 * @param rtoInitialMillis RTO.Initial (§16: 1 s)
 * @param rtoMinMillis RTO.Min; dcSCTP uses 400 ms instead of the RFC's 1 s to suit interactive data
 * @param rtoMaxMillis RTO.Max; capped at 3 s like dcSCTP/JVB ("max timer backoff") instead of the RFC's 60 s
 * @param maxInitRetransmits Max.Init.Retransmits (§16: 8)
 * @param maxAssociationRetransmits Association.Max.Retrans (§16: 10); consecutive timeouts before the association
 *     is declared dead
 * @param heartbeatIntervalMillis HB.interval (§16: 30 s)
 * @param delayedAckMillis delayed SACK timer (§6.2: at most 500 ms, 200 ms recommended)
 * @param cookieLifetimeMillis Valid.Cookie.Life (§16: 60 s)
 * @param maxBurst Max.Burst packets of new data per flush (§16: 4)
 * @param maxSendBuffer bytes queued or unacknowledged before {@code send} answers {@link SendStatus#BUFFER_FULL};
 *     at least one maximum-size message
 */
public record SctpOptions(
        int localPort,
        int remotePort,
        int mtu,
        int maxMessageSize,
        int receiveWindow,
        int streams,
        long rtoInitialMillis,
        long rtoMinMillis,
        long rtoMaxMillis,
        int maxInitRetransmits,
        int maxAssociationRetransmits,
        long heartbeatIntervalMillis,
        long delayedAckMillis,
        long cookieLifetimeMillis,
        int maxBurst,
        int maxSendBuffer) {

    public SctpOptions {
        check("localPort", localPort, 1, 65535);
        check("remotePort", remotePort, 1, 65535);
        check("mtu", mtu, 508, 65535);
        check("maxMessageSize", maxMessageSize, 1, 64 * 1024 * 1024);
        check("receiveWindow", receiveWindow, Math.max(1500, maxMessageSize), Integer.MAX_VALUE);
        check("streams", streams, 1, 65535);
        check("rtoMinMillis", rtoMinMillis, 1, 60_000);
        check("rtoMaxMillis", rtoMaxMillis, rtoMinMillis, 600_000);
        check("rtoInitialMillis", rtoInitialMillis, rtoMinMillis, rtoMaxMillis);
        check("maxInitRetransmits", maxInitRetransmits, 0, 1000);
        check("maxAssociationRetransmits", maxAssociationRetransmits, 0, 1000);
        check("heartbeatIntervalMillis", heartbeatIntervalMillis, 100, 3_600_000);
        check("delayedAckMillis", delayedAckMillis, 0, 500);
        check("cookieLifetimeMillis", cookieLifetimeMillis, 1000, 3_600_000);
        check("maxBurst", maxBurst, 1, 1000);
        check("maxSendBuffer", maxSendBuffer, maxMessageSize, Integer.MAX_VALUE);
    }

    /** WebRTC defaults: port 5000 both sides, MTU 1200, 256 KiB messages, 1 MiB window. */
    public static SctpOptions defaults() {
        return new SctpOptions(
                5000,
                5000,
                1200,
                256 * 1024,
                1024 * 1024,
                65535,
                1000,
                400,
                3000,
                8,
                10,
                30_000,
                200,
                60_000,
                4,
                4 * 1024 * 1024);
    }

    /** Copy with different ports (from SDP {@code a=sctp-port}). */
    public SctpOptions withPorts(int local, int remote) {
        return new SctpOptions(
                local,
                remote,
                mtu,
                maxMessageSize,
                receiveWindow,
                streams,
                rtoInitialMillis,
                rtoMinMillis,
                rtoMaxMillis,
                maxInitRetransmits,
                maxAssociationRetransmits,
                heartbeatIntervalMillis,
                delayedAckMillis,
                cookieLifetimeMillis,
                maxBurst,
                maxSendBuffer);
    }

    /** Copy with a different maximum message size; the receive window grows to hold at least one message. */
    public SctpOptions withMaxMessageSize(int size) {
        return new SctpOptions(
                localPort,
                remotePort,
                mtu,
                size,
                Math.max(receiveWindow, size),
                streams,
                rtoInitialMillis,
                rtoMinMillis,
                rtoMaxMillis,
                maxInitRetransmits,
                maxAssociationRetransmits,
                heartbeatIntervalMillis,
                delayedAckMillis,
                cookieLifetimeMillis,
                maxBurst,
                Math.max(maxSendBuffer, size));
    }

    private static void check(String key, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(
                    "sctp." + key + " = " + value + " is out of range [" + min + ", " + max + "]");
        }
    }
}
