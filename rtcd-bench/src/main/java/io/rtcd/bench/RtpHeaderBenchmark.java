package io.rtcd.bench;

import io.rtcd.rtc.rtp.DropReason;
import io.rtcd.rtc.rtp.HeaderExtensions;
import io.rtcd.rtc.rtp.RtpHeader;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * RTP header work per packet on a browser-like Opus packet (one-byte extension block with audio level, abs-send-time
 * and mid; 100-byte payload): {@link #parse} = {@link RtpHeader#validate} plus the fields a forwarding stage reads and
 * the audio-level lookup; {@link #rewrite} = copy the template, then SSRC/PT/sequence/timestamp rewrite and
 * {@link HeaderExtensions#remapIds} (one id renumbered, one removed); {@link #copy} = the template copy alone.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class RtpHeaderBenchmark {
    private byte[] template;
    private byte[] work;
    private final int[] map = new int[256];
    private int seq;

    @Setup(Level.Trial)
    public void setUp() {
        template = BenchPackets.rtpWithExtensions(1000, 96000, 0xA1B2C3D4L, 100);
        work = new byte[template.length + 64];
        System.arraycopy(template, 0, work, 0, template.length);
        map[1] = 5; // audio level: publisher id 1 -> subscriber id 5
        map[2] = HeaderExtensions.REMOVE; // abs-send-time is not forwarded
        if (RtpHeader.validate(template, 0, template.length) != DropReason.NONE) {
            throw new IllegalStateException("template packet does not validate");
        }
    }

    @Benchmark
    public void parse(Blackhole bh) {
        byte[] b = template;
        DropReason r = RtpHeader.validate(b, 0, b.length);
        bh.consume(r);
        bh.consume(RtpHeader.ssrc(b, 0));
        bh.consume(RtpHeader.sequence(b, 0));
        bh.consume(RtpHeader.timestamp(b, 0));
        bh.consume(RtpHeader.payloadType(b, 0));
        bh.consume(RtpHeader.payloadOffset(b, 0));
        bh.consume(HeaderExtensions.findData(b, 0, 1));
    }

    @Benchmark
    public int copy() {
        System.arraycopy(template, 0, work, 0, template.length);
        return work[template.length - 1];
    }

    @Benchmark
    public boolean rewrite() {
        System.arraycopy(template, 0, work, 0, template.length);
        RtpHeader.setSsrc(work, 0, 0x55667788L);
        RtpHeader.setPayloadType(work, 0, 109);
        RtpHeader.setSequence(work, 0, seq++);
        RtpHeader.setTimestamp(work, 0, 960L * seq);
        return HeaderExtensions.remapIds(work, 0, map);
    }
}
