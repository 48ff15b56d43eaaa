package io.rtcd.store;

import java.nio.file.Path;

/** The store file is locked by another process (or another store instance in this JVM). */
public final class StoreLockedException extends StoreException {
    private static final long serialVersionUID = 1L;

    public StoreLockedException(Path path, Throwable cause) {
        super(
                "store file " + path + " is locked: another rtcd process probably uses it"
                        + " (stop it or point store.data_source elsewhere)",
                cause);
    }
}
