package io.rtcd.rtc.sctp.dcep;

/**
 * Options for {@link DataChannelManager#open} (RFC 8831 §6.1, W3C RTCDataChannelInit).
 *
 * @param ordered ordered delivery
 * @param maxRetransmits partial reliability by retransmissions, or -1
 * @param maxPacketLifeTimeMillis partial reliability by lifetime, or -1; exclusive with maxRetransmits
 * @param protocol sub-protocol, may be empty
 * @param priority DCEP priority (RFC 8832 §5.1), 0..65535
 */
public record DataChannelOptions(
        boolean ordered, int maxRetransmits, long maxPacketLifeTimeMillis, String protocol, int priority) {

    public DataChannelOptions {
        if (maxRetransmits < -1 || maxRetransmits > 65535) {
            throw new IllegalArgumentException("maxRetransmits = " + maxRetransmits + " is out of range [-1, 65535]");
        }
        if (maxPacketLifeTimeMillis < -1 || maxPacketLifeTimeMillis > 0xFFFFFFFFL) {
            throw new IllegalArgumentException(
                    "maxPacketLifeTimeMillis = " + maxPacketLifeTimeMillis + " is out of range [-1, 4294967295]");
        }
        if (maxRetransmits >= 0 && maxPacketLifeTimeMillis >= 0) {
            throw new IllegalArgumentException("maxRetransmits and maxPacketLifeTimeMillis are mutually exclusive");
        }
        if (priority < 0 || priority > 65535) {
            throw new IllegalArgumentException("priority = " + priority + " is out of range [0, 65535]");
        }
        if (protocol == null) {
            throw new IllegalArgumentException("protocol must not be null");
        }
    }

    /** Reliable, ordered, no protocol, normal priority (256, RFC 8831 §6.4). */
    public static DataChannelOptions defaults() {
        return new DataChannelOptions(true, -1, -1, "", 256);
    }

    /** The DCEP channel type these options map to. */
    public DataChannelType channelType() {
        if (maxRetransmits >= 0) {
            return ordered
                    ? DataChannelType.PARTIAL_RELIABLE_REXMIT
                    : DataChannelType.PARTIAL_RELIABLE_REXMIT_UNORDERED;
        }
        if (maxPacketLifeTimeMillis >= 0) {
            return ordered ? DataChannelType.PARTIAL_RELIABLE_TIMED : DataChannelType.PARTIAL_RELIABLE_TIMED_UNORDERED;
        }
        return ordered ? DataChannelType.RELIABLE : DataChannelType.RELIABLE_UNORDERED;
    }

    /** The DCEP reliability parameter. */
    public int reliabilityParameter() {
        if (maxRetransmits >= 0) {
            return maxRetransmits;
        }
        return maxPacketLifeTimeMillis >= 0 ? (int) maxPacketLifeTimeMillis : 0;
    }

    /** Options described by a received DATA_CHANNEL_OPEN. */
    static DataChannelOptions fromOpen(DcepMessage.Open open) {
        boolean ordered = !open.channelType().unordered();
        long param = open.reliabilityParameter() & 0xFFFFFFFFL;
        return switch (open.channelType()) {
            case PARTIAL_RELIABLE_REXMIT, PARTIAL_RELIABLE_REXMIT_UNORDERED ->
                new DataChannelOptions(ordered, (int) Math.min(param, 65535), -1, open.protocol(), open.priority());
            case PARTIAL_RELIABLE_TIMED, PARTIAL_RELIABLE_TIMED_UNORDERED ->
                new DataChannelOptions(ordered, -1, param, open.protocol(), open.priority());
            default -> new DataChannelOptions(ordered, -1, -1, open.protocol(), open.priority());
        };
    }
}
