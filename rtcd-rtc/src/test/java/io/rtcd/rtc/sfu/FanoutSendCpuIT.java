package io.rtcd.rtc.sfu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.rtcd.rtc.sdp.MediaKind;
import io.rtcd.rtc.transport.TransportConfig;
import io.rtcd.rtc.transport.TransportCounters;
import io.rtcd.rtc.transport.udp.UdpBuffer;
import io.rtcd.rtc.transport.udp.UdpBufferPool;
import io.rtcd.rtc.transport.udp.UdpMux;
import io.rtcd.rtc.transport.udp.UdpSendBatch;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A/B of the fan-out's send path in CPU time of the forwarding thread ({@link ThreadMXBean}), robust to a busy
 * machine: the same {@link RtpForwarder} fan-out (1 → {@code N} real loopback sockets, drained by a selector thread
 * that is not measured) alternately through the batched native send and the per-packet {@code DatagramChannel.send}
 * fallback, in one JVM. No SRTP (the ports skip protect), so the difference is the send path alone.
 *
 * <p>Off unless {@code -Drtcd.ab.fanout=N} is given (a measurement, not a test); writes its table to {@code
 * target/fanout-send-ab.txt}. With {@code -Drtcd.ab.lanes=L} (L > 1) it compares instead the inline batched fan-out
 * with {@code L} parallel lanes ({@link FanoutLane}s on a worker pool, each with its own batch), counting the CPU of
 * the forwarding thread inside {@code forward} plus all of the lanes' worker threads, one packet at a time (the next
 * packet once the previous one is out, as at a publisher's 50 pps); table in {@code target/fanout-lanes-ab.txt}. Example: {@code mvn -B -q -pl rtcd-rtc -am verify -Dtest=NoSuchTest
 * -Dit.test=FanoutSendCpuIT -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false
 * -Drtcd.ab.fanout=400}.
 */
class FanoutSendCpuIT {
    private static final int ROUNDS = 6;
    private static final int PACKETS_PER_ROUND = 1000;

    /** A {@link MediaPort} on a real mux to one address, without SRTP. */
    private record MuxPort(UdpMux mux, InetSocketAddress to) implements MediaPort {
        @Override
        public boolean sendRtp(UdpBuffer packet) {
            return mux.send(to, packet.getBuffer(), packet.getOffset(), packet.getLength());
        }

        @Override
        public boolean sendRtcp(UdpBuffer packet) {
            return sendRtp(packet);
        }

        @Override
        public UdpSendBatch.Outcome sendRtp(UdpBuffer packet, UdpSendBatch batch) {
            if (batch != null
                    && batch.sendsFor(mux)
                    && batch.add(to, packet.getBuffer(), packet.getOffset(), packet.getLength())) {
                return UdpSendBatch.Outcome.QUEUED;
            }
            return sendRtp(packet) ? UdpSendBatch.Outcome.SENT : UdpSendBatch.Outcome.DROPPED;
        }

        @Override
        public UdpSendBatch sendBatch() {
            return mux.sendBatch();
        }
    }

    /** One arm: its mux, forwarder and track. */
    private record Arm(String name, UdpMux mux, RtpForwarder forwarder, PublishedTrack track, SfuCounters counters) {}

    private static Arm arm(String name, boolean nativeSend, List<InetSocketAddress> to, UdpBufferPool pool) {
        SfuCounters counters = new SfuCounters();
        UdpMux mux = new UdpMux(TransportConfig.loopback(), new TransportCounters(), nativeSend);
        mux.start();
        int[] ext = new int[HeaderExtension.count()];
        ext[HeaderExtension.AUDIO_LEVEL.ordinal()] = 1;
        PublishedTrack t = new PublishedTrack(
                "voice_a_1",
                TrackType.VOICE,
                MediaKind.AUDIO,
                0x1111,
                "a",
                "s",
                "0",
                48000,
                111,
                ext,
                new MediaLink(pool, counters, 1),
                0);
        for (int i = 0; i < to.size(); i++) {
            MediaLink link = new MediaLink(pool, counters, 9);
            link.connect(new MuxPort(mux, to.get(i)));
            Subscription s = new Subscription(t, "sub" + i, link, 0x10000L + i * 7919L, 100 * i);
            int[] ids = new int[HeaderExtension.count()];
            ids[HeaderExtension.AUDIO_LEVEL.ordinal()] = 1;
            s.negotiated(111, ids, "f0");
            t.add(s);
        }
        return new Arm(name, mux, new RtpForwarder(counters), t, counters);
    }

    /** @return CPU ns of this thread for {@code packets} fan-outs */
    private static long run(Arm a, UdpBuffer in, int packets, ThreadMXBean mx) {
        long cpu0 = mx.getCurrentThreadCpuTime();
        for (int n = 0; n < packets; n++) {
            in.getBuffer()[in.getOffset() + 3] = (byte) n;
            a.forwarder().forward(a.track(), in, 20_000_000L * n);
        }
        return mx.getCurrentThreadCpuTime() - cpu0;
    }

    /** Lanes vs inline, both batched: forwarding-thread CPU inside {@code forward} + the lane workers' CPU. */
    @Test
    void lanesVersusInlineInTotalCpu() throws Exception {
        int subscribers = Integer.getInteger("rtcd.ab.fanout", 0);
        int lanes = Integer.getInteger("rtcd.ab.lanes", 0);
        Assumptions.assumeTrue(
                subscribers > 0 && lanes > 1, "a measurement: run with -Drtcd.ab.fanout=N -Drtcd.ab.lanes=L");
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        UdpBufferPool pool = new UdpBufferPool(64, 1500);
        List<Thread> workers = new CopyOnWriteArrayList<>();
        ExecutorService worker = Executors.newFixedThreadPool(lanes - 1, r -> {
            Thread t = new Thread(r, "ab-lane");
            t.setDaemon(true);
            workers.add(t);
            return t;
        });
        List<DatagramChannel> rx = new ArrayList<>();
        List<InetSocketAddress> to = new ArrayList<>();
        Selector selector = Selector.open();
        for (int i = 0; i < subscribers; i++) {
            DatagramChannel ch = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.SO_RCVBUF, 64 * 1024);
            ch.register(selector, SelectionKey.OP_READ);
            rx.add(ch);
            to.add((InetSocketAddress) ch.getLocalAddress());
        }
        Thread drain = new Thread(() -> drain(selector), "ab-drain");
        drain.setDaemon(true);
        drain.start();
        Arm inline = arm("inline", true, to, pool);
        Arm base = arm("lanes", true, to, pool);
        Arm parallel = new Arm(
                "lanes",
                base.mux(),
                new RtpForwarder(base.counters(), worker, lanes, 8),
                base.track(),
                base.counters());
        byte[] pkt = TestSdp.rtp(111, 1, 0, 0x1111, 1, 30, 0, 80);
        UdpBuffer in = UdpBuffer.unpooled(UdpBufferPool.HEADROOM, 1600).fill(pkt, 0, pkt.length);
        StringBuilder out = new StringBuilder();
        try {
            paced(inline, in, PACKETS_PER_ROUND / 2, mx, workers, subscribers);
            paced(parallel, in, PACKETS_PER_ROUND / 2, mx, workers, subscribers);
            long[] cpu = new long[2];
            out.append(String.format(
                    Locale.ROOT,
                    "1 -> %d, inline vs %d lanes (batched send), %d rounds x %d packets per arm, no SRTP%n",
                    subscribers,
                    lanes,
                    ROUNDS,
                    PACKETS_PER_ROUND));
            for (int r = 0; r < ROUNDS; r++) {
                boolean inlineFirst = r % 2 == 0;
                long a = paced(inlineFirst ? inline : parallel, in, PACKETS_PER_ROUND, mx, workers, subscribers);
                long b = paced(inlineFirst ? parallel : inline, in, PACKETS_PER_ROUND, mx, workers, subscribers);
                long inl = inlineFirst ? a : b;
                long par = inlineFirst ? b : a;
                cpu[0] += inl;
                cpu[1] += par;
                long copies = (long) PACKETS_PER_ROUND * subscribers;
                out.append(String.format(
                        Locale.ROOT,
                        "round %d: inline %.0f ns/copy, lanes %.0f ns/copy%n",
                        r,
                        (double) inl / copies,
                        (double) par / copies));
            }
            long copies = (long) ROUNDS * PACKETS_PER_ROUND * subscribers;
            out.append(String.format(
                    Locale.ROOT,
                    "total: inline %.0f ns/copy, lanes %.0f ns/copy, lanes/inline %.3f%n",
                    (double) cpu[0] / copies,
                    (double) cpu[1] / copies,
                    (double) cpu[1] / cpu[0]));
            Files.writeString(Path.of("target", "fanout-lanes-ab.txt"), out.toString(), StandardCharsets.UTF_8);
            assertEquals(0, parallel.counters().drops(SfuCounters.Drop.INBOUND_QUEUE_FULL));
        } finally {
            worker.shutdownNow();
            inline.mux().close();
            base.mux().close();
            selector.close();
            drain.join(2000);
            for (DatagramChannel ch : rx) {
                ch.close();
            }
        }
    }

    /**
     * Forwards {@code packets} one at a time, each once the previous one reached every subscriber.
     *
     * @return CPU ns of this thread inside {@code forward} plus the lane workers' CPU over the run
     */
    private static long paced(Arm a, UdpBuffer in, int packets, ThreadMXBean mx, List<Thread> workers, int subs)
            throws InterruptedException {
        long workers0 = 0;
        for (Thread t : workers) {
            workers0 += mx.getThreadCpuTime(t.threadId());
        }
        long inForward = 0;
        long expected = a.counters().forwardedPackets();
        for (int n = 0; n < packets; n++) {
            in.getBuffer()[in.getOffset() + 3] = (byte) n;
            long c0 = mx.getCurrentThreadCpuTime();
            a.forwarder().forward(a.track(), in, 20_000_000L * n);
            inForward += mx.getCurrentThreadCpuTime() - c0;
            expected += subs;
            long deadline = System.nanoTime() + 2_000_000_000L;
            while (a.counters().forwardedPackets() < expected && System.nanoTime() < deadline) {
                LockSupport.parkNanos(20_000);
            }
        }
        long workers1 = 0;
        for (Thread t : workers) {
            workers1 += mx.getThreadCpuTime(t.threadId());
        }
        return inForward + workers1 - workers0;
    }

    @Test
    void batchedVersusPerPacketSendInForwardingThreadCpu() throws Exception {
        int subscribers = Integer.getInteger("rtcd.ab.fanout", 0);
        Assumptions.assumeTrue(
                subscribers > 0 && Integer.getInteger("rtcd.ab.lanes", 0) <= 1,
                "a measurement: run with -Drtcd.ab.fanout=N");
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        UdpBufferPool pool = new UdpBufferPool(64, 1500);
        List<DatagramChannel> rx = new ArrayList<>();
        List<InetSocketAddress> to = new ArrayList<>();
        Selector selector = Selector.open();
        for (int i = 0; i < subscribers; i++) {
            DatagramChannel ch = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.SO_RCVBUF, 64 * 1024);
            ch.register(selector, SelectionKey.OP_READ);
            rx.add(ch);
            to.add((InetSocketAddress) ch.getLocalAddress());
        }
        Thread drain = new Thread(() -> drain(selector), "ab-drain");
        drain.setDaemon(true);
        drain.start();
        Arm batched = arm("batched sendmmsg", true, to, pool);
        Arm perPacket = arm("DatagramChannel.send", false, to, pool);
        assertNotNull(batched.mux().sendBatch());
        assertNull(perPacket.mux().sendBatch());
        byte[] pkt = TestSdp.rtp(111, 1, 0, 0x1111, 1, 30, 0, 80);
        UdpBuffer in = UdpBuffer.unpooled(UdpBufferPool.HEADROOM, 1600).fill(pkt, 0, pkt.length);
        StringBuilder out = new StringBuilder();
        try {
            run(batched, in, PACKETS_PER_ROUND / 2, mx); // warm-up both paths
            run(perPacket, in, PACKETS_PER_ROUND / 2, mx);
            long[] cpu = new long[2];
            out.append(String.format(
                    Locale.ROOT,
                    "1 -> %d, %d rounds x %d packets per arm, 80 B payload, no SRTP%n",
                    subscribers,
                    ROUNDS,
                    PACKETS_PER_ROUND));
            for (int r = 0; r < ROUNDS; r++) {
                Arm first = r % 2 == 0 ? batched : perPacket;
                Arm second = first == batched ? perPacket : batched;
                long a = run(first, in, PACKETS_PER_ROUND, mx);
                long b = run(second, in, PACKETS_PER_ROUND, mx);
                cpu[first == batched ? 0 : 1] += a;
                cpu[first == batched ? 1 : 0] += b;
                long copies = (long) PACKETS_PER_ROUND * subscribers;
                out.append(String.format(
                        Locale.ROOT,
                        "round %d: batched %.0f ns/copy, per-packet %.0f ns/copy%n",
                        r,
                        (double) (first == batched ? a : b) / copies,
                        (double) (first == batched ? b : a) / copies));
            }
            long copies = (long) ROUNDS * PACKETS_PER_ROUND * subscribers;
            double nsBatched = (double) cpu[0] / copies;
            double nsPerPacket = (double) cpu[1] / copies;
            out.append(String.format(
                    Locale.ROOT,
                    "total: batched %.0f ns/copy (%.0fk copies per CPU-s), per-packet %.0f ns/copy (%.0fk per CPU-s),"
                            + " batched/per-packet %.3f%n",
                    nsBatched,
                    1e6 / nsBatched,
                    nsPerPacket,
                    1e6 / nsPerPacket,
                    nsBatched / nsPerPacket));
            Files.writeString(Path.of("target", "fanout-send-ab.txt"), out.toString(), StandardCharsets.UTF_8);
            long total = (long) (ROUNDS * PACKETS_PER_ROUND + PACKETS_PER_ROUND / 2) * subscribers;
            assertEquals(total, batched.counters().forwardedPackets());
            assertEquals(total, perPacket.counters().forwardedPackets());
        } finally {
            batched.mux().close();
            perPacket.mux().close();
            selector.close();
            drain.join(2000);
            for (DatagramChannel ch : rx) {
                ch.close();
            }
        }
    }

    private static void drain(Selector selector) {
        ByteBuffer b = ByteBuffer.allocateDirect(2048);
        try {
            while (selector.isOpen()) {
                selector.select(100);
                for (SelectionKey k : selector.selectedKeys()) {
                    DatagramChannel ch = (DatagramChannel) k.channel();
                    for (int i = 0; i < 64; i++) {
                        b.clear();
                        if (ch.receive(b) == null) {
                            break;
                        }
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException | RuntimeException ignored) {
            // selector or channel closed: the measurement is over
        }
    }
}
