package io.rtcd.service.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.rtcd.auth.JoinTokenCodec;
import io.rtcd.rtc.sfu.RtcSignal;
import io.rtcd.service.cospace.CospaceConfig;
import io.rtcd.service.cospace.CospaceMetrics;
import io.rtcd.service.cospace.CospaceRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.junit.jupiter.api.Test;

class SignalDispatcherTest {
    private final List<RtcSignal> backend = new ArrayList<>();
    private final CospaceMetrics metrics = new CospaceMetrics(new PrometheusRegistry());
    // The timers never run here: no participant joins (a ScheduledThreadPoolExecutor starts threads lazily).
    private final RealtimeFace face = new RealtimeFace(
            new JoinTokenCodec(new byte[32], Clock.systemUTC()),
            new CospaceRegistry(
                    CospaceConfig.defaults(), Clock.systemUTC(), new ScheduledThreadPoolExecutor(1), metrics),
            metrics);
    private final SignalDispatcher dispatcher = new SignalDispatcher(backend::add, face);

    @Test
    void backendGroupsGoToTheBackendSink() {
        RtcSignal s = new RtcSignal("client-1", "call", "s1", "u", RtcSignal.Type.SDP_OFFER, "v=0");
        assertTrue(dispatcher.send(s));
        assertEquals(List.of(s), backend);
    }

    @Test
    void anSfuEndIsAnErrorEventWithTheReasonBeforeClosed() throws Exception {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var e = json.readTree(RealtimeFace.sessionEnded("ice_timeout"));
        assertEquals("error", e.path("type").asText());
        assertEquals("session_ended", e.path("code").asText());
        assertEquals("ice_timeout", e.path("reason").asText());
        assertEquals(
                io.rtcd.rtc.sfu.SessionEndReason.ICE_TIMEOUT.description(),
                e.path("message").asText());
        var unknown = json.readTree(RealtimeFace.sessionEnded("something_new"));
        assertEquals("something_new", unknown.path("reason").asText());
        assertEquals("the session ended", unknown.path("message").asText());
    }

    @Test
    void closeOfABrowserSessionThatAlreadyLeftIsSwallowed() {
        assertTrue(dispatcher.send(
                new RtcSignal(RealtimeFace.GROUP, "room", "gone", "u", RtcSignal.Type.SESSION_CLOSED, "closed")));
        assertEquals(List.of(), backend);
    }
}
