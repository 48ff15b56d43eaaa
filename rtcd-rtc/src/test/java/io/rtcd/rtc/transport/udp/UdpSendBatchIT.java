package io.rtcd.rtc.transport.udp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtcd.rtc.transport.DropReason;
import io.rtcd.rtc.transport.TransportConfig;
import io.rtcd.rtc.transport.TransportCounters;
import io.rtcd.rtc.transport.TransportStats;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@link UdpSendBatch} on a real {@link UdpMux} (Failsafe runs with the {@code --add-opens} native send needs):
 * datagrams reach several receivers intact and in order, the transport counters match, a datagram the kernel refuses
 * is counted and does not cost the others, a closed mux drops without a system call, and IPv6 destinations work.
 */
class UdpSendBatchIT {
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

    private static byte[] datagram(int receiver, int n) {
        byte[] d = new byte[60 + (n % 700)];
        for (int i = 0; i < d.length; i++) {
            d[i] = (byte) (receiver * 31 + n * 7 + i);
        }
        d[0] = (byte) receiver;
        d[1] = (byte) (n >>> 8);
        d[2] = (byte) n;
        return d;
    }

    private static DatagramChannel receiver(String host) throws IOException {
        DatagramChannel ch = DatagramChannel.open().bind(new InetSocketAddress(host, 0));
        ch.configureBlocking(false);
        ch.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 1 << 20);
        return ch;
    }

    @Test
    void batchesReachEveryReceiverIntactAndInOrder() throws IOException {
        TransportCounters counters = new TransportCounters();
        int receivers = 5;
        int perReceiver = 40; // 200 datagrams: three full batches of 64 and a rest
        DatagramChannel[] rx = new DatagramChannel[receivers];
        try (UdpMux mux = new UdpMux(TransportConfig.loopback(), counters)) {
            mux.start();
            UdpSendBatch batch = mux.sendBatch();
            assertNotNull(batch, "native send must be available under Failsafe's --add-opens");
            assertSame(batch, mux.sendBatch(), "one batch per thread");
            assertNotSame(batch, CompletableFuture.supplyAsync(mux::sendBatch).join(), "another thread, another batch");
            assertTrue(batch.sendsFor(mux));
            InetSocketAddress[] to = new InetSocketAddress[receivers];
            for (int r = 0; r < receivers; r++) {
                rx[r] = receiver("127.0.0.1");
                to[r] = (InetSocketAddress) rx[r].getLocalAddress();
            }
            long bytes = 0;
            int accepted = 0;
            for (int n = 0; n < perReceiver; n++) {
                for (int r = 0; r < receivers; r++) {
                    if (batch.isFull()) {
                        accepted += batch.flush();
                    }
                    byte[] d = datagram(r, n);
                    assertTrue(batch.add(to[r], d, 0, d.length));
                    bytes += d.length;
                }
            }
            accepted += batch.flush();
            assertEquals(0, batch.size());
            assertEquals(receivers * perReceiver, accepted);
            TransportStats s = counters.snapshot();
            assertEquals(receivers * perReceiver, s.txPackets());
            assertEquals(bytes, s.txBytes());
            assertEquals(0, counters.drops(DropReason.SEND_FAILED));
            for (int n = 0; n < perReceiver; n++) {
                for (int r = 0; r < receivers; r++) {
                    assertArrayEquals(datagram(r, n), receive(rx[r]), "receiver " + r + " datagram " + n);
                }
            }
            assertFalse(batch.add(to[0], new byte[4000], 0, 4000), "larger than a slot: the caller sends it");
            assertEquals(0, batch.size());
        } finally {
            for (DatagramChannel c : rx) {
                if (c != null) {
                    c.close();
                }
            }
        }
    }

    @Test
    void aRefusedDatagramIsCountedAndTheOthersStillGo() throws IOException {
        TransportCounters counters = new TransportCounters();
        try (UdpMux mux = new UdpMux(TransportConfig.loopback(), counters);
                DatagramChannel rx = receiver("127.0.0.1")) {
            mux.start();
            UdpSendBatch batch = mux.sendBatch();
            assertNotNull(batch);
            InetSocketAddress to = (InetSocketAddress) rx.getLocalAddress();
            // Broadcast without SO_BROADCAST: the kernel refuses that one datagram (EACCES), mid-batch.
            InetSocketAddress broadcast = new InetSocketAddress(InetAddress.getByName("255.255.255.255"), 9);
            for (int n = 0; n < 10; n++) {
                byte[] d = datagram(0, n);
                assertTrue(batch.add(n == 4 ? broadcast : to, d, 0, d.length));
            }
            assertEquals(9, batch.flush());
            assertEquals(1, batch.lastDropped());
            assertEquals(1, counters.drops(DropReason.SEND_FAILED));
            assertEquals(9, counters.snapshot().txPackets());
            for (int n = 0; n < 10; n++) {
                if (n != 4) {
                    assertArrayEquals(datagram(0, n), receive(rx), "datagram " + n + " in order");
                }
            }
        }
    }

    @Test
    void closedMuxDropsEverythingWithoutThrowing() throws IOException {
        TransportCounters counters = new TransportCounters();
        UdpMux mux = new UdpMux(TransportConfig.loopback(), counters);
        try (DatagramChannel rx = receiver("127.0.0.1")) {
            mux.start();
            UdpSendBatch batch = mux.sendBatch();
            assertNotNull(batch);
            InetSocketAddress to = (InetSocketAddress) rx.getLocalAddress();
            for (int n = 0; n < 5; n++) {
                byte[] d = datagram(1, n);
                batch.add(to, d, 0, d.length);
            }
            mux.close();
            assertEquals(0, batch.flush());
            assertEquals(5, batch.lastDropped());
            assertEquals(5, counters.drops(DropReason.SEND_FAILED));
            assertEquals(0, batch.size());
            assertNull(mux.sendBatch(), "no batch from a closed mux");
        } finally {
            mux.close();
        }
    }

    @Test
    void nativeSendOffGivesNoBatch() {
        try (UdpMux mux = new UdpMux(TransportConfig.loopback(), new TransportCounters(), false)) {
            mux.start();
            assertNull(mux.sendBatch(), "rtc.batch_send = false: every send through DatagramChannel.send");
        }
    }

    @Test
    void ipv6Destinations() throws IOException {
        DatagramChannel probe;
        try {
            probe = DatagramChannel.open(StandardProtocolFamily.INET6).bind(new InetSocketAddress("::1", 0));
        } catch (IOException | UnsupportedOperationException e) {
            Assumptions.abort("no IPv6 loopback here: " + e);
            return;
        }
        TransportCounters counters = new TransportCounters();
        try (DatagramChannel rx6 = probe;
                UdpMux mux = new UdpMux(TransportConfig.loopback().withBind("::1", 0), counters)) {
            rx6.configureBlocking(false);
            mux.start();
            UdpSendBatch batch = mux.sendBatch();
            assertNotNull(batch);
            InetSocketAddress to = (InetSocketAddress) rx6.getLocalAddress();
            for (int n = 0; n < 20; n++) {
                byte[] d = datagram(2, n);
                assertTrue(batch.add(to, d, 0, d.length));
            }
            assertEquals(20, batch.flush());
            for (int n = 0; n < 20; n++) {
                assertArrayEquals(datagram(2, n), receive(rx6));
            }
            assertEquals(20, counters.snapshot().txPackets());
        }
    }
}
