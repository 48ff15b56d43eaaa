package io.rtcd.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Durability and cross-process locking of {@link MapDbStore}, with a real child JVM. */
class MapDbStoreIT {
    private static final long CHILD_TIMEOUT_SECONDS = 60;

    @TempDir
    Path dir;

    private Process child;

    @AfterEach
    void killChild() throws InterruptedException {
        if (child != null && child.isAlive()) {
            child.destroyForcibly();
            child.waitFor(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
    }

    @Test
    void reopenAfterCloseKeepsData() {
        Path file = dir.resolve("rtcd.db");
        try (MapDbStore s = new MapDbStore(new StoreConfig(file))) {
            s.start();
            s.put("a", bytes("1"));
            s.set("b", bytes("2"));
            s.set("b", bytes("3"));
            s.put("c", bytes("4"));
            assertTrue(s.delete("c"));
        }
        try (MapDbStore s = new MapDbStore(new StoreConfig(file))) {
            s.start();
            assertArrayEquals(bytes("1"), s.get("a").orElseThrow());
            assertArrayEquals(bytes("3"), s.get("b").orElseThrow());
            assertTrue(s.get("c").isEmpty());
            assertEquals(List.of("a", "b"), List.copyOf(s.scan("").keySet()));
        }
    }

    @Test
    void writeSurvivesKillMinus9AndLockIsExclusiveMeanwhile() throws Exception {
        Path file = dir.resolve("nested").resolve("rtcd.db");
        try (MapDbStore s = new MapDbStore(new StoreConfig(file))) {
            s.start();
            s.put("before", bytes("old"));
        }

        child = startWriter(file, "client-1", "$2a$10$hash");
        String output = awaitWritten(child);
        assertTrue(output.contains("written"), output);

        MapDbStore second = new MapDbStore(new StoreConfig(file));
        StoreLockedException locked = assertThrows(StoreLockedException.class, second::start);
        assertTrue(locked.getMessage().contains(file.toString()), locked.getMessage());
        assertTrue(locked.getMessage().contains("another rtcd process"), locked.getMessage());
        second.close();

        child.destroyForcibly();
        assertTrue(child.waitFor(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS), "child did not die");
        assertEquals(137, child.exitValue(), "child must have been killed by SIGKILL");

        try (MapDbStore s = new MapDbStore(new StoreConfig(file))) {
            s.start();
            assertArrayEquals(bytes("$2a$10$hash"), s.get("client-1").orElseThrow());
            assertArrayEquals(bytes("old"), s.get("before").orElseThrow());
            s.put("after", bytes("new"));
        }
    }

    private static Process startWriter(Path file, String key, String value) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(
                java,
                "--enable-native-access=ALL-UNNAMED",
                "-Xshare:auto",
                "-cp",
                System.getProperty("java.class.path"),
                StoreWriterMain.class.getName(),
                file.toString(),
                key,
                value));
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    /** Reads the child's merged output until the {@code written} line; fails after the timeout or on EOF. */
    private static String awaitWritten(Process p) throws Exception {
        CompletableFuture<String> lines = CompletableFuture.supplyAsync(() -> {
            StringBuilder seen = new StringBuilder();
            try (BufferedReader r =
                    new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    seen.append(line).append('\n');
                    if (line.equals("written")) {
                        return seen.toString();
                    }
                }
            } catch (IOException e) {
                seen.append(e);
            }
            throw new IllegalStateException("child ended before writing:\n" + seen);
        });
        return lines.get(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
