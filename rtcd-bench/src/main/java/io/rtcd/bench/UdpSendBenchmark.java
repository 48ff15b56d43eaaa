package io.rtcd.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
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
 * 127.0.0.1 socket (what {@code UdpMux.send} does per subscriber), loopback only. Nobody reads the receiving socket,
 * so once its buffer is full the kernel drops on delivery; the send call's cost is what is measured.
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

    private DatagramChannel sender;
    private DatagramChannel sink;
    private InetSocketAddress target;
    private ByteBuffer datagram;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        sink = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        sink.setOption(StandardSocketOptions.SO_RCVBUF, 64 * 1024);
        target = (InetSocketAddress) sink.getLocalAddress();
        sender = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        sender.configureBlocking(false);
        datagram = ByteBuffer.allocateDirect(size);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        sender.close();
        sink.close();
    }

    @Benchmark
    public int send() throws IOException {
        datagram.clear();
        return sender.send(datagram, target);
    }
}
