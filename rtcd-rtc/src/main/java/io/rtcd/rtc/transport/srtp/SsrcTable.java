package io.rtcd.rtc.transport.srtp;

/**
 * Tiny int-keyed map for per-SSRC crypto contexts. Reads are lock-free and allocation-free (an immutable
 * open-addressing table behind a volatile reference); writes copy the table under a lock, which is fine because a
 * session sees a handful of SSRCs over its lifetime.
 */
final class SsrcTable<T> {
    private static final class Table {
        final int[] keys;
        final Object[] values;
        final int size;

        Table(int capacity, int size) {
            this.keys = new int[capacity];
            this.values = new Object[capacity];
            this.size = size;
        }
    }

    private volatile Table table = new Table(16, 0);

    @SuppressWarnings("unchecked")
    T get(int ssrc) {
        Table t = table;
        int mask = t.keys.length - 1;
        for (int i = mix(ssrc) & mask, n = 0; n < t.keys.length; i = (i + 1) & mask, n++) {
            Object v = t.values[i];
            if (v == null) {
                return null;
            }
            if (t.keys[i] == ssrc) {
                return (T) v;
            }
        }
        return null;
    }

    int size() {
        return table.size;
    }

    /** Inserts if absent; returns the value now mapped (the existing one if another thread won). */
    @SuppressWarnings("unchecked")
    synchronized T putIfAbsent(int ssrc, T value) {
        T existing = get(ssrc);
        if (existing != null) {
            return existing;
        }
        Table old = table;
        int capacity = old.keys.length;
        while ((old.size + 1) * 2 > capacity) {
            capacity *= 2;
        }
        Table next = new Table(capacity, old.size + 1);
        for (int i = 0; i < old.keys.length; i++) {
            if (old.values[i] != null) {
                insert(next, old.keys[i], old.values[i]);
            }
        }
        insert(next, ssrc, value);
        table = next;
        return value;
    }

    /** Removes every entry. */
    synchronized void clear() {
        table = new Table(16, 0);
    }

    private static void insert(Table t, int key, Object value) {
        int mask = t.keys.length - 1;
        int i = mix(key) & mask;
        while (t.values[i] != null) {
            i = (i + 1) & mask;
        }
        t.keys[i] = key;
        t.values[i] = value;
    }

    private static int mix(int h) {
        h *= 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
