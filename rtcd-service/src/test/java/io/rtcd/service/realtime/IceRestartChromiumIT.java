package io.rtcd.service.realtime;

import static io.rtcd.service.realtime.RealtimeTestSupport.KEY;
import static io.rtcd.service.realtime.RealtimeTestSupport.mintToken;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rtcd.service.RtcdHarness;
import io.rtcd.service.calls.PluginRelay;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chromium's {@code pc.restartIce()} mid-call on both faces (RFC 8445 §9, docs/protocol.md "Negotiation rules (both
 * faces)"): a publisher page (camera and microphone) and a subscriber page (microphone only) join one call through the
 * served page; once audio flows, the subscriber restarts ICE and offers ({@code ?restartIceAfterMs}), then, in a
 * second step, the publisher. For each restart: the client's offer and the server's answer carry new ice-ufrags, the
 * restarting page receives audio again within 1 s (the longest gap between received audio packets, sampled every
 * 50 ms by the page, in the 3 s after the restart; also over the whole call on both pages, which covers the other
 * page's side of each restart), and on the server exactly one DTLS handshake per page for the whole call (no new
 * one) and {@code rtcd_rtc_ice_restarts_total{initiator="client",via="offer"}} = 2.
 *
 * <ul>
 *   <li>browser face: join tokens through {@code /realtime/connect};
 *   <li>{@code /ws} face: the pages talk to a plugin stand-in ({@link PluginRelay}) that relays to rtcd's {@code /ws}.
 * </ul>
 *
 * Opt-in: {@code -Drtcd.it.chromium=/usr/bin/chromium}.
 */
@EnabledIfSystemProperty(named = "rtcd.it.chromium", matches = ".+")
class IceRestartChromiumIT {
    private static final Logger LOG = LoggerFactory.getLogger(IceRestartChromiumIT.class);
    private static final String CLIENT = "rt-restart";
    private static final Duration DEADLINE = Duration.ofSeconds(40);
    /** The subscriber restarts this long after the publisher's audio first reached it, the publisher later. */
    private static final long SUBSCRIBER_RESTART_MS = 2_000;

    private static final long PUBLISHER_RESTART_MS = 5_000;
    /** The bound: media resumes within 1 s. */
    private static final long MAX_GAP_MS = 1_000;

    @TempDir
    Path dataDir;

    @Test
    void chromiumRestartsIceMidCallOnTheBrowserFace() throws Exception {
        try (RtcdHarness rtcd = RtcdHarness.start(dataDir)) {
            rtcd.admin().register(CLIENT, KEY);
            restartBoth(rtcd, rtcd.baseUri() + "/?autojoin=1", "restart-room");
        }
    }

    @Test
    void chromiumRestartsIceMidCallOnTheWsFaceThroughAPluginRelay() throws Exception {
        try (RtcdHarness rtcd = RtcdHarness.start(dataDir)) {
            rtcd.admin().register(CLIENT, KEY);
            try (PluginRelay plugin = new PluginRelay(rtcd.client(CLIENT, KEY))) {
                restartBoth(rtcd, "http://127.0.0.1:" + plugin.port() + "/?autojoin=1", "restart-call");
            }
        }
    }

    private void restartBoth(RtcdHarness rtcd, String base, String cospace) throws Exception {
        List<ChromiumPage> pages = new ArrayList<>();
        try {
            String pubToken = mintToken(rtcd.baseUri(), CLIENT, cospace, "publisher");
            String subToken = mintToken(rtcd.baseUri(), CLIENT, cospace, "subscriber");
            ChromiumPage publisher = ChromiumPage.launch(
                    "publisher",
                    base + "&camera=1&restartIceAfterMs=" + PUBLISHER_RESTART_MS + "&token=" + pubToken,
                    dataDir);
            pages.add(publisher);
            ChromiumPage subscriber = ChromiumPage.launch(
                    "subscriber", base + "&restartIceAfterMs=" + SUBSCRIBER_RESTART_MS + "&token=" + subToken, dataDir);
            pages.add(subscriber);

            awaitRestartDone(subscriber);
            awaitRestartDone(publisher);
            Thread.sleep(1_200); // one more stats line of each page (once a second), logged after both restarts
            JsonNode sub = subscriber.stats.get();
            JsonNode pub = publisher.stats.get();
            LOG.info("subscriber: {}", sub);
            LOG.info("publisher: {}", pub);
            assertRestart(subscriber.name, sub);
            assertRestart(publisher.name, pub);
            assertTrue(
                    sub.path("videoFramesDecoded").asLong() > 0, "the subscriber sees the publisher's camera: " + sub);

            URI metrics = rtcd.baseUri();
            assertEquals(2, counter(metrics, "rtcd_rtc_dtls_handshakes_total{result=\"ok\"}"), "one handshake a page");
            assertEquals(0, counter(metrics, "rtcd_rtc_dtls_handshakes_total{result=\"failed\"}"));
            assertEquals(
                    2, counter(metrics, "rtcd_rtc_ice_restarts_total{initiator=\"client\",via=\"offer\"}"), "restarts");
            assertEquals(0, counter(metrics, "rtcd_rtc_ice_restarts_total{initiator=\"client\",via=\"answer\"}"));
            assertEquals(0, counter(metrics, "rtcd_rtc_ice_restarts_total{initiator=\"server\",via=\"offer\"}"));
            assertEquals(2, counter(metrics, "rtcd_rtc_sessions"), "both sessions live");
        } finally {
            for (ChromiumPage p : pages) {
                p.close();
            }
        }
    }

    /** One restart by {@code name}, answered with new credentials on both sides, audio back within the bound. */
    private static void assertRestart(String name, JsonNode s) {
        JsonNode all = s.path("iceRestarts");
        assertEquals(1, all.size(), name + ": one restart: " + s);
        JsonNode r = all.get(0);
        assertNotNull(r.get("serverUfragAfter"), name + ": the restart offer was answered: " + r);
        assertNotEquals(
                r.path("clientUfragBefore").asText(),
                r.path("clientUfragAfter").asText(),
                name + ": the page's offer carries a new ice-ufrag: " + r);
        assertNotEquals(
                r.path("serverUfragBefore").asText(),
                r.path("serverUfragAfter").asText(),
                name + ": the server's answer carries a new ice-ufrag: " + r);
        assertTrue(r.path("packetsAfter").asLong() > 100, name + ": audio keeps arriving after the restart: " + r);
        assertTrue(
                r.path("maxGapMs").asLong() < MAX_GAP_MS,
                name + ": received audio stopped for " + r.path("maxGapMs") + " ms around the restart: " + r);
        assertTrue(
                s.path("audioMaxGapMs").asLong() < MAX_GAP_MS,
                name + ": received audio stopped for " + s.path("audioMaxGapMs") + " ms during the call: " + s);
    }

    /** Waits until the page's restart is done (its 3 s measuring window closed). */
    private static void awaitRestartDone(ChromiumPage p) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode s = p.stats.get();
            if (s != null
                    && s.path("iceRestarts").size() > 0
                    && s.path("iceRestarts").get(0).path("done").asBoolean()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(p.name + ": no finished ICE restart within " + DEADLINE + "; last stats "
                + p.stats.get() + "; browser log tail:\n" + p.tail());
    }

    private static double counter(URI base, String series) throws IOException, InterruptedException {
        String text = RealtimeTestSupport.get(base, "/metrics").body();
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " ([0-9.eE+-]+)$")
                .matcher(text);
        if (!m.find()) {
            throw new AssertionError("no " + series + " in /metrics");
        }
        return Double.parseDouble(m.group(1));
    }
}
