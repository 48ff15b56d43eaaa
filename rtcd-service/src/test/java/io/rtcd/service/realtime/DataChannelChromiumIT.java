package io.rtcd.service.realtime;

import static io.rtcd.service.realtime.RealtimeTestSupport.KEY;
import static io.rtcd.service.realtime.RealtimeTestSupport.gauge;
import static io.rtcd.service.realtime.RealtimeTestSupport.mintToken;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rtcd.service.RtcdHarness;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Headless Chromium's SCTP/DCEP stack (usrsctp-free dcSCTP) against rtcd's, through the browser face and the SFU. The
 * served check page {@code /dctest.html} reports its results as {@code RTCD_STATS {json}} on the console:
 *
 * <ul>
 *   <li>matrix (one page, echo channel): 1 MiB reliable ordered in 16 KiB messages byte-exact, an unordered {@code
 *       maxRetransmits: 0} channel, one 256 KiB message, five channels opened then closed (three by the browser, two
 *       by the server's stream reset, RFC 6525) and a channel reopened on a freed stream id;
 *   <li>relay (two pages): stamped binary and text messages relayed by the SFU between the pages, each wrapped with
 *       the sender's session id;
 *   <li>chat (two pages of the real client, {@code datachat.js}): each receives the other's chat over the data channel.
 * </ul>
 *
 * Opt-in: {@code -Drtcd.it.chromium=/usr/bin/chromium}.
 */
@EnabledIfSystemProperty(named = "rtcd.it.chromium", matches = ".+")
class DataChannelChromiumIT {
    private static final Logger LOG = LoggerFactory.getLogger(DataChannelChromiumIT.class);
    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final String CLIENT = "dc-chromium";

    @TempDir
    Path dataDir;

    @Test
    void matrixAgainstTheSfuEcho() throws Exception {
        try (RtcdHarness rtcd = RtcdHarness.start(dataDir)) {
            rtcd.admin().register(CLIENT, KEY);
            String token = mintToken(rtcd.baseUri(), CLIENT, "dc-matrix", "alice");
            JsonNode s;
            try (ChromiumPage page = ChromiumPage.launch(
                    "matrix", rtcd.baseUri() + "/dctest.html?mode=matrix&token=" + token, dataDir)) {
                s = await(page, DEADLINE, r -> r.path("done").asBoolean());
                LOG.info("matrix: {}", s);
            }
            JsonNode c = s.path("checks");
            assertEquals("", s.path("error").asText(""), "page error");
            assertEquals(262144, s.path("maxMessageSize").asLong(), "a=max-message-size of the SFU's answer");
            assertEquals(1048576, c.path("reliable").path("bytes").asLong());
            assertEquals(64, c.path("reliable").path("messages").asLong(), "message boundaries kept");
            assertTrue(c.path("reliable").path("exact").asBoolean(), "1 MiB byte-exact: " + c.path("reliable"));
            JsonNode u = c.path("unordered");
            assertEquals(false, u.path("ordered").asBoolean(true));
            assertEquals(0, u.path("maxRetransmits").asInt(-1));
            assertEquals(0, u.path("corrupt").asInt(-1), "unordered: " + u);
            assertTrue(u.path("received").asInt() > 0, "unordered: " + u);
            assertTrue(c.path("big").path("exact").asBoolean(), "256 KiB: " + c.path("big"));
            assertEquals(1, c.path("big").path("messages").asInt(), "256 KiB arrives as one message");
            JsonNode oc = c.path("openClose");
            assertEquals(5, oc.path("echoed").asInt(), "open/close: " + oc);
            assertEquals(5, oc.path("closed").asInt(), "open/close: " + oc);
            assertTrue(oc.path("reopenedEcho").asBoolean(), "open/close: " + oc);
            assertTrue(s.path("ok").asBoolean(), "page verdict");
            assertTrue(gauge(rtcd.service(), "rtcd_dc_bytes_in_total") >= 1048576 + 262144);
            assertTrue(gauge(rtcd.service(), "rtcd_dc_channels_opened_total") >= 8);
            awaitGauge(rtcd, "rtcd_dc_channels_open", 0);
            awaitGauge(rtcd, "rtcd_rtc_sessions", 0);
        }
    }

    @Test
    void twoPagesRelayThroughTheSfu() throws Exception {
        try (RtcdHarness rtcd = RtcdHarness.start(dataDir)) {
            rtcd.admin().register(CLIENT, KEY);
            List<ChromiumPage> pages = new ArrayList<>();
            try {
                for (String user : List.of("alice", "bob")) {
                    String token = mintWith(rtcd.baseUri(), CLIENT, "dc-relay", user, "publish");
                    pages.add(ChromiumPage.launch(
                            user, rtcd.baseUri() + "/dctest.html?mode=relay&token=" + token, dataDir));
                }
                List<JsonNode> results = new ArrayList<>();
                for (ChromiumPage p : pages) {
                    results.add(await(p, DEADLINE, r -> r.path("done").asBoolean()));
                }
                for (int i = 0; i < 2; i++) {
                    JsonNode me = results.get(i);
                    String other = results.get(1 - i).path("sessionId").asText();
                    JsonNode from = me.path("checks").path("relay").path("from");
                    LOG.info("{} received {}", pages.get(i).name, from);
                    assertTrue(me.path("ok").asBoolean(), pages.get(i).name + ": " + me);
                    assertTrue(from.path(other).path("binary").asInt() >= 3, pages.get(i).name + ": " + from);
                    assertTrue(from.path(other).path("text").asInt() >= 3, pages.get(i).name + ": " + from);
                    assertEquals(0, from.path(other).path("corrupt").asInt(), pages.get(i).name + ": " + from);
                    assertEquals(1, from.size(), "only the other participant's messages: " + from);
                }
                assertTrue(gauge(rtcd.service(), "rtcd_dc_relayed_messages_total") >= 12);
            } finally {
                for (ChromiumPage p : pages) {
                    p.close();
                }
            }
        }
    }

    @Test
    void twoClientsChatOverTheDataChannel() throws Exception {
        try (RtcdHarness rtcd = RtcdHarness.start(dataDir)) {
            rtcd.admin().register(CLIENT, KEY);
            List<ChromiumPage> pages = new ArrayList<>();
            try {
                for (String user : List.of("alice", "bob")) {
                    String token = mintWith(rtcd.baseUri(), CLIENT, "dc-chat", user, "publish");
                    pages.add(ChromiumPage.launch(
                            user,
                            rtcd.baseUri() + "/?token=" + token + "&autojoin=1&dcchat=hello-from-" + user,
                            dataDir));
                }
                for (int i = 0; i < 2; i++) {
                    String expected = "hello-from-" + pages.get(1 - i).name;
                    JsonNode s = await(pages.get(i), DEADLINE, r -> received(r, expected));
                    LOG.info("{}: data-channel chat {}", pages.get(i).name, s.path("dcChat"));
                    JsonNode first = s.path("dcChat").path("received").get(0);
                    assertEquals(pages.get(1 - i).name, first.path("user").asText());
                    assertTrue(first.path("session").asText().length() > 0, "the SFU's sender session id");
                }
            } finally {
                for (ChromiumPage p : pages) {
                    p.close();
                }
            }
        }
    }

    /** A join token with exactly these permissions (relaying needs {@code publish} or {@code publish_data}). */
    static String mintWith(URI base, String client, String cospace, String user, String... permissions)
            throws Exception {
        HttpResponse<String> r = RealtimeTestSupport.mint(
                base,
                client,
                RealtimeTestSupport.JSON.writeValueAsString(Map.of(
                        "cospace", cospace, "userId", user, "ttlSeconds", 600, "permissions", List.of(permissions))));
        assertEquals(201, r.statusCode(), r.body());
        return RealtimeTestSupport.parse(r.body()).path("token").asText();
    }

    /** A labelled counter from /metrics ({@code name{label="value"} v}), or -1 when absent. */
    static double labelled(RtcdHarness rtcd, String name, String label, String value) throws Exception {
        String text = RealtimeTestSupport.get(rtcd.baseUri(), "/metrics").body();
        Matcher m = Pattern.compile("(?m)^" + name + "\\{" + label + "=\"" + value + "\"\\} ([0-9.eE+-]+)$")
                .matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }

    private static boolean received(JsonNode stats, String text) {
        for (JsonNode m : stats.path("dcChat").path("received")) {
            if (text.equals(m.path("text").asText())) {
                return true;
            }
        }
        return false;
    }

    static JsonNode await(ChromiumPage page, Duration timeout, Predicate<JsonNode> condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode s = page.stats.get();
            if (s != null && condition.test(s)) {
                return s;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(
                page.name + ": timed out; last stats " + page.stats.get() + "\nbrowser log tail:\n" + page.tail());
    }

    private static void awaitGauge(RtcdHarness rtcd, String name, double expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        double v = gauge(rtcd.service(), name);
        while (v != expected && System.nanoTime() < deadline) {
            Thread.sleep(50);
            v = gauge(rtcd.service(), name);
        }
        assertEquals(expected, v, name);
    }
}
