package io.rtcd.service.realtime;

import static io.rtcd.service.realtime.RealtimeTestSupport.KEY;
import static io.rtcd.service.realtime.RealtimeTestSupport.gauge;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rtcd.service.RtcdHarness;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * node-datachannel (libdatachannel's usrsctp) as a second SCTP/DCEP peer of rtcd's stack, through the browser face:
 * {@code interop/ndc-datachannels.js} joins two participants with data channels only, checks the echo channel (1 MiB
 * reliable ordered byte-exact, 256 KiB message, unordered {@code maxRetransmits: 0}, five channels closed by either
 * side) and the relay between them (binary and text, wrapped with the sender's session id, byte-exact, in order), and
 * that a third participant whose token lacks {@code publish_data} still receives but is not relayed.
 * Skipped without {@code -Drtcd.it.node} and {@code -Drtcd.it.interop}.
 */
class NodeDataChannelIT {
    private static final Logger LOG = LoggerFactory.getLogger(NodeDataChannelIT.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    @Test
    void nodeDatachannelEchoAndRelayThroughTheSfu() throws Exception {
        NodeScript.interopDir();
        try (RtcdHarness rtcd = RtcdHarness.start(dataDir)) {
            rtcd.admin().register("rt-ndc", KEY);
            String cospace = "ndc-room";
            Map<String, Object> cfg = new LinkedHashMap<>();
            cfg.put("url", "ws://127.0.0.1:" + rtcd.service().port());
            cfg.put("cospace", cospace);
            URI base = rtcd.baseUri();
            cfg.put(
                    "tokens",
                    List.of(
                            DataChannelChromiumIT.mintWith(base, "rt-ndc", cospace, "alice", "publish"),
                            DataChannelChromiumIT.mintWith(base, "rt-ndc", cospace, "bob", "publish_data")));
            // a listener: may publish audio, not data; its relayed messages must be dropped by the SFU
            cfg.put("listener", DataChannelChromiumIT.mintWith(base, "rt-ndc", cospace, "carol", "publish_audio"));
            cfg.put("timeoutMs", 10_000);
            JsonNode r = NodeScript.run(
                    "ndc-datachannels.js", "RTCD_NDC ", Duration.ofSeconds(40), JSON.writeValueAsString(cfg));
            LOG.info("node-datachannel: {}", r);
            assertEquals("", r.path("error").asText(""), "script error: " + r);
            JsonNode e = r.path("echo");
            assertEquals(1048576, e.path("reliable").path("bytes").asLong(), r.toString());
            assertEquals(64, e.path("reliable").path("messages").asInt(), r.toString());
            assertTrue(e.path("reliable").path("exact").asBoolean(), r.toString());
            assertTrue(e.path("big").path("exact").asBoolean(), r.toString());
            assertEquals(1, e.path("big").path("messages").asInt(), r.toString());
            assertEquals(0, e.path("unordered").path("corrupt").asInt(-1), r.toString());
            assertTrue(e.path("unordered").path("received").asInt() > 0, r.toString());
            assertEquals(5, e.path("openClose").path("echoed").asInt(), r.toString());
            assertEquals(5, e.path("openClose").path("closed").asInt(), r.toString());
            for (String peer : List.of("alice", "bob")) {
                JsonNode x = r.path("relay").path(peer);
                assertEquals(10, x.path("binary").asInt(), peer + ": " + x);
                assertEquals(10, x.path("text").asInt(), peer + ": " + x);
                assertEquals(0, x.path("bad").asInt(-1), peer + ": " + x);
            }
            JsonNode listener = r.path("relay").path("listener");
            assertEquals(40, listener.path("received").asInt(), "the listener still receives: " + listener);
            assertTrue(r.path("ok").asBoolean(), r.toString());
            assertEquals(
                    6.0,
                    DataChannelChromiumIT.labelled(rtcd, "rtcd_dc_dropped_messages_total", "reason", "not_permitted"),
                    "the listener's 3 text + 3 binary messages");
            assertTrue(gauge(rtcd.service(), "rtcd_dc_relayed_messages_total") >= 40);
        }
    }
}
