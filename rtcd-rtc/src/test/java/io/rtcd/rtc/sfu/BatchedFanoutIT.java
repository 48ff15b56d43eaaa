package io.rtcd.rtc.sfu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtcd.rtc.sdp.MediaKind;
import io.rtcd.rtc.transport.DropReason;
import io.rtcd.rtc.transport.TransportConfig;
import io.rtcd.rtc.transport.TransportCounters;
import io.rtcd.rtc.transport.udp.UdpBuffer;
import io.rtcd.rtc.transport.udp.UdpBufferPool;
import io.rtcd.rtc.transport.udp.UdpMux;
import io.rtcd.rtc.transport.udp.UdpSendBatch;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The fan-out through the batched native send on real loopback sockets ({@link RtpForwarder} + {@link UdpSendBatch}
 * of a real {@link UdpMux}; the ports skip SRTP so the bytes on the wire are the forwarder's): every subscriber gets
 * every packet, byte-identical to the per-packet fallback and in order, across batch boundaries (66 subscribers:
 * more than one {@code sendmmsg} per packet), with parallel lanes, with a subscriber on another socket (as ICE-TCP),
 * and with a destination the kernel refuses; the counters match in every case.
 */
class BatchedFanoutIT {
    private static final int SUBSCRIBERS = 66;
    private static final int PACKETS = 20;

    private final UdpBufferPool pool = new UdpBufferPool(64, 1500);

    /** A {@link MediaPort} on a real mux to one address, without SRTP (protect is the identity). */
    private static final class MuxPort implements MediaPort {
        private final UdpMux mux;
        private final InetSocketAddress to;

        MuxPort(UdpMux mux, InetSocketAddress to) {
            this.mux = mux;
            this.to = to;
        }

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

    /** What one run saw: per subscriber the datagrams received, and the counters. */
    private record Run(List<List<byte[]>> received, long forwarded, long sfuSendFailed, long txPackets, long txDrops) {}

    private static byte[] receive(DatagramChannel ch) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(2048);
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (ch.receive(b) != null) {
                return Arrays.copyOf(b.array(), b.position());
            }
            Thread.onSpinWait();
        }
        throw new SocketTimeoutException("no datagram within 5 s");
    }

    /**
     * Fans {@link #PACKETS} packets out to {@link #SUBSCRIBERS} receivers; subscriber 7 sends through a second mux (a
     * path the batch does not own), subscriber {@code refused} (if >= 0) to a broadcast address the kernel refuses.
     */
    private Run fanOut(boolean nativeSend, int lanes, int refused) throws Exception {
        SfuCounters counters = new SfuCounters();
        TransportCounters tx = new TransportCounters();
        TransportCounters otherTx = new TransportCounters();
        ExecutorService worker = lanes > 1 ? Executors.newFixedThreadPool(lanes - 1) : null;
        List<DatagramChannel> rx = new ArrayList<>();
        try (UdpMux mux = new UdpMux(TransportConfig.loopback(), tx, nativeSend);
                UdpMux other = new UdpMux(TransportConfig.loopback(), otherTx, nativeSend)) {
            mux.start();
            other.start();
            if (nativeSend) {
                assertNotNull(mux.sendBatch(), "native send under Failsafe's --add-opens");
            } else {
                assertNull(mux.sendBatch());
            }
            RtpForwarder forwarder =
                    lanes > 1 ? new RtpForwarder(counters, worker, lanes, 8) : new RtpForwarder(counters);
            MediaLink publisher = new MediaLink(pool, counters, 1);
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
                    publisher,
                    0);
            InetSocketAddress broadcast = new InetSocketAddress(InetAddress.getByName("255.255.255.255"), 9);
            for (int i = 0; i < SUBSCRIBERS; i++) {
                DatagramChannel ch = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
                ch.configureBlocking(false);
                ch.setOption(StandardSocketOptions.SO_RCVBUF, 256 * 1024);
                rx.add(ch);
                InetSocketAddress to = i == refused ? broadcast : (InetSocketAddress) ch.getLocalAddress();
                MediaLink link = new MediaLink(pool, counters, 9);
                link.connect(new MuxPort(i == 7 ? other : mux, to));
                Subscription s = new Subscription(t, "sub" + i, link, 0x10000L + i * 7919L, 100 * i);
                int[] ids = new int[HeaderExtension.count()];
                ids[HeaderExtension.AUDIO_LEVEL.ordinal()] = 1 + (i % 3);
                s.negotiated(111, ids, "f" + i);
                t.add(s);
            }
            for (int n = 0; n < PACKETS; n++) {
                byte[] pkt = TestSdp.rtp(111, 500 + n, 960L * n, 0x1111, 1, n, n, 40 + 13 * n);
                UdpBuffer in = pool.acquire().fill(pkt, 0, pkt.length);
                try {
                    forwarder.forward(t, in, 20_000_000L * n);
                } finally {
                    in.release();
                }
            }
            List<List<byte[]>> received = new ArrayList<>();
            for (int i = 0; i < SUBSCRIBERS; i++) {
                List<byte[]> got = new ArrayList<>();
                if (i != refused) {
                    for (int n = 0; n < PACKETS; n++) {
                        got.add(receive(rx.get(i)));
                    }
                }
                received.add(got);
            }
            if (worker != null) {
                // the lanes count their copies right after their flush: let them finish before reading counters
                worker.shutdown();
                assertTrue(worker.awaitTermination(5, TimeUnit.SECONDS));
            }
            assertEquals(0, pool.outstanding(), "pooled buffers leaked");
            return new Run(
                    received,
                    counters.forwardedPackets(),
                    counters.drops(SfuCounters.Drop.SEND_FAILED),
                    tx.snapshot().txPackets() + otherTx.snapshot().txPackets(),
                    tx.drops(DropReason.SEND_FAILED) + otherTx.drops(DropReason.SEND_FAILED));
        } finally {
            for (DatagramChannel ch : rx) {
                ch.close();
            }
            if (worker != null) {
                worker.shutdownNow();
            }
        }
    }

    private static void assertSameDatagrams(Run expected, Run actual, String what) {
        for (int i = 0; i < SUBSCRIBERS; i++) {
            List<byte[]> e = expected.received().get(i);
            List<byte[]> a = actual.received().get(i);
            assertEquals(e.size(), a.size(), what + ": subscriber " + i + " count");
            for (int n = 0; n < e.size(); n++) {
                assertArrayEquals(e.get(n), a.get(n), what + ": subscriber " + i + " packet " + n);
            }
        }
    }

    private static void assertInOrder(Run r) {
        for (List<byte[]> got : r.received()) {
            for (int n = 1; n < got.size(); n++) {
                assertEquals(
                        (RtpView.sequence(got.get(n - 1), 0) + 1) & 0xFFFF,
                        RtpView.sequence(got.get(n), 0),
                        "sequence numbers in order");
            }
        }
    }

    @Test
    void batchedFanOutDeliversWhatThePerPacketPathDelivers() throws Exception {
        Run fallback = fanOut(false, 1, -1);
        Run batched = fanOut(true, 1, -1);
        int copies = SUBSCRIBERS * PACKETS;
        for (Run r : List.of(fallback, batched)) {
            assertEquals(copies, r.forwarded(), "forwarded counter");
            assertEquals(copies, r.txPackets(), "transport sent packets");
            assertEquals(0, r.sfuSendFailed());
            assertEquals(0, r.txDrops());
            assertInOrder(r);
        }
        assertSameDatagrams(fallback, batched, "batched vs per-packet");
    }

    @Test
    void parallelLanesSendTheirOwnBatches() throws Exception {
        Run inline = fanOut(true, 1, -1);
        Run lanes = fanOut(true, 3, -1);
        assertEquals(SUBSCRIBERS * PACKETS, lanes.txPackets());
        assertEquals(SUBSCRIBERS * PACKETS, lanes.forwarded());
        assertInOrder(lanes);
        assertSameDatagrams(inline, lanes, "lanes vs inline");
    }

    @Test
    void aRefusedDestinationIsCountedAndCostsNobodyElse() throws Exception {
        Run reference = fanOut(false, 1, -1);
        Run r = fanOut(true, 1, 30);
        assertEquals((SUBSCRIBERS - 1) * PACKETS, r.forwarded());
        assertEquals(PACKETS, r.sfuSendFailed(), "each refused copy is one SEND_FAILED drop");
        assertEquals(PACKETS, r.txDrops());
        assertEquals((SUBSCRIBERS - 1) * PACKETS, r.txPackets());
        for (int i = 0; i < SUBSCRIBERS; i++) {
            if (i != 30) {
                List<byte[]> e = reference.received().get(i);
                List<byte[]> a = r.received().get(i);
                for (int n = 0; n < PACKETS; n++) {
                    assertArrayEquals(e.get(n), a.get(n), "subscriber " + i + " packet " + n);
                }
            }
        }
    }
}
