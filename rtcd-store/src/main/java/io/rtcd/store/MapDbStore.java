package io.rtcd.store;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import org.mapdb.BTreeMap;
import org.mapdb.DB;
import org.mapdb.DBException;
import org.mapdb.DBMaker;
import org.mapdb.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A durable {@link KvStore} in one MapDB file (write-ahead log enabled, B-tree map of string keys).
 *
 * <p>Durability: every write runs in its own transaction and is committed before the method returns; MapDB syncs
 * the write-ahead log and the store file on commit. So a write that returned survives {@code kill -9} of the JVM,
 * and a crash mid-write leaves the previous committed state.
 *
 * <p>Lifecycle: the constructor does no I/O; {@link #start()} creates the parent directories (0700 where POSIX
 * permissions exist), opens the file (a new file gets mode 0600), holding an exclusive file lock until
 * {@link #close()}. Operations before {@code start()} or after {@code close()} throw {@link StoreException}.
 *
 * <p>Threading: safe for any number of threads. One read-write lock (as in rtcd): reads share it, each write plus
 * its commit holds it exclusively, so a commit never publishes another thread's half-done write.
 */
public final class MapDbStore implements KvStore {
    private static final Logger LOG = LoggerFactory.getLogger(MapDbStore.class);
    private static final String MAP_NAME = "kv";

    private enum State {
        NEW,
        STARTED,
        CLOSED
    }

    private final Path path;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private State state = State.NEW;
    private DB db;
    private BTreeMap<String, byte[]> map;

    public MapDbStore(StoreConfig config) {
        this.path = Objects.requireNonNull(config, "config").dataPath();
    }

    /**
     * Opens (creating if needed) the database file.
     *
     * @throws StoreLockedException if another process (or another open store in this JVM) holds the file
     * @throws StoreException if the store was already started or closed, or the file cannot be created or read
     */
    public void start() {
        lock.writeLock().lock();
        try {
            if (state != State.NEW) {
                throw new StoreException("store " + path + " cannot be started: it is " + describe(state));
            }
            boolean created = prepareFile();
            DB opened = open();
            if (created) {
                restrictNewFile();
            }
            try {
                map = opened.treeMap(MAP_NAME, Serializer.STRING, Serializer.BYTE_ARRAY)
                        .createOrOpen();
                opened.commit();
            } catch (DBException e) {
                opened.close();
                throw new StoreException("cannot read store file " + path + ": " + e.getMessage(), e);
            }
            db = opened;
            state = State.STARTED;
            LOG.info("store: opened {} ({} keys)", path, map.size());
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public Optional<byte[]> get(String key) {
        Keys.requireKey(key);
        return read(() -> Optional.ofNullable(map.get(key)).map(byte[]::clone));
    }

    @Override
    public void put(String key, byte[] value) {
        Keys.requireKey(key);
        byte[] copy = Keys.requireValue(value).clone();
        write(() -> {
            if (map.putIfAbsent(key, copy) != null) {
                throw new KeyConflictException(key);
            }
            return null;
        });
    }

    @Override
    public void set(String key, byte[] value) {
        Keys.requireKey(key);
        byte[] copy = Keys.requireValue(value).clone();
        write(() -> map.put(key, copy));
    }

    @Override
    public boolean delete(String key) {
        Keys.requireKey(key);
        return write(() -> map.remove(key) != null);
    }

    @Override
    public SortedMap<String, byte[]> scan(String prefix) {
        Keys.requirePrefix(prefix);
        return read(() -> {
            TreeMap<String, byte[]> result = new TreeMap<>();
            // Keys sharing a prefix are contiguous in any lexicographic order, starting at the prefix itself.
            for (Map.Entry<String, byte[]> e : map.tailMap(prefix, true).entrySet()) {
                if (!e.getKey().startsWith(prefix)) {
                    break;
                }
                result.put(e.getKey(), e.getValue().clone());
            }
            return result;
        });
    }

    /** Closes the file and releases its lock. Idempotent; a later {@link #start()} is refused. */
    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (state == State.STARTED) {
                try {
                    db.close();
                    LOG.info("store: closed {}", path);
                } catch (DBException e) {
                    LOG.warn("store: error while closing {}: {}", path, e.toString());
                } finally {
                    db = null;
                    map = null;
                }
            }
            state = State.CLOSED;
        } finally {
            lock.writeLock().unlock();
        }
    }

    private <T> T read(Supplier<T> op) {
        lock.readLock().lock();
        try {
            ensureStarted();
            return op.get();
        } catch (DBException e) {
            throw new StoreException("store " + path + " read failed: " + e.getMessage(), e);
        } finally {
            lock.readLock().unlock();
        }
    }

    private <T> T write(Supplier<T> op) {
        lock.writeLock().lock();
        try {
            ensureStarted();
            T result;
            try {
                result = op.get();
            } catch (RuntimeException e) {
                rollbackQuietly();
                throw e;
            }
            db.commit();
            return result;
        } catch (DBException e) {
            rollbackQuietly();
            throw new StoreException("store " + path + " write failed: " + e.getMessage(), e);
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void rollbackQuietly() {
        try {
            db.rollback();
        } catch (DBException | IllegalStateException ignored) {
            // The original failure is what the caller needs to see.
        }
    }

    private void ensureStarted() {
        if (state != State.STARTED) {
            throw new StoreException("store " + path + " is " + describe(state));
        }
    }

    private static String describe(State s) {
        return switch (s) {
            case NEW -> "not started (call start() first)";
            case STARTED -> "already started";
            case CLOSED -> "closed";
        };
    }

    /** Creates missing parent directories; returns whether the store file is new (MapDB creates it). */
    private boolean prepareFile() {
        if (Files.isDirectory(path)) {
            throw new StoreException("store.data_source " + path + " is a directory, expected a database file");
        }
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                if (posix) {
                    Files.createDirectories(parent, perms("rwx------"));
                } else {
                    Files.createDirectories(parent);
                }
            }
        } catch (IOException e) {
            throw new StoreException("cannot create the directory of store file " + path + ": " + e, e);
        }
        return posix && !Files.exists(path);
    }

    /** MapDB cannot open a pre-created empty file, so a new file gets mode 0600 right after MapDB made it. */
    private void restrictNewFile() {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException | UnsupportedOperationException e) {
            LOG.warn("store: cannot set mode 0600 on {}: {}", path, e.toString());
        }
    }

    private DB open() {
        try {
            return DBMaker.fileDB(path.toFile()).transactionEnable().make();
        } catch (DBException.FileLocked e) {
            throw new StoreLockedException(path, e);
        } catch (DBException e) {
            throw new StoreException("cannot open store file " + path + ": " + e.getMessage(), e);
        }
    }

    private static FileAttribute<Set<PosixFilePermission>> perms(String spec) {
        return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(spec));
    }
}
