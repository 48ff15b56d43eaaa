package io.rtcd.service.calls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtcd.service.RtcdHarness;
import io.rtcd.service.realtime.ChromiumPage;
import io.rtcd.service.realtime.RealtimeTestSupport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * rtcd as Mattermost uses it: two headless Chromium pages talk only to a "plugin" ({@link PluginRelay}), which speaks
 * only rtcd's {@code /ws} msgpack protocol to rtcd over one connection. The pages hear and see each other through the
 * SFU; {@code vad} VoiceOn arrives for the speaking page, and after it mutes, VoiceOff and no more VoiceOn.
 * Needs Debian's Chromium: {@code -Drtcd.it.chromium=/usr/bin/chromium} (scripts/test.sh sets it).
 */
@EnabledIfSystemProperty(named = "rtcd.it.chromium", matches = ".+")
class PluginRelayChromiumIT {
    private static final Duration MEDIA_DEADLINE = Duration.ofSeconds(45);
    private static final long MUTE_AFTER_MS = 15_000;

    @TempDir
    Path dataDir;

    @Test
    void twoBrowsersInOneCallThroughAPluginRelay() throws Exception {
        try (RtcdHarness rtcd = RtcdHarness.start(dataDir)) {
            rtcd.admin().register("mattermost", RealtimeTestSupport.KEY);
            List<ChromiumPage> pages = new ArrayList<>();
            try (PluginRelay plugin = new PluginRelay(rtcd.client("mattermost", RealtimeTestSupport.KEY))) {
                String base = "http://127.0.0.1:" + plugin.port() + "/?autojoin=1&camera=1&token=";
                String alice = RealtimeTestSupport.mintToken(rtcd.baseUri(), "mattermost", "mm-call", "alice");
                String bob = RealtimeTestSupport.mintToken(rtcd.baseUri(), "mattermost", "mm-call", "bob");
                pages.add(ChromiumPage.launch("alice", base + alice + "&muteAfterMs=" + MUTE_AFTER_MS, dataDir));
                pages.add(ChromiumPage.launch("bob", base + bob, dataDir));
                for (ChromiumPage p : pages) {
                    p.awaitMediaFlowing(MEDIA_DEADLINE);
                }
                assertEquals(
                        2,
                        rtcd.client("mattermost", RealtimeTestSupport.KEY)
                                .call("GET", "/calls/mm-call/sessions", null, 200)
                                .size(),
                        "both sessions in the plugin's call");

                String aliceSession = awaitSessionOf(rtcd, "alice");
                await(
                        () -> plugin.voiceEvents.stream()
                                .anyMatch(e -> e.sessionId().equals(aliceSession) && e.on()),
                        "vad VoiceOn for alice",
                        Duration.ofSeconds(30));

                ChromiumPage alicePage = pages.get(0);
                await(
                        () -> alicePage.stats.get() != null
                                && alicePage.stats.get().path("muted").asBoolean(),
                        "alice's page muted itself",
                        Duration.ofSeconds(40));
                Thread.sleep(1_000); // the mute message reaches rtcd; VAD is reset there
                int afterMute = plugin.voiceEvents.size();
                Thread.sleep(3_000);
                List<PluginRelay.VoiceEvent> aliceEvents = plugin.voiceEvents.stream()
                        .filter(e -> e.sessionId().equals(aliceSession))
                        .toList();
                assertFalse(aliceEvents.getLast().on(), "alice's voice is off after muting: " + aliceEvents);
                assertTrue(
                        plugin.voiceEvents.subList(afterMute, plugin.voiceEvents.size()).stream()
                                .noneMatch(e -> e.sessionId().equals(aliceSession) && e.on()),
                        "no VoiceOn for alice while muted: " + plugin.voiceEvents);
            } finally {
                for (ChromiumPage p : pages) {
                    p.close();
                }
            }
        }
    }

    private static String awaitSessionOf(RtcdHarness rtcd, String user) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            for (var s : rtcd.client("mattermost", RealtimeTestSupport.KEY)
                    .call("GET", "/calls/mm-call/sessions", null, 200)) {
                if (s.path("UserID").asText().equals(user)) {
                    return s.path("SessionID").asText();
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no session for " + user);
    }

    private static void await(java.util.function.BooleanSupplier c, String what, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!c.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }
}
