package io.rtcd.service.realtime;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One headless Chromium process (Debian's, path in {@code -Drtcd.it.chromium}) showing rtcd's page, and the stats the
 * page logs in autojoin mode ({@code RTCD_STATS {json}} on the browser console, read from Chromium's stderr).
 */
public final class ChromiumPage implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChromiumPage.class);
    private static final String MARK = "RTCD_STATS ";

    public final String name;
    final Process process;
    final Path profile;
    public final AtomicReference<JsonNode> stats = new AtomicReference<>();
    private final Deque<String> tail = new ArrayDeque<>();

    private ChromiumPage(String name, Process process, Path profile) {
        this.name = name;
        this.process = process;
        this.profile = profile;
    }

    public static ChromiumPage launch(String name, String url, Path dir) throws IOException {
        Path profile = Files.createTempDirectory(dir, "chromium-" + name);
        Process p = new ProcessBuilder(
                        System.getProperty("rtcd.it.chromium"),
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--no-first-run",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--use-fake-device-for-media-stream",
                        "--use-fake-ui-for-media-stream",
                        "--autoplay-policy=no-user-gesture-required",
                        "--allow-loopback-in-peer-connection",
                        "--enable-logging=stderr",
                        "--v=0",
                        "--user-data-dir=" + profile,
                        url)
                .redirectErrorStream(true)
                .start();
        ChromiumPage b = new ChromiumPage(name, p, profile);
        Thread reader = new Thread(b::readLog, "chromium-log-" + name);
        reader.setDaemon(true);
        reader.start();
        return b;
    }

    private void readLog() {
        try (BufferedReader r =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                int at = line.indexOf(MARK);
                int end = line.lastIndexOf('}');
                if (at >= 0 && end > at) {
                    stats.set(RealtimeTestSupport.parse(line.substring(at + MARK.length(), end + 1)));
                } else {
                    synchronized (tail) {
                        tail.addLast(line);
                        if (tail.size() > 40) {
                            tail.removeFirst();
                        }
                    }
                }
            }
        } catch (IOException e) {
            LOG.debug("{}: log stream ended: {}", name, e.toString());
        }
    }

    /** Waits until the page receives audio with energy and decodes video, and both keep growing. */
    public void awaitMediaFlowing(java.time.Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode first = null;
        JsonNode s = stats.get();
        while (System.nanoTime() < deadline) {
            s = stats.get();
            if (s != null && flowing(s)) {
                if (first == null) {
                    first = s;
                } else if (s.path("audioPacketsReceived").asLong()
                                > first.path("audioPacketsReceived").asLong()
                        && s.path("videoFramesDecoded").asLong()
                                > first.path("videoFramesDecoded").asLong()) {
                    LOG.info("{}: media flowing: {}", name, s);
                    return;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError(name + ": no Opus+VP8 from the other page within " + timeout + "; last stats " + s
                + "; browser log tail:\n" + tail());
    }

    private static boolean flowing(JsonNode s) {
        return s.path("audioPacketsReceived").asLong() > 20
                && s.path("totalAudioEnergy").asDouble() > 0
                && s.path("videoFramesDecoded").asLong() > 5;
    }

    public String tail() {
        synchronized (tail) {
            return String.join("\n", tail);
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        assertTrue(!process.isAlive(), name + " chromium still running");
    }
}
