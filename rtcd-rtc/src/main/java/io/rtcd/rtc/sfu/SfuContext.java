package io.rtcd.rtc.sfu;

import io.rtcd.rtc.sdp.Candidate;
import io.rtcd.rtc.sdp.Fingerprint;
import io.rtcd.rtc.transport.udp.UdpBufferPool;
import java.security.SecureRandom;
import java.util.HexFormat;
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

    /** A random non-zero SSRC (RFC 3550 §8: chosen at random). */
    long randomSsrc() {
        long v;
        do {
            v = random.nextInt() & 0xFFFFFFFFL;
        } while (v == 0);
        return v;
    }

    /** Eight random hex digits (the suffix of forwarded track IDs). */
    String randomSuffix() {
        byte[] r = new byte[4];
        random.nextBytes(r);
        return HexFormat.of().formatHex(r);
    }

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
