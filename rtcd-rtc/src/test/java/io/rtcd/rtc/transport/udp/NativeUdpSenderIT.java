package io.rtcd.rtc.transport.udp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * {@link NativeUdpSender} on real loopback sockets (Failsafe runs with {@code --add-opens
 * java.base/sun.nio.ch=ALL-UNNAMED}, so it must be available here): {@code sendto} and {@code sendmmsg} datagrams
 * arrive intact, from the channel's own port, to several destinations.
 */
class NativeUdpSenderIT {
    private static byte[] receive(DatagramChannel ch, InetSocketAddress expectedFrom) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(2048);
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            InetSocketAddress from = (InetSocketAddress) ch.receive(b);
            if (from != null) {
                assertEquals(expectedFrom.getPort(), from.getPort(), "sent from the channel's port");
                return Arrays.copyOf(b.array(), b.position());
            }
            Thread.onSpinWait();
        }
        throw new SocketTimeoutException("no datagram within 5 s");
    }

    @Test
    void sendtoAndSendmmsgDeliverFromTheChannelsPort() throws IOException {
        try (DatagramChannel sender = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
                DatagramChannel a = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
                DatagramChannel b = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            sender.configureBlocking(false);
            a.configureBlocking(false);
            b.configureBlocking(false);
            InetSocketAddress from = (InetSocketAddress) sender.getLocalAddress();
            InetSocketAddress toA = (InetSocketAddress) a.getLocalAddress();
            InetSocketAddress toB = (InetSocketAddress) b.getLocalAddress();
            NativeUdpSender ns = NativeUdpSender.open(sender, 1500);
            assertNotNull(ns, "native send must be available under Failsafe's --add-opens");
            NativeUdpSender.Batch batch = ns.batch();

            byte[] one = new byte[200];
            Arrays.fill(one, (byte) 7);
            assertEquals(150, batch.send(toA, one, 10, 150));
            assertArrayEquals(Arrays.copyOfRange(one, 10, 160), receive(a, from));

            for (int i = 0; i < 10; i++) {
                byte[] p = new byte[100 + i];
                Arrays.fill(p, (byte) i);
                batch.add(i % 2 == 0 ? toA : toB, p, 0, p.length);
            }
            assertEquals(10, batch.size());
            assertEquals(10, batch.flush());
            assertEquals(0, batch.size());
            for (int i = 0; i < 10; i++) {
                byte[] got = receive(i % 2 == 0 ? a : b, from);
                assertEquals(100 + i, got.length);
                assertEquals((byte) i, got[0]);
            }
            assertFalse(batch.add(toA, new byte[2000], 0, 2000), "larger than a slot");
            assertEquals(-1, batch.send(InetSocketAddress.createUnresolved("nowhere", 1), one, 0, 10));
        }
    }
}
