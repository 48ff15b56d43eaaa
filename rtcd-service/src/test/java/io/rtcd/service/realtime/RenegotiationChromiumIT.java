package io.rtcd.service.realtime;

import static io.rtcd.service.realtime.RealtimeTestSupport.KEY;
import static io.rtcd.service.realtime.RealtimeTestSupport.gauge;
import static io.rtcd.service.realtime.RealtimeTestSupport.mintToken;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rtcd.service.RtcdHarness;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server-initiated renegotiation with real Chromium pages (the served page, {@code autojoin=1}), in one call:
 *
 * <ol>
 *   <li>alice (camera) and bob (microphone only) are in the call; carol (camera) joins last: a publisher that
 *       joins after its subscribers is received by both (their video decodes);
 *   <li>carol, the third participant, gets a keyframe of alice's video within 1 s: the page measures, per remote
 *       video track, the time from its first received packet to its first decoded frame ({@code keyframeWaitMs}:
 *       without a keyframe nothing decodes) and, for the log, from when the track could first receive (it arrived and
 *       the peer connection is connected) to that frame ({@code firstFrameMs}, which also holds the signalling);
 *   <li>carol leaves (her browser goes away): her two tracks are removed on alice and bob (the server's offer sets
 *       her m-lines inactive, the pages see {@code removetrack}), and what they still receive is right.
 * </ol>
 *
 * Opt-in: {@code -Drtcd.it.chromium=/usr/bin/chromium}.
 */
@EnabledIfSystemProperty(named = "rtcd.it.chromium", matches = ".+")
class RenegotiationChromiumIT {
    private static final Logger LOG = LoggerFactory.getLogger(RenegotiationChromiumIT.class);
    private static final Duration STEP = Duration.ofSeconds(30);
    /** The bound for a newcomer's first frame. */
    private static final long KEYFRAME_BOUND_MS = 1_000;

    @TempDir
    Path dataDir;

    @Test
    void latePublisherIsReceivedNewcomerGetsKeyframeAtOnceAndDepartureRemovesTracks() throws Exception {
        try (RtcdHarness rtcd = RtcdHarness.start(dataDir)) {
            rtcd.admin().register("rt-reneg", KEY);
            String cospace = "reneg-room";
            List<ChromiumPage> pages = new ArrayList<>();
            try {
                ChromiumPage alice = open(rtcd, cospace, "alice", true, pages);
                ChromiumPage bob = open(rtcd, cospace, "bob", false, pages);
                await(alice, "bob's audio", s -> s.path("audioPacketsReceived").asLong() > 20);
                await(bob, "alice's video", s -> s.path("videoFramesDecoded").asLong() > 5);
                assertEquals(0, alice.stats.get().path("videoFramesDecoded").asLong(), "nobody else has a camera");

                // 1. The late publisher: alice decodes video only if carol's reaches her.
                ChromiumPage carol = open(rtcd, cospace, "carol", true, pages);
                await(alice, "carol's video", s -> s.path("videoFramesDecoded").asLong() > 5);
                await(
                        bob,
                        "alice's and carol's audio and video",
                        s -> s.path("remoteTracksActive").asInt() == 4
                                && s.path("firstFrameMs").size() == 2);
                await(
                        carol,
                        "alice's video and both voices",
                        s -> s.path("remoteTracksActive").asInt() == 3
                                && s.path("videoFramesDecoded").asLong() > 5);

                // 2. The newcomer's keyframe.
                JsonNode carolStats = carol.stats.get();
                JsonNode wait = carolStats.path("keyframeWaitMs");
                LOG.info(
                        "carol: alice's first frame {} ms after her first packet, {} ms after the track could receive",
                        wait,
                        carolStats.path("firstFrameMs"));
                assertEquals(1, wait.size(), carolStats.toString());
                assertTrue(
                        wait.get(0).asLong() < KEYFRAME_BOUND_MS,
                        "carol decoded alice's first frame " + wait + " ms after her first packet; " + carolStats);

                // 3. The departure.
                long aliceRemovedBefore =
                        alice.stats.get().path("tracksRemoved").asLong();
                long bobRemovedBefore = bob.stats.get().path("tracksRemoved").asLong();
                carol.close();
                pages.remove(carol);
                await(
                        alice,
                        "carol's tracks removed",
                        s -> s.path("tracksRemoved").asLong() == aliceRemovedBefore + 2
                                && s.path("remoteTracksActive").asInt() == 1);
                await(
                        bob,
                        "carol's tracks removed",
                        s -> s.path("tracksRemoved").asLong() == bobRemovedBefore + 2
                                && s.path("remoteTracksActive").asInt() == 2);
                awaitGauge(rtcd, "rtcd_rtc_sessions", 2);
                // What stays still flows: bob keeps decoding alice's video.
                long frames = bob.stats.get().path("videoFramesDecoded").asLong();
                await(
                        bob,
                        "alice's video still",
                        s -> s.path("videoFramesDecoded").asLong() > frames + 5);
            } finally {
                for (ChromiumPage p : pages) {
                    p.close();
                }
            }
        }
    }

    private ChromiumPage open(RtcdHarness rtcd, String cospace, String user, boolean camera, List<ChromiumPage> pages)
            throws Exception {
        String token = mintToken(rtcd.baseUri(), "rt-reneg", cospace, user);
        ChromiumPage p = ChromiumPage.launch(
                user, rtcd.baseUri() + "/?token=" + token + "&autojoin=1" + (camera ? "&camera=1" : ""), dataDir);
        pages.add(p);
        return p;
    }

    private static void await(ChromiumPage p, String what, Predicate<JsonNode> condition) throws InterruptedException {
        long deadline = System.nanoTime() + STEP.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode s = p.stats.get();
            if (s != null && condition.test(s)) {
                LOG.info("{}: {}: {}", p.name, what, s);
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(p.name + ": no " + what + " within " + STEP + "; last stats " + p.stats.get()
                + "; browser log tail:\n" + p.tail());
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
