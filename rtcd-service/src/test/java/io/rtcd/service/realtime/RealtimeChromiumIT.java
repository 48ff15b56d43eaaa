package io.rtcd.service.realtime;

import static io.rtcd.service.realtime.RealtimeTestSupport.KEY;
import static io.rtcd.service.realtime.RealtimeTestSupport.gauge;
import static io.rtcd.service.realtime.RealtimeTestSupport.mintToken;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rtcd.service.RtcdHarness;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two headless Chromium pages join one cospace through the served page ({@code /?token=..&autojoin=1&camera=1}) and
 * the browser face; each must receive the other's Opus (packets and non-zero audio energy at playout) and VP8
 * (decoded frames) through the SFU. The pages report {@code getStats()} summaries with {@code console.log("RTCD_STATS
 * ...")}, which Chromium writes to stderr with {@code --enable-logging=stderr}. Opt-in:
 * {@code -Drtcd.it.chromium=/usr/bin/chromium}.
 */
@EnabledIfSystemProperty(named = "rtcd.it.chromium", matches = ".+")
class RealtimeChromiumIT {
    private static final Logger LOG = LoggerFactory.getLogger(RealtimeChromiumIT.class);
    private static final Duration MEDIA_DEADLINE = Duration.ofSeconds(45);
    private static final String MARK = "RTCD_STATS ";

    @TempDir
    Path dataDir;

    @Test
    void twoBrowsersExchangeOpusAndVp8ThroughTheSfu() throws Exception {
        try (RtcdHarness rtcd = RtcdHarness.start(dataDir)) {
            rtcd.admin().register("rt-chromium", KEY);
            String cospace = "chromium-room";
            List<Browser> browsers = new ArrayList<>();
            try {
                for (String user : List.of("alice", "bob")) {
                    String token = mintToken(rtcd.baseUri(), "rt-chromium", cospace, user);
                    browsers.add(Browser.launch(
                            user, rtcd.baseUri() + "/?token=" + token + "&autojoin=1&camera=1", dataDir));
                }
                for (Browser b : browsers) {
                    awaitMediaFlowing(b);
                }
                // Chromium's fake microphone beeps: the SFU's voice activity detection must fire for someone.
                awaitVoiceEvent(browsers);
                assertEquals(2.0, gauge(rtcd.service(), "rtcd_rtc_sessions"));
            } finally {
                for (Browser b : browsers) {
                    b.close();
                }
            }
            // Closing the pages closes their sockets, which ends their SFU sessions.
            awaitGauge(rtcd, "rtcd_realtime_connections", 0);
            awaitGauge(rtcd, "rtcd_rtc_sessions", 0);
        }
    }

    /** Waits until the page receives audio with energy and decodes video, and both keep growing. */
    private static void awaitMediaFlowing(Browser b) throws InterruptedException {
        long deadline = System.nanoTime() + MEDIA_DEADLINE.toNanos();
        JsonNode first = null;
        JsonNode s = b.stats.get();
        while (System.nanoTime() < deadline) {
            s = b.stats.get();
            if (s != null && flowing(s)) {
                if (first == null) {
                    first = s;
                } else if (s.path("audioPacketsReceived").asLong()
                                > first.path("audioPacketsReceived").asLong()
                        && s.path("videoFramesDecoded").asLong()
                                > first.path("videoFramesDecoded").asLong()) {
                    LOG.info("{}: media flowing: {}", b.name, s);
                    return;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError(b.name + ": no Opus+VP8 from the other page within " + MEDIA_DEADLINE + "; last stats "
                + s + "; browser log tail:\n" + b.tail());
    }

    private static void awaitVoiceEvent(List<Browser> browsers) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            for (Browser b : browsers) {
                JsonNode s = b.stats.get();
                if (s != null && s.path("voiceEvents").asLong() > 0) {
                    LOG.info("{}: voice events: {}", b.name, s.path("voiceEvents"));
                    return;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no voice event reached any page");
    }

    private static boolean flowing(JsonNode s) {
        return s.path("audioPacketsReceived").asLong() > 20
                && s.path("totalAudioEnergy").asDouble() > 0
                && s.path("videoFramesDecoded").asLong() > 5;
    }

    private static void awaitGauge(RtcdHarness rtcd, String name, double expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        double v = gauge(rtcd.service(), name);
        while (v != expected && System.nanoTime() < deadline) {
            Thread.sleep(50);
            v = gauge(rtcd.service(), name);
        }
        assertEquals(expected, v, name);
    }

    /** One headless Chromium process and the stats it logged. */
    private static final class Browser implements AutoCloseable {
        final String name;
        final Process process;
        final Path profile;
        final AtomicReference<JsonNode> stats = new AtomicReference<>();
        private final Deque<String> tail = new ArrayDeque<>();

        private Browser(String name, Process process, Path profile) {
            this.name = name;
            this.process = process;
            this.profile = profile;
        }

        static Browser launch(String name, String url, Path dir) throws IOException {
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
            Browser b = new Browser(name, p, profile);
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

        String tail() {
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
}
