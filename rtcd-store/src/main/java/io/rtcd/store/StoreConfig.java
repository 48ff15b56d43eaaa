package io.rtcd.store;

import java.nio.file.Path;

/**
 * Configuration of {@link MapDbStore}.
 *
 * @param dataPath the database file (TOML key {@code store.data_source}); its parent directories are created on
 *     {@link MapDbStore#start()} with mode 0700 where POSIX permissions are supported. Must not be {@code null} or
 *     empty; naming an existing directory fails on {@code start()} (the record does no I/O).
 */
public record StoreConfig(Path dataPath) {

    /** The default database file, {@code ./data/rtcd.db} relative to the working directory. */
    public static final Path DEFAULT_DATA_PATH = Path.of("data", "rtcd.db");

    public StoreConfig {
        if (dataPath == null) {
            throw new IllegalArgumentException("store.data_source must be set to a file path, got null");
        }
        if (dataPath.toString().isBlank() || dataPath.getFileName() == null) {
            throw new IllegalArgumentException("store.data_source must name a database file, got '" + dataPath + "'");
        }
    }

    public static StoreConfig defaults() {
        return new StoreConfig(DEFAULT_DATA_PATH);
    }
}
