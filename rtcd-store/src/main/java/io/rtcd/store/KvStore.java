package io.rtcd.store;

import java.util.Optional;
import java.util.SortedMap;

/**
 * A small durable key-value store: string keys, opaque byte values (rtcd stores clientID to bcrypt hash).
 *
 * <p>Semantics follow rtcd's {@code service/store}: {@link #put} inserts only, {@link #set} upserts, an empty or
 * {@code null} key fails with {@link EmptyKeyException} on every operation. Values are defensively copied in both
 * directions, so callers may reuse or mutate their arrays.
 *
 * <p>Threading: implementations are safe for concurrent use by any number of threads. Every write is atomic; a
 * write that returned normally is durable for file-backed implementations.
 */
public interface KvStore extends AutoCloseable {

    /**
     * Returns a copy of the value stored under {@code key}, or empty if there is none.
     *
     * @throws EmptyKeyException if {@code key} is {@code null} or empty
     */
    Optional<byte[]> get(String key);

    /**
     * Inserts {@code value} under {@code key} if the key is absent.
     *
     * @throws KeyConflictException if the key already exists (the stored value is left unchanged)
     * @throws EmptyKeyException if {@code key} is {@code null} or empty
     */
    void put(String key, byte[] value);

    /**
     * Stores {@code value} under {@code key}, replacing any previous value.
     *
     * @throws EmptyKeyException if {@code key} is {@code null} or empty
     */
    void set(String key, byte[] value);

    /**
     * Deletes {@code key}.
     *
     * @return {@code true} if the key existed
     * @throws EmptyKeyException if {@code key} is {@code null} or empty
     */
    boolean delete(String key);

    /**
     * Returns copies of all entries whose key starts with {@code prefix}, sorted by key ({@link String} natural
     * order). The empty prefix selects every entry. The result is a snapshot owned by the caller.
     *
     * @throws NullPointerException if {@code prefix} is {@code null}
     */
    SortedMap<String, byte[]> scan(String prefix);

    /** Releases the store. Idempotent; never throws a checked exception. Later operations fail. */
    @Override
    void close();
}
