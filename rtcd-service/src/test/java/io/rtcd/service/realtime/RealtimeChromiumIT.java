package io.rtcd.service.realtime;

import static io.rtcd.service.realtime.RealtimeTestSupport.KEY;
import static io.rtcd.service.realtime.RealtimeTestSupport.gauge;
import static io.rtcd.service.realtime.RealtimeTestSupport.mintToken;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.rtcd.service.RtcdHarness;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

    @TempDir
    Path dataDir;

    @Test
    void twoBrowsersExchangeOpusAndVp8ThroughTheSfu() throws Exception {
        try (RtcdHarness rtcd = RtcdHarness.start(dataDir)) {
            rtcd.admin().register("rt-chromium", KEY);
            String cospace = "chromium-room";
            List<ChromiumPage> browsers = new ArrayList<>();
            try {
                for (String user : List.of("alice", "bob")) {
                    String token = mintToken(rtcd.baseUri(), "rt-chromium", cospace, user);
                    browsers.add(ChromiumPage.launch(
                            user, rtcd.baseUri() + "/?token=" + token + "&autojoin=1&camera=1", dataDir));
                }
                for (ChromiumPage b : browsers) {
                    b.awaitMediaFlowing(MEDIA_DEADLINE);
                }
                // Chromium's SCTP stack talks to ours: the page's calls-dc pings are answered (RFC 8831/8832 interop).
                for (ChromiumPage b : browsers) {
                    awaitDataChannelPong(b);
                }
                // Chromium's fake microphone beeps: the SFU's voice activity detection must fire for someone.
                awaitVoiceEvent(browsers);
                // The page's participant list (#participants) follows the cospace's presence events: both users.
                for (ChromiumPage b : browsers) {
                    awaitParticipants(b, 2);
                }
                assertEquals(2.0, gauge(rtcd.service(), "rtcd_rtc_sessions"));
            } finally {
                for (ChromiumPage b : browsers) {
                    b.close();
                }
            }
            // Closing the pages closes their sockets, which ends their SFU sessions.
            awaitGauge(rtcd, "rtcd_realtime_connections", 0);
            awaitGauge(rtcd, "rtcd_rtc_sessions", 0);
        }
    }

    private static void awaitDataChannelPong(ChromiumPage b) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode s = b.stats.get();
            if (s != null && s.path("dcPongs").asLong() > 0) {
                LOG.info("{}: data channel pongs: {}", b.name, s.path("dcPongs"));
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(b.name + ": no pong on calls-dc; last stats " + b.stats.get());
    }

    private static void awaitParticipants(ChromiumPage b, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode s = b.stats.get();
            if (s != null && s.path("participants").asInt() == expected) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(
                b.name + ": page lists not " + expected + " participants; last stats " + b.stats.get());
    }

    private static void awaitVoiceEvent(List<ChromiumPage> browsers) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            for (ChromiumPage b : browsers) {
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

    private static void awaitGauge(RtcdHarness rtcd, String name, double expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        double v = gauge(rtcd.service(), name);
        while (v != expected && System.nanoTime() < deadline) {
            Thread.sleep(50);
            v = gauge(rtcd.service(), name);
        }
        assertEquals(expected, v, name);
    }
}
