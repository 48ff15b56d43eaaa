package io.rtcd.rtc.sctp;

import io.rtcd.rtc.sctp.packet.DataChunk;
import io.rtcd.rtc.sctp.packet.ForwardTsnChunk;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Receive-side reassembly and ordering (RFC 9260 §6.5, §6.6, §6.9). Fragments of one message carry consecutive TSNs
 * (no I-DATA interleaving), so a message is complete when a run B..E of contiguous TSNs with the same stream, U bit
 * and (for ordered) SSN is present. Ordered messages wait for their SSN; unordered ones are delivered at once.
 * Tracks the bytes it holds so the association can advertise its receive window. Not thread-safe.
 */
final class ReassemblyQueue {

    /** Receives complete messages. */
    interface MessageSink {
        void deliver(int streamId, int ppid, byte[] message);
    }

    private record Ready(int ppid, byte[] data) {}

    private static final class InboundStream {
        int expectedSsn;
        final Map<Integer, Ready> ready = new HashMap<>();
    }

    /** Bookkeeping cost charged per buffered fragment so floods of tiny fragments exhaust the window too. */
    static final int FRAGMENT_OVERHEAD = 64;

    /** Smallest non-final fragment a legitimate sender produces (they cut at the path MTU, at least 508 bytes). */
    static final int MIN_FRAGMENT = 64;

    private final int maxMessageSize;
    private final TreeMap<Long, DataChunk> fragments = new TreeMap<>();
    private final Map<Integer, InboundStream> streams = new HashMap<>();
    private long bufferedBytes;
    private boolean violation;

    ReassemblyQueue(int maxMessageSize) {
        this.maxMessageSize = maxMessageSize;
    }

    /** Bytes held in fragments and in ordered messages waiting for an earlier SSN. */
    long bufferedBytes() {
        return bufferedBytes;
    }

    /**
     * True once the peer sent a message larger than the maximum message size (RFC 8841 §6: a protocol violation
     * that the association answers with ABORT).
     */
    boolean violation() {
        return violation;
    }

    /** Adds a new (non-duplicate) DATA chunk with unwrapped TSN {@code tsn}. */
    void add(long tsn, DataChunk c, MessageSink sink) {
        if (c.beginning() && c.ending()) {
            byte[] copy = new byte[c.dataLength()];
            System.arraycopy(c.data(), c.dataOffset(), copy, 0, copy.length);
            complete(c.streamId(), c.ssn(), c.unordered(), c.ppid(), copy, sink);
            return;
        }
        fragments.put(tsn, c);
        bufferedBytes += c.dataLength() + FRAGMENT_OVERHEAD;
        tryAssemble(tsn, c, sink);
    }

    private static boolean sameMessage(DataChunk a, DataChunk b) {
        return a.streamId() == b.streamId() && a.unordered() == b.unordered() && (a.unordered() || a.ssn() == b.ssn());
    }

    private void tryAssemble(long tsn, DataChunk c, MessageSink sink) {
        // Walks are bounded: a message can span at most maxMessageSize bytes, and legitimate senders fragment at
        // the path MTU, so more than maxMessageSize / MIN_FRAGMENT fragments means a misbehaving peer.
        int maxFragments = maxMessageSize / MIN_FRAGMENT + 2;
        long first = tsn;
        DataChunk fc = c;
        long size = c.dataLength();
        int count = 1;
        while (!fc.beginning()) {
            DataChunk p = fragments.get(first - 1);
            if (p == null || !sameMessage(p, c) || p.ending()) {
                return;
            }
            first--;
            fc = p;
            size += p.dataLength();
            if (++count > maxFragments || size > maxMessageSize) {
                violation = true;
                return;
            }
        }
        long last = tsn;
        DataChunk lc = c;
        while (!lc.ending()) {
            DataChunk n = fragments.get(last + 1);
            if (n == null || !sameMessage(n, c) || n.beginning()) {
                return;
            }
            last++;
            lc = n;
            size += n.dataLength();
            if (++count > maxFragments || size > maxMessageSize) {
                violation = true;
                return;
            }
        }
        NavigableMap<Long, DataChunk> run = fragments.subMap(first, true, last, true);
        bufferedBytes -= size + (long) run.size() * FRAGMENT_OVERHEAD;
        byte[] msg = new byte[(int) size];
        int p = 0;
        for (DataChunk f : run.values()) {
            System.arraycopy(f.data(), f.dataOffset(), msg, p, f.dataLength());
            p += f.dataLength();
        }
        run.clear();
        complete(c.streamId(), c.ssn(), c.unordered(), fc.ppid(), msg, sink);
    }

    private void complete(int streamId, int ssn, boolean unordered, int ppid, byte[] msg, MessageSink sink) {
        if (unordered) {
            sink.deliver(streamId, ppid, msg);
            return;
        }
        InboundStream s = streams.computeIfAbsent(streamId, k -> new InboundStream());
        if (ssn == s.expectedSsn) {
            s.expectedSsn = (s.expectedSsn + 1) & 0xFFFF;
            sink.deliver(streamId, ppid, msg);
            drain(streamId, s, sink);
        } else if (!Tsn.ssnAtOrBefore(ssn, s.expectedSsn) && !s.ready.containsKey(ssn)) {
            s.ready.put(ssn, new Ready(ppid, msg));
            bufferedBytes += msg.length;
        }
    }

    private void drain(int streamId, InboundStream s, MessageSink sink) {
        Ready r;
        while ((r = s.ready.remove(s.expectedSsn)) != null) {
            bufferedBytes -= r.data().length;
            s.expectedSsn = (s.expectedSsn + 1) & 0xFFFF;
            sink.deliver(streamId, r.ppid(), r.data());
        }
    }

    /**
     * FORWARD TSN (RFC 3758 §3.6): drops fragments at or below {@code newCumulative}, and per listed ordered stream
     * delivers complete messages up to the skipped SSN, then moves the expected SSN past it.
     */
    void forwardTsn(long newCumulative, Iterable<ForwardTsnChunk.Skipped> skipped, MessageSink sink) {
        NavigableMap<Long, DataChunk> dropped = fragments.headMap(newCumulative, true);
        for (DataChunk f : dropped.values()) {
            bufferedBytes -= f.dataLength() + FRAGMENT_OVERHEAD;
        }
        dropped.clear();
        for (ForwardTsnChunk.Skipped sk : skipped) {
            InboundStream s = streams.computeIfAbsent(sk.streamId(), k -> new InboundStream());
            if (!Tsn.ssnAtOrBefore(s.expectedSsn, sk.ssn())) {
                continue;
            }
            while (Tsn.ssnAtOrBefore(s.expectedSsn, sk.ssn())) {
                Ready r = s.ready.remove(s.expectedSsn);
                if (r != null) {
                    bufferedBytes -= r.data().length;
                    sink.deliver(sk.streamId(), r.ppid(), r.data());
                }
                if (s.expectedSsn == sk.ssn()) {
                    s.expectedSsn = (s.expectedSsn + 1) & 0xFFFF;
                    break;
                }
                s.expectedSsn = (s.expectedSsn + 1) & 0xFFFF;
            }
            drain(sk.streamId(), s, sink);
        }
    }

    /** Incoming SSN reset (RFC 6525 §5.2.2): the listed streams (all when empty) restart at SSN 0. */
    void resetStreams(int[] streamIds) {
        if (streamIds.length == 0) {
            for (InboundStream s : streams.values()) {
                clear(s);
            }
            return;
        }
        for (int id : streamIds) {
            InboundStream s = streams.get(id);
            if (s != null) {
                clear(s);
            }
        }
    }

    private void clear(InboundStream s) {
        for (Iterator<Ready> it = s.ready.values().iterator(); it.hasNext(); ) {
            bufferedBytes -= it.next().data().length;
            it.remove();
        }
        s.expectedSsn = 0;
    }
}
