package io.rtcd.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoadOptionsTest {
    @Test
    void defaultsAreOnePublisherTenListenersAudioOnly() {
        LoadOptions o = LoadOptions.parse(new String[0]);
        assertEquals(1, o.publishers());
        assertEquals(10, o.subscribers());
        assertFalse(o.video());
        assertEquals(20, o.steadySeconds());
        assertEquals(50, o.pps());
        assertEquals("1to10", o.label());
        assertEquals(Path.of("cli/target/rtcd.jar"), o.jar());
        assertTrue(o.timeoutSeconds() >= 60 + 20, "timeout covers joins and window: " + o.timeoutSeconds());
        assertTrue(o.presence(), "listeners get presence like a browser page");
        assertFalse(LoadOptions.parse(new String[] {"presence=false"}).presence());
    }

    @Test
    void parsesEveryKey() {
        LoadOptions o = LoadOptions.parse(new String[] {
            "publishers=10",
            "subscribers=40",
            "video=true",
            "steady=5",
            "settle=0",
            "join_rate=20",
            "join_concurrency=4",
            "warmup=0",
            "pps=100",
            "payload=120",
            "video_fps=15",
            "video_packet=900",
            "video_ppf=4",
            "profile=cm",
            "jar=/x/rtcd.jar",
            "out=/tmp/o",
            "label=cell-a",
            "server_jvm=-Xmx1g -XX:+UseZGC",
            "server_set=rtc.session_queue_capacity=4096,logger.console_level=warn",
            "timeout=99"
        });
        assertEquals(10, o.publishers());
        assertEquals(40, o.subscribers());
        assertTrue(o.video());
        assertEquals("cm", o.profileName());
        assertEquals(List.of("-Xmx1g", "-XX:+UseZGC"), o.serverJvm());
        assertEquals(List.of("rtc.session_queue_capacity=4096", "logger.console_level=warn"), o.serverSettings());
        assertEquals(99, o.timeoutSeconds());
        assertEquals(50, o.peers());
    }

    @Test
    void rejectsUnknownKeysAndOutOfRangeValuesNamingThem() {
        IllegalArgumentException unknown =
                assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse(new String[] {"listeners=3"}));
        assertTrue(unknown.getMessage().contains("listeners"), unknown.getMessage());
        IllegalArgumentException range = assertThrows(
                IllegalArgumentException.class, () -> LoadOptions.parse(new String[] {"subscribers=1001"}));
        assertTrue(range.getMessage().contains("subscribers must be in [0, 1000], got 1001"), range.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse(new String[] {"video=maybe"}));
        assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse(new String[] {"label=a b"}));
        assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse(new String[] {"steady"}));
    }

    @Test
    void receiversSendRtcpOnTheBrowserFaceByDefault() {
        LoadOptions o = LoadOptions.parse(new String[0]);
        assertTrue(o.rtcp().enabled(), "realistic receivers by default");
        assertEquals(0, o.rtcp().intervalNanos(), "Chromium's intervals");
        assertEquals(0, o.rtcp().lossPermille());
        assertEquals(LoadOptions.Face.BROWSER, o.face());
        assertFalse(o.wsBearer());

        LoadOptions w = LoadOptions.parse(
                new String[] {"rtcp=false", "rtcp_interval_ms=1000", "rx_loss=20", "face=ws_mux", "ws_auth=bearer"});
        assertFalse(w.rtcp().enabled());
        assertEquals(1_000_000_000L, w.rtcp().intervalNanos());
        assertEquals(20, w.rtcp().lossPermille());
        assertEquals(LoadOptions.Face.WS_MUX, w.face());
        assertTrue(w.wsBearer());
        assertEquals(
                LoadOptions.Face.WS, LoadOptions.parse(new String[] {"face=ws"}).face());

        IllegalArgumentException face =
                assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse(new String[] {"face=grpc"}));
        assertTrue(face.getMessage().contains("face must be browser, ws or ws_mux"), face.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse(new String[] {"rx_loss=501"}));
        assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse(new String[] {"rtcp_interval_ms=-1"}));
        assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse(new String[] {"ws_auth=digest"}));
    }
}
