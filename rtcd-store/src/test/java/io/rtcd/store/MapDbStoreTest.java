package io.rtcd.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lifecycle, locking and file-mode rules of {@link MapDbStore} (files only, no child processes). */
class MapDbStoreTest {

    @TempDir
    Path dir;

    @Test
    void operationsBeforeStartFailWithClearMessage() {
        MapDbStore s = new MapDbStore(new StoreConfig(dir.resolve("rtcd.db")));
        StoreException e = assertThrows(StoreException.class, () -> s.get("k"));
        assertTrue(e.getMessage().contains("not started"), e.getMessage());
        assertThrows(StoreException.class, () -> s.put("k", new byte[] {1}));
        s.close();
        assertTrue(Files.notExists(dir.resolve("rtcd.db")), "constructor and close must not create the file");
    }

    @Test
    void startTwiceOrAfterCloseIsRefused() {
        MapDbStore s = new MapDbStore(new StoreConfig(dir.resolve("rtcd.db")));
        s.start();
        StoreException twice = assertThrows(StoreException.class, s::start);
        assertTrue(twice.getMessage().contains("already started"), twice.getMessage());
        s.close();
        StoreException afterClose = assertThrows(StoreException.class, s::start);
        assertTrue(afterClose.getMessage().contains("closed"), afterClose.getMessage());
    }

    @Test
    void secondStoreOnSameFileInThisJvmIsLocked() {
        Path file = dir.resolve("rtcd.db");
        try (MapDbStore first = new MapDbStore(new StoreConfig(file))) {
            first.start();
            first.put("k", new byte[] {7});
            MapDbStore second = new MapDbStore(new StoreConfig(file));
            StoreLockedException e = assertThrows(StoreLockedException.class, second::start);
            assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
            assertTrue(e.getMessage().contains("another rtcd process"), e.getMessage());
            second.close();
            assertArrayEquals(new byte[] {7}, first.get("k").orElseThrow(), "first store must stay usable");
        }
        try (MapDbStore again = new MapDbStore(new StoreConfig(file))) {
            again.start();
            assertArrayEquals(new byte[] {7}, again.get("k").orElseThrow());
        }
    }

    @Test
    void createsPrivateParentDirectoriesAndFile() throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        Path file = dir.resolve("a").resolve("b").resolve("rtcd.db");
        try (MapDbStore s = new MapDbStore(new StoreConfig(file))) {
            s.start();
            s.put("k", new byte[] {1});
        }
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
        assertEquals(
                "rwx------",
                PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(file.getParent().getParent())));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void directoryAsDataPathIsRejectedOnStart() {
        MapDbStore s = new MapDbStore(new StoreConfig(dir));
        StoreException e = assertThrows(StoreException.class, s::start);
        assertTrue(e.getMessage().contains("directory"), e.getMessage());
    }

    @Test
    void garbageFileIsReportedAsStoreException() throws Exception {
        Path file = dir.resolve("rtcd.db");
        Files.write(
                file,
                "this is not a MapDB file, just some text that is long enough"
                        .repeat(10)
                        .getBytes());
        MapDbStore s = new MapDbStore(new StoreConfig(file));
        StoreException e = assertThrows(StoreException.class, s::start);
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        s.close();
    }
}
