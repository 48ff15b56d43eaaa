package io.rtcd.bench;

import io.rtcd.rtc.rtp.ArrayBufferPool;
import io.rtcd.rtc.rtp.HeaderExtensions;
import io.rtcd.rtc.rtp.PacketBuffer;
import io.rtcd.rtc.rtp.RtpHeader;
import io.rtcd.rtc.transport.TransportCounters;
import io.rtcd.rtc.transport.srtp.SrtpContext;
import io.rtcd.rtc.transport.srtp.SrtpKeys;
import io.rtcd.rtc.transport.srtp.SrtpProfile;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * An <b>approximation</b> of the SFU's per-subscriber forwarding step, composed from public API only: the real step
 * ({@code io.rtcd.rtc.sfu.RtpForwarder}) is package-private and not reachable from this module, so this benchmark
 * repeats the same work shape: acquire a pooled buffer, copy the decrypted publisher packet, rewrite SSRC / payload
 * type / sequence / timestamp, renumber the extension ids, SRTP-protect with the subscriber's context, release. It
 * leaves out the socket send (see {@link UdpSendBenchmark}) and the rewriter's state. The end-to-end figure is the
 * fan-out load run ({@link FanoutLoad}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ForwardStepBenchmark {
    @Param({"AEAD_AES_128_GCM", "AES128_CM_HMAC_SHA1_80"})
    public String profile;

    /** Opus-size and video-size payloads (a VP8 packet near the MTU). */
    @Param({"100", "1200"})
    public int payload;

    private final ArrayBufferPool pool = ArrayBufferPool.defaults();
    private final TransportCounters counters = new TransportCounters();
    private final int[] map = new int[256];
    private SrtpContext subscriber;
    private byte[] decrypted;
    private int seq;

    @Setup(Level.Trial)
    public void setUp() {
        SrtpProfile p = SrtpProfile.valueOf(profile);
        byte[] material = new byte[p.exportLength()];
        new Random(7).nextBytes(material);
        subscriber = new SrtpContext(SrtpKeys.split(p, material, false), counters);
        decrypted = BenchPackets.rtpWithExtensions(1000, 96000, 0xA1B2C3D4L, payload);
        map[1] = 5;
        map[2] = HeaderExtensions.REMOVE;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        subscriber.close();
        if (counters.snapshot().totalDrops() != 0) {
            throw new IllegalStateException("drops during the benchmark");
        }
    }

    @Benchmark
    public int forwardOne() {
        PacketBuffer out = pool.acquire();
        out.put(decrypted, 0, decrypted.length);
        byte[] o = out.getBuffer();
        int off = out.getOffset();
        RtpHeader.setSsrc(o, off, 0x55667788L);
        RtpHeader.setPayloadType(o, off, 111);
        RtpHeader.setSequence(o, off, seq++);
        RtpHeader.setTimestamp(o, off, 960L * seq);
        HeaderExtensions.remapIds(o, off, map);
        boolean ok = subscriber.protectRtp(out);
        int n = out.getLength();
        out.release();
        return ok ? n : -1;
    }
}
