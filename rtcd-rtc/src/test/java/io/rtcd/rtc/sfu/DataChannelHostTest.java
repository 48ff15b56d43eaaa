package io.rtcd.rtc.sfu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtcd.rtc.sctp.SctpOptions;
import io.rtcd.rtc.sctp.dcep.DataChannel;
import io.rtcd.rtc.sctp.dcep.DataChannelListener;
import io.rtcd.rtc.sctp.dcep.DataChannelManager;
import io.rtcd.rtc.sctp.dcep.DataChannelOptions;
import io.rtcd.rtc.sctp.dcep.DataChannelState;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Socket-free: SFU-side {@link DataChannelHost}s talk to client-side {@link DataChannelManager}s through in-memory
 * queues pumped on the test thread (the serial owner of everything). Covers the label routing (calls-dc, echo,
 * relay), the relay envelope, the data permission and the counters.
 */
class DataChannelHostTest {
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private final DataChannelCounters counters = new DataChannelCounters();
    private final List<Participant> participants = new ArrayList<>();

    @AfterEach
    void tearDown() {
        timers.shutdownNow();
    }

    /** One participant: the client's manager (DTLS client, even ids) and the SFU's host (DTLS server). */
    private final class Participant implements DataChannelHost.Session {
        final String id;
        final boolean mayPublish;
        final ArrayDeque<byte[]> toClient = new ArrayDeque<>();
        final ArrayDeque<byte[]> toHost = new ArrayDeque<>();
        final List<String> received = new ArrayList<>();
        final List<byte[]> dcSdp = new ArrayList<>();
        final List<DataChannel> closed = new ArrayList<>();
        final DataChannelHost host;
        final DataChannelManager client;

        Participant(String id, boolean mayPublish) {
            this.id = id;
            this.mayPublish = mayPublish;
            this.host = new DataChannelHost(false, this, timers, task -> {}, counters);
            this.client = new DataChannelManager(
                    SctpOptions.defaults(), true, System::currentTimeMillis, new Random(id.hashCode()), new Events());
            participants.add(this);
        }

        private final class Events implements DataChannelListener {
            @Override
            public void onMessage(DataChannel channel, byte[] data, boolean binary) {
                received.add(channel.label() + (binary ? " bin " : " txt ") + render(data, binary));
            }

            @Override
            public void onChannelClosed(DataChannel channel) {
                closed.add(channel);
            }
        }

        @Override
        public boolean sendApplicationData(byte[] packet) {
            toClient.add(packet);
            return true;
        }

        @Override
        public boolean tryLockForClient() {
            return true;
        }

        @Override
        public void unlockFromClient() {
            // not used here
        }

        @Override
        public String sessionId() {
            return id;
        }

        @Override
        public boolean mayPublishData() {
            return mayPublish;
        }

        @Override
        public void relay(String label, byte[] envelope, boolean binary) {
            for (Participant p : participants) {
                if (p != this) {
                    p.host.deliverRelayed(label, envelope, binary);
                }
            }
        }

        @Override
        public void onDcSdp(byte[] message) {
            dcSdp.add(message);
        }

        void connect() {
            host.connect();
            client.connect();
            pump();
        }

        DataChannel open(String label, String protocol) {
            DataChannel c = client.open(label, new DataChannelOptions(true, -1, -1, protocol, 256));
            pump();
            assertEquals(DataChannelState.OPEN, c.state(), label);
            return c;
        }
    }

    private static String render(byte[] data, boolean binary) {
        if (!binary) {
            return new String(data, StandardCharsets.UTF_8).replace("\n", "|");
        }
        StringBuilder sb = new StringBuilder();
        for (byte b : data) {
            sb.append(b < 32 || b > 126 ? "<" + b + ">" : String.valueOf((char) b));
        }
        return sb.toString();
    }

    /** Moves packets both ways for every participant until all queues stay empty (bounded). */
    private void pump() {
        for (int round = 0; round < 10_000; round++) {
            boolean moved = false;
            for (Participant p : participants) {
                byte[] out;
                while ((out = p.client.association().pollOutgoingPacket()) != null) {
                    p.toHost.add(out);
                }
                byte[] b;
                while ((b = p.toHost.poll()) != null) {
                    p.host.receive(b);
                    moved = true;
                }
                while ((b = p.toClient.poll()) != null) {
                    p.client.association().receivePacket(b, 0, b.length, System.currentTimeMillis());
                    moved = true;
                }
            }
            if (!moved) {
                return;
            }
        }
        throw new AssertionError("packets kept flowing");
    }

    @Test
    void relayWrapsWithTheSenderIdAndHonoursThePermission() {
        Participant a = new Participant("alice-session", true);
        Participant b = new Participant("bob-session", true);
        Participant c = new Participant("carol", false);
        for (Participant p : participants) {
            p.connect();
        }
        DataChannel ac = a.open("chat", "");
        b.open("chat", "");
        c.open("chat", "");
        b.open("other", "");

        ac.send(new byte[] {0, 1, 2, (byte) 0xFF});
        ac.send("héllo\nworld");
        pump();
        String bin = "chat bin <13>alice-session<0><1><2><-1>";
        String txt = "chat txt alice-session|héllo|world";
        assertEquals(List.of(bin, txt), b.received);
        assertEquals(List.of(bin, txt), c.received, "a receive-only participant still receives");
        assertTrue(a.received.isEmpty(), "no echo to the sender");

        c.client.channel(c.client.channel(0) == null ? 2 : 0).send("not allowed");
        pump();
        assertEquals(2, b.received.size(), "carol may not publish data");
        assertEquals(1, counters.drops(DataChannelCounters.Drop.NOT_PERMITTED));
        assertEquals(4, counters.relayedMessages());
        assertEquals(4, counters.channelsOpen());
        assertEquals(3, counters.messagesIn());

        // a channel label nobody else has: counted, not delivered
        a.open("lonely", "").send("anyone?");
        pump();
        assertEquals(2, counters.drops(DataChannelCounters.Drop.NO_CHANNEL));
    }

    @Test
    void echoChannelEchoesDiscardsAndClosesOnCommand() {
        Participant a = new Participant("a", false);
        a.connect();
        DataChannel echo = a.open(DataChannelHost.ECHO, "");
        byte[] big = new byte[200_000];
        new Random(7).nextBytes(big);
        echo.send(big);
        echo.send("text");
        pump();
        assertEquals(2, a.received.size());
        assertTrue(a.received.get(0).startsWith("rtcd-echo bin "));
        assertEquals("rtcd-echo txt text", a.received.get(1));

        DataChannel discard = a.open(DataChannelHost.ECHO, DataChannelHost.DISCARD);
        discard.send(new byte[] {1, 2, 3});
        discard.send("done");
        pump();
        assertEquals("rtcd-echo txt done", a.received.get(2));
        assertEquals(3, a.received.size());

        assertEquals(2, counters.channelsOpen());
        discard.send(DataChannelHost.CLOSE_COMMAND);
        pump();
        assertEquals(List.of(discard), a.closed, "the server reset the stream; the client closed the channel");
        assertEquals(DataChannelState.CLOSED, discard.state());
        assertEquals(1, counters.channelsOpen());
        echo.close();
        pump();
        assertEquals(0, counters.channelsOpen());
        a.host.publishStats();
        assertEquals(0, counters.retransmissions());
    }

    @Test
    void callsDcCarriesSessionDescriptionsBothWays() {
        Participant a = new Participant("a", true);
        a.connect();
        assertFalse(a.host.sendSdp("offer", "v=0\r\n"), "no calls-dc yet: the caller falls back to the socket");
        DataChannel dc = a.open(DataChannelHost.CALLS_DC, "");
        byte[] fromClient = DcSdpCodec.encode("answer", "v=0\r\no=- 1 2 IN IP4 0.0.0.0\r\n");
        dc.send(fromClient);
        pump();
        assertEquals(1, a.dcSdp.size());
        assertArrayEquals(fromClient, a.dcSdp.get(0), "the whole type-3 message reaches the session");

        assertTrue(a.host.sendSdp("offer", "v=0\r\ns=-\r\n"));
        pump();
        assertEquals(1, a.received.size(), a.received.toString());
        assertTrue(a.received.get(0).startsWith("calls-dc bin <" + CallsDcMessages.SDP), a.received.toString());
    }

    @Test
    void callsDcAnswersPing() {
        Participant a = new Participant("a", true);
        a.connect();
        DataChannel dc = a.open(DataChannelHost.CALLS_DC, "");
        dc.send("ping");
        dc.send(new byte[] {CallsDcMessages.PING});
        pump();
        assertEquals(List.of("calls-dc txt pong", "calls-dc bin <" + CallsDcMessages.PONG + ">"), a.received);
        assertTrue(a.host.open());
        a.host.close();
        assertEquals(0, counters.channelsOpen(), "closing the session counts its channels closed");
    }

    @Test
    void envelopes() {
        assertArrayEquals(new byte[] {2, 'i', 'd', 9}, DataChannelHost.wrapBinary("id", new byte[] {9}));
        assertArrayEquals("id\nx".getBytes(StandardCharsets.UTF_8), DataChannelHost.wrapText("id", new byte[] {'x'}));
        assertNull(DataChannelHost.wrapBinary("x".repeat(256), new byte[1]));
        assertNull(DataChannelHost.wrapText("a\nb", new byte[1]));
        assertArrayEquals(new byte[] {0}, DataChannelHost.wrapBinary("", new byte[0]));
    }
}
