package io.rtcd.service.realtime;

import static io.rtcd.service.realtime.RealtimeTestSupport.JSON;
import static io.rtcd.service.realtime.RealtimeTestSupport.KEY;
import static io.rtcd.service.realtime.RealtimeTestSupport.gauge;
import static io.rtcd.service.realtime.RealtimeTestSupport.mintToken;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rtcd.rtc.sfu.RtcConfig;
import io.rtcd.service.RtcdHarness;
import io.rtcd.service.calls.PluginRelay;
import io.rtcd.service.config.RtcdConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Firefox and Chromium in one call, on both faces: Debian's headless {@code firefox-esr} (WebDriver BiDi) and
 * {@code chromium} (CDP), both driven by puppeteer-core from {@code interop/browsers-call.js}, fake microphone and
 * camera, showing rtcd's own page with {@code ?autojoin=1&camera=1&dcchat=..}. Each page must be connected (ICE +
 * DTLS, the selected pair ending at the server's candidate), hear the other (Opus packets and audio energy at
 * playout), see it (decoded video frames) and receive its chat over the relayed data channel {@code rtcd-chat}.
 *
 * <ul>
 *   <li>browser face: the pages join with join tokens through {@code /realtime/connect};
 *   <li>{@code /ws} face: the pages talk only to a plugin stand-in ({@link PluginRelay}) that relays to rtcd's
 *       {@code /ws} over one backend connection, as Mattermost's Calls plugin does.
 * </ul>
 *
 * <p>Firefox sends no connectivity check to a server whose only candidate is {@code 127.0.0.1}, so the server's media
 * port binds to the root end of a veth pair the test creates ({@link NetNamespace}; needs root, skipped otherwise)
 * and advertises that address ({@code rtc.ice_address_udp}). Opt-in: {@code -Drtcd.it.firefox=/usr/bin/firefox-esr
 * -Drtcd.it.chromium=/usr/bin/chromium -Drtcd.it.node=... -Drtcd.it.interop=.../interop} (scripts/test.sh sets them).
 */
@EnabledIfSystemProperty(named = "rtcd.it.firefox", matches = ".+")
class FirefoxChromiumIT {
    private static final Logger LOG = LoggerFactory.getLogger(FirefoxChromiumIT.class);
    private static final String CLIENT = "ff-chromium";
    private static final String MARK = "RTCD_BROWSERS ";
    private static final int MIN_AUDIO_PACKETS = 50;
    private static final int MIN_FRAMES = 20;
    private static final Duration CALL_DEADLINE = Duration.ofSeconds(40);

    @TempDir
    Path dataDir;

    @Test
    void firefoxAndChromiumOnTheBrowserFace() throws Exception {
        String chromium = browsersPresent();
        try (NetNamespace ns = NetNamespace.create();
                RtcdHarness rtcd = RtcdHarness.start(config(ns))) {
            rtcd.admin().register(CLIENT, KEY);
            String base = rtcd.baseUri() + "/?autojoin=1&camera=1";
            JsonNode r = call(chromium, ns, base, mint(rtcd, "ff-room"));
            assertServerSide(rtcd);
            LOG.info("browser face: {}", r);
        }
    }

    @Test
    void firefoxAndChromiumOnTheWsFaceThroughAPluginRelay() throws Exception {
        String chromium = browsersPresent();
        try (NetNamespace ns = NetNamespace.create();
                RtcdHarness rtcd = RtcdHarness.start(config(ns))) {
            rtcd.admin().register(CLIENT, KEY);
            JsonNode r;
            try (PluginRelay plugin = new PluginRelay(rtcd.client(CLIENT, KEY))) {
                String base = "http://127.0.0.1:" + plugin.port() + "/?autojoin=1&camera=1";
                r = call(chromium, ns, base, mint(rtcd, "ff-call"));
            }
            assertServerSide(rtcd);
            LOG.info("/ws face: {}", r);
        }
    }

    /** The Chromium path; skips unless both browsers and the Node peers are there. */
    private static String browsersPresent() {
        String firefox = System.getProperty("rtcd.it.firefox", "");
        String chromium = System.getProperty("rtcd.it.chromium", "");
        assumeTrue(Files.isExecutable(Path.of(firefox)), "no Firefox at -Drtcd.it.firefox=" + firefox);
        assumeTrue(
                !chromium.isEmpty() && Files.isExecutable(Path.of(chromium)),
                "no Chromium at -Drtcd.it.chromium=" + chromium);
        Path puppeteer = NodeScript.interopDir().resolve("node_modules").resolve("puppeteer-core");
        assumeTrue(Files.isDirectory(puppeteer), "no " + puppeteer + " (scripts/install-test-deps.sh installs it)");
        return chromium;
    }

    /** The harness's server with its media port on the veth address instead of loopback. */
    private RtcdConfig config(NetNamespace ns) {
        return RtcdHarness.config(dataDir).withRtc(RtcConfig.loopback().withUdp(ns.hostAddress(), 0, false));
    }

    private static Map<String, String> mint(RtcdHarness rtcd, String cospace) throws Exception {
        Map<String, String> tokens = new LinkedHashMap<>();
        for (String user : List.of("fox", "chrome")) {
            tokens.put(user, mintToken(rtcd.baseUri(), CLIENT, cospace, user));
        }
        return tokens;
    }

    /** Runs the call (Firefox as "fox", Chromium as "chrome") and checks what each page reports. */
    private JsonNode call(String chromium, NetNamespace ns, String base, Map<String, String> tokens) throws Exception {
        List<Map<String, String>> pages = List.of(
                page("fox", "firefox", base, tokens.get("fox")),
                page("chrome", "chromium", base, tokens.get("chrome")));
        Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("pages", pages);
        cfg.put("firefox", System.getProperty("rtcd.it.firefox"));
        cfg.put("chromium", chromium);
        cfg.put("timeoutMs", CALL_DEADLINE.toMillis());
        cfg.put("minAudioPackets", MIN_AUDIO_PACKETS);
        cfg.put("minFrames", MIN_FRAMES);
        cfg.put("profileDir", Files.createTempDirectory(dataDir, "profiles").toString());
        cfg.put("debug", NodeScript.DEBUG);
        JsonNode r =
                NodeScript.run("browsers-call.js", MARK, CALL_DEADLINE.plusSeconds(40), JSON.writeValueAsString(cfg));
        assertEquals("", r.path("error").asText(""), "script: " + r);
        JsonNode got = r.path("pages");
        assertEquals(2, got.size(), r.toString());
        for (JsonNode p : got) {
            String who = p.path("name").asText() + " (" + p.path("version").asText() + "): " + p;
            String other = p.path("name").asText().equals("fox") ? "chrome" : "fox";
            assertEquals("connected", p.path("connection").asText(), who);
            assertEquals("connected", p.path("dtls").asText(), who);
            assertEquals("succeeded", p.path("pair").path("state").asText(), who);
            assertTrue(
                    p.path("pair").path("remote").asText().startsWith(ns.hostAddress() + ":"),
                    "the selected pair ends at the server's veth candidate " + ns.hostAddress() + ": " + who);
            assertTrue(p.path("audioPackets").asLong() >= MIN_AUDIO_PACKETS, "hears the other: " + who);
            assertTrue(p.path("audioEnergy").asDouble() > 0, "audio energy at playout: " + who);
            assertTrue(p.path("framesDecoded").asLong() >= MIN_FRAMES, "sees the other: " + who);
            assertTrue(
                    p.path("dcFrom").toString().contains("\"" + other + ":hello from " + other + "\""),
                    "data channel message from " + other + ": " + who);
        }
        assertTrue(got.get(0).path("version").asText().startsWith("firefox/"), "page fox runs in Firefox: " + r);
        assertTrue(r.path("ok").asBoolean(), r.toString());
        return r;
    }

    private static Map<String, String> page(String name, String browser, String base, String token) {
        return Map.of("name", name, "browser", browser, "url", base + "&dcchat=hello+from+" + name + "&token=" + token);
    }

    /** Two DTLS handshakes, none failed, chat relayed; after the browsers closed, no session is left. */
    private static void assertServerSide(RtcdHarness rtcd) throws InterruptedException {
        assertEquals(2.0, gauge(rtcd.service(), "rtcd_rtc_dtls_handshakes_total\\{result=\"ok\"\\}"));
        assertEquals(0.0, gauge(rtcd.service(), "rtcd_rtc_dtls_handshakes_total\\{result=\"failed\"\\}"));
        assertTrue(gauge(rtcd.service(), "rtcd_dc_relayed_messages_total") >= 2, "relayed data-channel messages");
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (gauge(rtcd.service(), "rtcd_rtc_sessions") != 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(0.0, gauge(rtcd.service(), "rtcd_rtc_sessions"), "sessions end when the browsers close");
    }
}
