package io.rtcd.store;

import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * A non-durable {@link KvStore} kept in memory, for tests and for running without a data directory.
 *
 * <p>Usable right after construction (no {@code start()}). Thread-safe: backed by a concurrent sorted map; every
 * operation is atomic. After {@link #close()} every operation throws {@link StoreException}.
 */
public final class InMemoryStore implements KvStore {
    private final ConcurrentSkipListMap<String, byte[]> entries = new ConcurrentSkipListMap<>();
    private volatile boolean closed;

    public InMemoryStore() {}

    @Override
    public Optional<byte[]> get(String key) {
        Keys.requireKey(key);
        ensureOpen();
        return Optional.ofNullable(entries.get(key)).map(byte[]::clone);
    }

    @Override
    public void put(String key, byte[] value) {
        Keys.requireKey(key);
        byte[] copy = Keys.requireValue(value).clone();
        ensureOpen();
        if (entries.putIfAbsent(key, copy) != null) {
            throw new KeyConflictException(key);
        }
    }

    @Override
    public void set(String key, byte[] value) {
        Keys.requireKey(key);
        byte[] copy = Keys.requireValue(value).clone();
        ensureOpen();
        entries.put(key, copy);
    }

    @Override
    public boolean delete(String key) {
        Keys.requireKey(key);
        ensureOpen();
        return entries.remove(key) != null;
    }

    @Override
    public SortedMap<String, byte[]> scan(String prefix) {
        Keys.requirePrefix(prefix);
        ensureOpen();
        TreeMap<String, byte[]> result = new TreeMap<>();
        for (Map.Entry<String, byte[]> e : entries.tailMap(prefix, true).entrySet()) {
            if (!e.getKey().startsWith(prefix)) {
                break;
            }
            result.put(e.getKey(), e.getValue().clone());
        }
        return result;
    }

    @Override
    public void close() {
        closed = true;
        entries.clear();
    }

    private void ensureOpen() {
        if (closed) {
            throw new StoreException("in-memory store is closed");
        }
    }
}
