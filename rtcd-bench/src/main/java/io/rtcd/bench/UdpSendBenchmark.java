package io.rtcd.bench;

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
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The kernel floor of one forwarded packet: one non-blocking {@link DatagramChannel#send} of a direct buffer to a
 * 127.0.0.1 socket (what {@code UdpMux.send} does per subscriber), loopback only.
 *
 * <p>{@code readers = 0}: one receiving socket nobody reads, so once its buffer is full the kernel drops on delivery;
 * the send call's own cost. {@code readers = 100}: sends go round-robin to 100 sockets, each with a thread blocked
 * in {@code receive} — like the fan-out run, where on loopback the sending thread also delivers the datagram and wakes
 * the receiver. Average time is wall-clock per send; on a 2-core machine the readers compete for the other core.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class UdpSendBenchmark {
    @Param({"150", "1250"})
    public int size;

    @Param({"0", "100"})
    public int readers;

    private DatagramChannel sender;
    private DatagramChannel sink;
    private InetSocketAddress target;
    private ByteBuffer datagram;
    private final List<DatagramChannel> readerChannels = new ArrayList<>();
    private InetSocketAddress[] targets;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        sink = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        sink.setOption(StandardSocketOptions.SO_RCVBUF, 64 * 1024);
        target = (InetSocketAddress) sink.getLocalAddress();
        sender = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        sender.configureBlocking(false);
        datagram = ByteBuffer.allocateDirect(size);
        targets = new InetSocketAddress[Math.max(1, readers)];
        targets[0] = target;
        for (int i = 0; i < readers; i++) {
            DatagramChannel ch = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
            readerChannels.add(ch);
            targets[i] = (InetSocketAddress) ch.getLocalAddress();
            Thread t = new Thread(() -> drain(ch), "bench-reader-" + i);
            t.setDaemon(true);
            t.start();
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
        sink.close();
        for (DatagramChannel ch : readerChannels) {
            ch.close();
        }
    }

    @Benchmark
    public int send() throws IOException {
        datagram.clear();
        InetSocketAddress to = targets[next];
        next = next + 1 == targets.length ? 0 : next + 1;
        return sender.send(datagram, to);
    }
}
