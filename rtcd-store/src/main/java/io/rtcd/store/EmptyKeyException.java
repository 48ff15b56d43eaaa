package io.rtcd.store;

/** An operation was given a {@code null} or empty key (rtcd {@code ErrEmptyKey}). */
public final class EmptyKeyException extends StoreException {
    private static final long serialVersionUID = 1L;

    public EmptyKeyException() {
        super("key must not be null or empty");
    }
}
