package io.rtcd.rtc.sfu;

/**
 * A bounded FIFO of inbound datagrams for one {@link SessionExecutor} that grows on demand: it starts with
 * {@value #INITIAL} slots and doubles, up to its capacity ({@code rtc.session_queue_capacity}), only when a burst
 * backs up. A session that receives little (a listener: RTCP only) keeps 16 slots instead of the 1024 an
 * {@link java.util.concurrent.ArrayBlockingQueue} preallocates (4 KB per session). It never shrinks, so a session
 * allocates at most log2(capacity / 16) times over its life and nothing per packet.
 *
 * <p>Thread-safe: the UDP reader thread offers, the session's drain task polls; every method holds the queue's
 * monitor, which gives the happens-before edge between the two (as the lock of an {@code ArrayBlockingQueue} does).
 *
 * @param <T> element type
 */
final class PacketQueue<T> {
    /** Slots allocated at construction. */
    static final int INITIAL = 16;

    private final int capacity;
    private Object[] items;
    private int head;
    private int count;

    PacketQueue(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
        }
        this.capacity = capacity;
        this.items = new Object[Math.min(INITIAL, capacity)];
    }

    /** Appends {@code x}; {@code false} (nothing stored) when the queue already holds its capacity. */
    synchronized boolean offer(T x) {
        if (count == items.length) {
            if (items.length >= capacity) {
                return false;
            }
            grow();
        }
        int tail = head + count;
        if (tail >= items.length) {
            tail -= items.length;
        }
        items[tail] = x;
        count++;
        return true;
    }

    /** Removes and returns the oldest element, or {@code null} when empty. */
    @SuppressWarnings("unchecked")
    synchronized T poll() {
        if (count == 0) {
            return null;
        }
        T x = (T) items[head];
        items[head] = null;
        head = head + 1 == items.length ? 0 : head + 1;
        count--;
        return x;
    }

    synchronized boolean isEmpty() {
        return count == 0;
    }

    synchronized int size() {
        return count;
    }

    /** Slots currently allocated (for tests and diagnostics). */
    synchronized int slots() {
        return items.length;
    }

    private void grow() {
        Object[] next = new Object[(int) Math.min(capacity, 2L * items.length)];
        int first = Math.min(count, items.length - head);
        System.arraycopy(items, head, next, 0, first);
        System.arraycopy(items, 0, next, first, count - first);
        items = next;
        head = 0;
    }
}
