package io.rtcd.rtc.sctp;

import io.rtcd.rtc.sctp.packet.DataChunk;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Per-stream outbound queues with round-robin scheduling between streams at message boundaries (fragments of one
 * message must carry consecutive TSNs without I-DATA, RFC 9260 §6.9), fragmentation to the available payload size,
 * SSN assignment (§6.5) and the stream-side part of outgoing stream reset (RFC 6525 §5.1.2). Not thread-safe.
 */
final class SendQueue {

    /**
     * A produced fragment.
     *
     * @param chunk the DATA chunk
     * @param message the message it belongs to
     */
    record Fragment(DataChunk chunk, OutgoingMessage message) {}

    private static final class OutboundStream {
        final int id;
        final ArrayDeque<OutgoingMessage> queue = new ArrayDeque<>();
        int nextSsn;
        boolean resetPending;
        boolean scheduled;

        OutboundStream(int id) {
            this.id = id;
        }
    }

    private final Map<Integer, OutboundStream> streams = new HashMap<>();
    private final ArrayDeque<OutboundStream> roundRobin = new ArrayDeque<>();
    private OutboundStream current;
    private long unsentBytes;
    private long expiredBeforeSend;

    /** Bytes not yet cut into DATA chunks. */
    long unsentBytes() {
        return unsentBytes;
    }

    /** Messages dropped because their lifetime ran out before their first fragment was sent. */
    long expiredBeforeSend() {
        return expiredBeforeSend;
    }

    boolean isEmpty() {
        return current == null && roundRobin.isEmpty();
    }

    private OutboundStream stream(int id) {
        return streams.computeIfAbsent(id, OutboundStream::new);
    }

    void enqueue(OutgoingMessage m) {
        OutboundStream s = stream(m.streamId);
        s.queue.add(m);
        unsentBytes += m.data.length;
        if (!s.scheduled) {
            s.scheduled = true;
            roundRobin.add(s);
        }
    }

    /** Length of the next fragment for {@code maxPayload}, or 0 when nothing is queued. */
    int peekNextLength(int maxPayload) {
        OutboundStream s = current != null ? current : roundRobin.peek();
        while (s != null) {
            OutgoingMessage m = s.queue.peek();
            if (m != null) {
                return Math.min(maxPayload, m.remaining());
            }
            if (s == current) {
                return 0;
            }
            roundRobin.poll();
            s.scheduled = false;
            s = roundRobin.peek();
        }
        return 0;
    }

    /** Cuts the next fragment of at most {@code maxPayload} bytes with TSN {@code tsn}, or null when empty. */
    Fragment next(int maxPayload, int tsn, long now) {
        OutboundStream s = current;
        OutgoingMessage m = s == null ? null : s.queue.peek();
        while (m == null) {
            s = roundRobin.poll();
            if (s == null) {
                return null;
            }
            m = s.queue.peek();
            if (m == null) {
                s.scheduled = false;
                continue;
            }
            if (m.offset == 0 && now >= m.expiresAtMillis) {
                s.queue.poll();
                unsentBytes -= m.data.length;
                m.abandoned = true;
                expiredBeforeSend++;
                m = null;
                if (s.queue.isEmpty()) {
                    s.scheduled = false;
                } else {
                    roundRobin.addFirst(s);
                }
                continue;
            }
            current = s;
        }
        int len = Math.min(maxPayload, m.remaining());
        int flags = 0;
        if (m.offset == 0) {
            flags |= DataChunk.FLAG_BEGINNING;
            if (m.ordered) {
                m.ssn = s.nextSsn;
                s.nextSsn = (s.nextSsn + 1) & 0xFFFF;
            } else {
                m.ssn = 0;
            }
        }
        if (len == m.remaining()) {
            flags |= DataChunk.FLAG_ENDING;
        }
        if (!m.ordered) {
            flags |= DataChunk.FLAG_UNORDERED;
        }
        DataChunk chunk = new DataChunk(flags, tsn, m.streamId, m.ssn, m.ppid, m.data, m.offset, len);
        m.offset += len;
        unsentBytes -= len;
        if (m.fullyFragmented()) {
            finishMessage(s);
        }
        return new Fragment(chunk, m);
    }

    private void finishMessage(OutboundStream s) {
        s.queue.poll();
        current = null;
        if (s.queue.isEmpty()) {
            s.scheduled = false;
        } else {
            roundRobin.add(s);
        }
    }

    /** PR-SCTP abandonment (RFC 3758 §3.5): the unsent tail of a partly sent message is discarded. */
    void abandon(OutgoingMessage m) {
        if (m.fullyFragmented()) {
            return;
        }
        OutboundStream s = streams.get(m.streamId);
        unsentBytes -= m.remaining();
        m.offset = m.data.length;
        if (s != null && s.queue.peek() == m) {
            if (current == s) {
                finishMessage(s);
            } else {
                s.queue.poll();
            }
        } else if (s != null) {
            s.queue.remove(m);
        }
    }

    /** Marks a stream as resetting: the association refuses new sends on it until the reset completes. */
    void markResetPending(int streamId) {
        stream(streamId).resetPending = true;
    }

    boolean isResetPending(int streamId) {
        OutboundStream s = streams.get(streamId);
        return s != null && s.resetPending;
    }

    /** True when every message queued on the stream has been cut into chunks. */
    boolean isDrained(int streamId) {
        OutboundStream s = streams.get(streamId);
        return s == null || (s.queue.isEmpty() && current != s);
    }

    /** The reset was performed by the peer (RFC 6525 §5.2.4): SSNs restart at 0 and the stream accepts data. */
    void completeReset(int streamId) {
        OutboundStream s = stream(streamId);
        s.nextSsn = 0;
        s.resetPending = false;
    }

    /** The reset failed: the stream accepts data again with its SSNs unchanged. */
    void cancelReset(int streamId) {
        stream(streamId).resetPending = false;
    }
}
