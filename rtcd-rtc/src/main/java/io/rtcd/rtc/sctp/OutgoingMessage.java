package io.rtcd.rtc.sctp;

/**
 * One user message on its way out: the unsent remainder lives in the {@link SendQueue}, sent fragments in the
 * {@link RetransmissionQueue}. Mutable, owned by the association thread.
 */
final class OutgoingMessage {
    final int streamId;
    final int ppid;
    final byte[] data;
    final boolean ordered;
    /** -1 when fully reliable. */
    final int maxRetransmits;
    /** Long.MAX_VALUE when no lifetime applies. */
    final long expiresAtMillis;

    /** Bytes already cut into DATA chunks. */
    int offset;
    /** Assigned SSN, -1 until the first fragment is produced (or for unordered messages, 0). */
    int ssn = -1;

    boolean abandoned;

    OutgoingMessage(int streamId, int ppid, byte[] data, boolean ordered, int maxRetransmits, long expiresAtMillis) {
        this.streamId = streamId;
        this.ppid = ppid;
        this.data = data;
        this.ordered = ordered;
        this.maxRetransmits = maxRetransmits;
        this.expiresAtMillis = expiresAtMillis;
    }

    boolean partiallyReliable() {
        return maxRetransmits >= 0 || expiresAtMillis != Long.MAX_VALUE;
    }

    boolean fullyFragmented() {
        return offset == data.length;
    }

    int remaining() {
        return data.length - offset;
    }
}
