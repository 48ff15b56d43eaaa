package io.rtcd.rtc.sctp;

/**
 * Per-message send options (RFC 8831 §6.1 reliability, RFC 3758 PR-SCTP policies).
 *
 * @param ordered deliver in stream order (U bit clear)
 * @param maxRetransmits abandon after this many retransmissions (RFC 3758 "limited retransmissions" policy), or
 *     -1 for fully reliable
 * @param maxLifetimeMillis abandon once this old (RFC 3758 "timed reliability"), or -1 for no limit
 */
public record SendOptions(boolean ordered, int maxRetransmits, long maxLifetimeMillis) {
    /** Fully reliable ordered delivery. */
    public static final SendOptions RELIABLE_ORDERED = new SendOptions(true, -1, -1);

    public SendOptions {
        if (maxRetransmits < -1 || maxRetransmits > 65535) {
            throw new IllegalArgumentException("maxRetransmits = " + maxRetransmits + " is out of range [-1, 65535]");
        }
        if (maxLifetimeMillis < -1) {
            throw new IllegalArgumentException("maxLifetimeMillis = " + maxLifetimeMillis + " must be >= -1");
        }
    }

    /** True when any partial-reliability limit applies. */
    public boolean partiallyReliable() {
        return maxRetransmits >= 0 || maxLifetimeMillis >= 0;
    }
}
