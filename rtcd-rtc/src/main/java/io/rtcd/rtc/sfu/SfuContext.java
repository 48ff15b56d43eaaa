package io.rtcd.rtc.sfu;

import io.rtcd.rtc.sdp.Candidate;
import io.rtcd.rtc.sdp.Fingerprint;
import io.rtcd.rtc.transport.udp.UdpBufferPool;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/** What every session of one server shares. Immutable holder; the members are thread-safe. */
record SfuContext(
        RtcConfig config,
        RtcSignalSink sink,
        ScheduledExecutorService timers,
        Executor worker,
        SfuCounters counters,
        UdpBufferPool pool,
        SessionTransport.Factory transports,
        Fingerprint fingerprint,
        List<Candidate> candidates,
        CallRegistry registry,
        SecureRandom random) {

    /** Sends to the sink, counting refusals; never throws. */
    void signal(RtcSignal s) {
        boolean ok;
        try {
            ok = sink.send(s);
        } catch (RuntimeException e) {
            ok = false;
        }
        if (!ok) {
            counters.drop(SfuCounters.Drop.SIGNAL_SINK_FULL);
        }
    }
}
