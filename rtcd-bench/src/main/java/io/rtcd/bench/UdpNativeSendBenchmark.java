package io.rtcd.bench;

import io.rtcd.rtc.transport.udp.NativeUdpSender;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Per-datagram cost of the three ways the SFU can hand a forwarded packet to the kernel, loopback only: {@code
 * channel} = {@link DatagramChannel#send} of a heap packet copied into a direct buffer (what {@code UdpMux} did);
 * {@code sendto} = {@link NativeUdpSender.Batch#send} (FFM {@code sendto(2)} on the channel's descriptor);
 * {@code sendmmsg} = {@link #BATCH} datagrams per {@link NativeUdpSender.Batch#flush} ({@code sendmmsg(2)}), reported
 * per datagram. Destinations go round-robin over {@code readers} sockets, each with a thread blocked in receive (0 =
 * one socket nobody reads). Needs {@code --add-opens java.base/sun.nio.ch=ALL-UNNAMED} (set below).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED", "--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class UdpNativeSendBenchmark {
    static final int BATCH = 32;

    @Param({"150"})
    public int size;

    @Param({"0", "100"})
    public int readers;

    private DatagramChannel sender;
    private final List<DatagramChannel> sinks = new ArrayList<>();
    private InetSocketAddress[] targets;
    private ByteBuffer direct;
    private byte[] packet;
    private NativeUdpSender.Batch batch;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        sender = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        sender.configureBlocking(false);
        NativeUdpSender nativeSender = NativeUdpSender.open(sender, 1500);
        if (nativeSender == null) {
            throw new IllegalStateException("native UDP send unavailable");
        }
        batch = nativeSender.batch();
        direct = ByteBuffer.allocateDirect(1500);
        packet = new byte[size];
        int n = Math.max(1, readers);
        targets = new InetSocketAddress[n];
        for (int i = 0; i < n; i++) {
            DatagramChannel ch = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
            ch.setOption(StandardSocketOptions.SO_RCVBUF, 64 * 1024);
            sinks.add(ch);
            targets[i] = (InetSocketAddress) ch.getLocalAddress();
            if (readers > 0) {
                Thread t = new Thread(() -> drain(ch), "bench-reader-" + i);
                t.setDaemon(true);
                t.start();
            }
        }
    }

    private static void drain(DatagramChannel ch) {
        ByteBuffer b = ByteBuffer.allocate(2048);
        while (ch.isOpen()) {
            b.clear();
            try {
                ch.receive(b);
            } catch (IOException closed) {
                return;
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        sender.close();
        for (DatagramChannel ch : sinks) {
            ch.close();
        }
    }

    private InetSocketAddress nextTarget() {
        InetSocketAddress to = targets[next];
        next = next + 1 == targets.length ? 0 : next + 1;
        return to;
    }

    @Benchmark
    public int channel() throws IOException {
        direct.clear();
        direct.put(packet, 0, size);
        direct.flip();
        return sender.send(direct, nextTarget());
    }

    @Benchmark
    public int sendto() {
        return batch.send(nextTarget(), packet, 0, size);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int sendmmsg() {
        for (int i = 0; i < BATCH; i++) {
            batch.add(nextTarget(), packet, 0, size);
        }
        return batch.flush();
    }
}
