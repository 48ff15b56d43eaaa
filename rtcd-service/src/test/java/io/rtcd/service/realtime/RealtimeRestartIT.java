package io.rtcd.service.realtime;

import static io.rtcd.service.realtime.RealtimeTestSupport.KEY;
import static io.rtcd.service.realtime.RealtimeTestSupport.mintToken;
import static io.rtcd.service.realtime.RealtimeTestSupport.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.rtcd.service.RtcdHarness;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The join-token key lives in the store: a token minted before a restart still admits after it. */
class RealtimeRestartIT {
    @TempDir
    Path dataDir;

    @Test
    void tokensSurviveARestart() throws Exception {
        String token;
        try (RtcdHarness first = RtcdHarness.start(dataDir)) {
            first.admin().register("rt-restart", KEY);
            token = mintToken(first.baseUri(), "rt-restart", "room-r", "frank");
        }
        try (RtcdHarness second = RtcdHarness.start(dataDir)) {
            URI ws =
                    URI.create("ws://127.0.0.1:" + second.service().port() + "/realtime/connect/room-r?token=" + token);
            try (TextSocket s = TextSocket.connect(ws)) {
                JsonNode welcome = parse(s.next());
                assertEquals("welcome", welcome.path("type").asText());
                assertEquals("frank", welcome.path("userId").asText());
            }
        }
    }
}
