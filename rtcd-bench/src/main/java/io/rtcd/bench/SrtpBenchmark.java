package io.rtcd.bench;

import io.rtcd.rtc.rtp.ArrayBufferPool;
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
 * SRTP cost per RTP packet through {@link SrtpContext} (RFC 3711 / RFC 7714: rtcd's own in-place RTP transforms over
 * SunJCE's intrinsified AES counter mode and GHASH, jitsi-srtp only for SRTCP), on a buffer from an {@link
 * ArrayBufferPool}. Run it with {@code --add-opens java.base/com.sun.crypto.provider=ALL-UNNAMED} on the command line,
 * as {@code scripts/bench.sh jmh} does (JMH forks inherit command-line flags, not the jar manifest's {@code
 * Add-Opens}); without it the forks log one INFO line and the slower fallback is what is measured. Every invocation first copies a template into the buffer (the packet is transformed in
 * place, so it must be reset); {@link #copyPlain} and {@link #copyProtected} measure that copy alone, to subtract.
 *
 * <ul>
 *   <li>{@link #protect}: copy a plain packet, set its next sequence number, encrypt + tag in place.
 *   <li>{@link #unprotect}: copy the next packet of a ring of distinct protected packets (distinct sequence numbers,
 *       so the replay check passes), authenticate + decrypt in place. When the ring wraps the receiving context is
 *       replaced by a fresh one (the key derivation is amortised over {@link #RING} packets, a few ns per op).
 * </ul>
 *
 * <p>The SFU's own path uses {@code UdpBuffer} rather than {@code PacketBuffer}; both implement jitsi's
 * {@code ByteArrayBuffer} over a heap array with tailroom, so the transform is the same code.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class SrtpBenchmark {
    /** Distinct protected packets kept for {@link #unprotect}. */
    static final int RING = 8192;

    private static final long SSRC = 0x11223344L;

    @Param({"AEAD_AES_128_GCM", "AES128_CM_HMAC_SHA1_80"})
    public String profile;

    @Param({"100", "1200"})
    public int payload;

    private final ArrayBufferPool pool = ArrayBufferPool.defaults();
    private final TransportCounters counters = new TransportCounters();
    private SrtpKeys senderKeys;
    private SrtpKeys receiverKeys;
    private SrtpContext sender;
    private SrtpContext receiver;
    private PacketBuffer buffer;
    private byte[] plain;
    private byte[][] ring;
    private int next;
    private int seq;

    @Setup(Level.Trial)
    public void setUp() {
        SrtpProfile p = SrtpProfile.valueOf(profile);
        byte[] material = new byte[p.exportLength()];
        new Random(42).nextBytes(material);
        senderKeys = SrtpKeys.split(p, material, true);
        receiverKeys = SrtpKeys.split(p, material, false);
        sender = new SrtpContext(senderKeys, counters);
        receiver = new SrtpContext(receiverKeys, counters);
        plain = BenchPackets.rtp(0, 0, SSRC, payload);
        // The ring is protected by a context of its own so the benchmarked sender starts fresh.
        ring = new byte[RING][];
        try (SrtpContext ringSender = new SrtpContext(senderKeys, counters)) {
            PacketBuffer b = pool.acquire();
            for (int i = 0; i < RING; i++) {
                byte[] pkt = BenchPackets.rtp(i, 960L * i, SSRC, payload);
                b.put(pkt, 0, pkt.length);
                if (!ringSender.protectRtp(b)) {
                    throw new IllegalStateException("protect failed while building the ring");
                }
                ring[i] = BenchPackets.copyOut(b);
            }
            b.release();
        }
        buffer = pool.acquire();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        buffer.release();
        sender.close();
        receiver.close();
        long drops = counters.snapshot().totalDrops();
        if (drops != 0) {
            throw new IllegalStateException("SRTP dropped " + drops + " packets during the benchmark");
        }
    }

    @Benchmark
    public int copyPlain() {
        buffer.put(plain, 0, plain.length);
        RtpHeader.setSequence(buffer.getBuffer(), buffer.getOffset(), seq++);
        return buffer.getLength();
    }

    @Benchmark
    public boolean protect() {
        buffer.put(plain, 0, plain.length);
        RtpHeader.setSequence(buffer.getBuffer(), buffer.getOffset(), seq++);
        return sender.protectRtp(buffer);
    }

    @Benchmark
    public int copyProtected() {
        byte[] pkt = ring[next];
        next = (next + 1) % RING;
        buffer.put(pkt, 0, pkt.length);
        return buffer.getLength();
    }

    @Benchmark
    public boolean unprotect() {
        if (next == RING) {
            next = 0;
            receiver.close();
            receiver = new SrtpContext(receiverKeys, counters);
        }
        byte[] pkt = ring[next++];
        buffer.put(pkt, 0, pkt.length);
        return receiver.unprotectRtp(buffer);
    }
}
