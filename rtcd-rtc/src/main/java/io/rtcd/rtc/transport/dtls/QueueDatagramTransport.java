package io.rtcd.rtc.transport.dtls;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.tls.DatagramTransport;

/**
 * Push-to-pull adapter between the UDP reader thread and Bouncy Castle's blocking DTLS API (JVB's DtlsStack does the
 * same): the reader {@link #offer}s datagrams into a bounded queue of reusable slots (drop when full); BC's thread
 * pulls them with {@link #receive}. Slots are allocated on first need, up to the capacity, and then reused, so a
 * session costs a few KB (a handshake needs about five slots) rather than capacity x MTU; after the handshake
 * {@link #trimFree} gives the idle slots back, as most sessions receive no DTLS record again (no data channel).
 * Sends go straight to the {@link DtlsTransport.Output}.
 */
final class QueueDatagramTransport implements DatagramTransport {
    private static final long CLOSE_POLL_MILLIS = 100;

    private static final class Slot {
        final byte[] data;
        int length;

        Slot(int capacity) {
            data = new byte[capacity];
        }
    }

    private final ArrayBlockingQueue<Slot> inbound;
    private final ArrayBlockingQueue<Slot> free;
    private final AtomicInteger allocated = new AtomicInteger();
    private final int capacity;
    private final int receiveLimit;
    private final int sendLimit;
    private final DtlsTransport.Output output;
    private volatile boolean closed;

    QueueDatagramTransport(int capacity, int receiveLimit, int sendLimit, DtlsTransport.Output output) {
        this.inbound = new ArrayBlockingQueue<>(capacity);
        this.free = new ArrayBlockingQueue<>(capacity);
        this.capacity = capacity;
        this.receiveLimit = receiveLimit;
        this.sendLimit = sendLimit;
        this.output = output;
    }

    /**
     * Copies one datagram into the queue. Called by the UDP reader thread.
     *
     * @return {@code false} if the queue is full, the datagram is too long, or the transport is closed
     */
    boolean offer(byte[] buf, int off, int len) {
        if (closed || len > receiveLimit) {
            return false;
        }
        Slot slot = free.poll();
        if (slot == null) {
            if (allocated.incrementAndGet() > capacity) {
                allocated.decrementAndGet();
                return false;
            }
            slot = new Slot(receiveLimit);
        }
        System.arraycopy(buf, off, slot.data, 0, len);
        slot.length = len;
        inbound.offer(slot); // cannot fail: there are never more slots than queue places
        return true;
    }

    /**
     * Drops idle slots beyond {@code keep} (the handshake's, once it is done); later datagrams allocate again on
     * demand, still at most {@code capacity} slots at a time. Any thread.
     */
    void trimFree(int keep) {
        while (free.size() > keep && free.poll() != null) {
            allocated.decrementAndGet();
        }
    }

    boolean hasPending() {
        return !inbound.isEmpty();
    }

    @Override
    public int getReceiveLimit() {
        return receiveLimit;
    }

    @Override
    public int getSendLimit() {
        return sendLimit;
    }

    /** BC contract: {@code waitMillis == 0} means wait forever; returns -1 on timeout. */
    @Override
    public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
        long deadline =
                waitMillis == 0 ? Long.MAX_VALUE : System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        try {
            while (true) {
                if (closed) {
                    throw new IOException("DTLS transport closed");
                }
                long left = deadline == Long.MAX_VALUE
                        ? TimeUnit.MILLISECONDS.toNanos(CLOSE_POLL_MILLIS)
                        : Math.min(deadline - System.nanoTime(), TimeUnit.MILLISECONDS.toNanos(CLOSE_POLL_MILLIS));
                if (left <= 0) {
                    return -1;
                }
                Slot slot = inbound.poll(left, TimeUnit.NANOSECONDS);
                if (slot != null) {
                    int n = Math.min(len, slot.length);
                    System.arraycopy(slot.data, 0, buf, off, n);
                    free.offer(slot);
                    return n;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for DTLS datagram");
        }
    }

    @Override
    public void send(byte[] buf, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("DTLS transport closed");
        }
        output.send(buf, off, len);
    }

    @Override
    public void close() {
        closed = true;
    }
}
