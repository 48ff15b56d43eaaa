package io.rtcd.service.realtime;

import static io.rtcd.service.realtime.RealtimeTestSupport.JSON;
import static io.rtcd.service.realtime.RealtimeTestSupport.KEY;
import static io.rtcd.service.realtime.RealtimeTestSupport.mintToken;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rtcd.service.RtcdHarness;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real, non-libwebrtc peer stack through the browser face: one werift publisher and five werift subscribers
 * ({@code interop/werift-fanout.js}) in one cospace. The publisher sends an Opus-PT track whose payloads are stamped
 * (counter, publisher session, send time; fixed size); over a window of {@link #PACKETS} packets every subscriber must
 * receive every packet, in order, byte-identical, with the SFU's rewritten sequence numbers and timestamps
 * consecutive. Each participant restricts its DTLS use_srtp offer to one profile, so both SRTP profiles are negotiated
 * in the same call (the publisher's AES-CM packets are forwarded to GCM and AES-CM subscribers). Opt-in:
 * {@code -Drtcd.it.node=... -Drtcd.it.interop=.../interop}.
 */
class WeriftFanoutIT {
    private static final Logger LOG = LoggerFactory.getLogger(WeriftFanoutIT.class);
    private static final int SUBSCRIBERS = 5;
    private static final int PACKETS = 150;
    private static final int INTERVAL_MS = 10;
    private static final String CM = "AES128_CM_HMAC_SHA1_80";
    private static final String GCM = "AEAD_AES_128_GCM";

    @TempDir
    Path dataDir;

    @Test
    void onePublisherFansOutToFiveSubscribersByteIdenticalInOrderOverBothSrtpProfiles() throws Exception {
        NodeScript.interopDir();
        try (RtcdHarness rtcd = RtcdHarness.start(dataDir)) {
            rtcd.admin().register("rt-werift", KEY);
            String cospace = "werift-fanout";
            List<String> subscribers = new ArrayList<>();
            List<String> srtp = new ArrayList<>(List.of("cm"));
            for (int i = 0; i < SUBSCRIBERS; i++) {
                subscribers.add(mintToken(rtcd.baseUri(), "rt-werift", cospace, "sub-" + i));
                srtp.add(i % 2 == 0 ? "gcm" : "cm");
            }
            Map<String, Object> cfg = new LinkedHashMap<>();
            cfg.put("url", "ws://127.0.0.1:" + rtcd.service().port());
            cfg.put("cospace", cospace);
            cfg.put("publisher", mintToken(rtcd.baseUri(), "rt-werift", cospace, "publisher"));
            cfg.put("subscribers", subscribers);
            cfg.put("packets", PACKETS);
            cfg.put("intervalMs", INTERVAL_MS);
            cfg.put("payloadSize", 160);
            cfg.put("timeoutMs", 10_000);
            cfg.put("srtp", srtp);
            cfg.put("debug", Boolean.getBoolean("rtcd.it.debug"));

            JsonNode r = NodeScript.run(
                    "werift-fanout.js", "RTCD_FANOUT ", Duration.ofSeconds(40), JSON.writeValueAsString(cfg));
            LOG.info("werift fan-out: {}", r);

            assertTrue(r.path("ok").asBoolean(), r.toString());
            assertEquals(CM, r.path("publisher").path("srtp").asText(), "publisher's SRTP profile");
            JsonNode subs = r.path("subscribers");
            assertEquals(SUBSCRIBERS, subs.size(), r.toString());
            for (int i = 0; i < SUBSCRIBERS; i++) {
                JsonNode s = subs.get(i);
                String who = s.path("name").asText();
                assertEquals(PACKETS, s.path("received").asInt(), who + " received " + s);
                assertEquals(0, s.path("missing").asInt(), who + " " + s);
                assertEquals(0, s.path("outOfOrder").asInt(), who + " " + s);
                assertEquals(0, s.path("duplicates").asInt(), who + " " + s);
                assertEquals(0, s.path("mismatched").asInt(), who + " payloads not byte-identical " + s);
                assertEquals(0, s.path("seqErrors").asInt(), who + " rewritten sequence numbers " + s);
                assertEquals(0, s.path("tsErrors").asInt(), who + " rewritten timestamps " + s);
                assertEquals(1, s.path("tracks").asInt(), who + " tracks " + s);
                assertEquals(i % 2 == 0 ? GCM : CM, s.path("srtp").asText(), who + " SRTP profile");
            }
            // The SFU's side of the same handshakes: 3 x AES-CM (publisher, sub-1, sub-3), 3 x GCM.
            String metrics = RealtimeTestSupport.get(rtcd.baseUri(), "/metrics").body();
            assertEquals(3, srtpProfileCount(metrics, "aes128_cm_hmac_sha1_80"), metrics);
            assertEquals(3, srtpProfileCount(metrics, "aead_aes_128_gcm"), metrics);
        }
    }

    private static long srtpProfileCount(String metrics, String profile) {
        Matcher m = Pattern.compile("(?m)^rtcd_rtc_srtp_profiles_total\\{profile=\"" + profile + "\"\\} ([0-9.eE+-]+)$")
                .matcher(metrics);
        return m.find() ? (long) Double.parseDouble(m.group(1)) : -1;
    }
}
