package io.rtcd.store;

/** {@link KvStore#put} was called for a key that already exists (rtcd {@code ErrConflict}). */
public final class KeyConflictException extends StoreException {
    private static final long serialVersionUID = 1L;

    public KeyConflictException(String key) {
        super("key already exists: " + key);
    }
}
