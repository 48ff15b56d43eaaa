package io.rtcd.rtc.sctp.dcep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtcd.rtc.sctp.SctpOptions;
import io.rtcd.rtc.sctp.SctpTestLink;
import io.rtcd.rtc.sctp.SendStatus;
import io.rtcd.rtc.sctp.VirtualClock;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DataChannelManagerTest {
    private final VirtualClock clock = new VirtualClock(2_000_000);
    private final RecordingChannelListener lc = new RecordingChannelListener();
    private final RecordingChannelListener ls = new RecordingChannelListener();
    private DataChannelManager client;
    private DataChannelManager server;
    private SctpTestLink link;

    private void setUp(long seed) {
        client = new DataChannelManager(SctpOptions.defaults(), true, clock, new Random(seed), lc);
        server = new DataChannelManager(SctpOptions.defaults(), false, clock, new Random(seed + 1), ls);
        link = new SctpTestLink(clock, seed + 2);
        link.attach(client.association(), server.association());
        client.connect();
        server.connect();
    }

    @Test
    void openAckHandshakeWithLabelProtocolAndParity() {
        setUp(1);
        DataChannel c0 = client.open("chat", new DataChannelOptions(true, -1, -1, "json", 512));
        DataChannel c1 = client.open("second", DataChannelOptions.defaults());
        DataChannel s0 = server.open("from-server", new DataChannelOptions(false, 3, -1, "", 256));
        assertEquals(0, c0.id());
        assertEquals(2, c1.id());
        assertEquals(1, s0.id());
        assertTrue(link.runUntil(() -> lc.opened.size() == 3 && ls.opened.size() == 3, 10_000));
        DataChannel remoteChat = server.channel(0);
        assertNotNull(remoteChat);
        assertEquals("chat", remoteChat.label());
        assertEquals("json", remoteChat.protocol());
        assertEquals(512, remoteChat.options().priority());
        assertFalse(remoteChat.locallyOpened());
        DataChannel remoteFromServer = client.channel(1);
        assertEquals("from-server", remoteFromServer.label());
        assertEquals(
                DataChannelType.PARTIAL_RELIABLE_REXMIT_UNORDERED,
                remoteFromServer.options().channelType());
        assertEquals(3, remoteFromServer.options().maxRetransmits());
        assertEquals(DataChannelState.OPEN, c0.state());
        assertEquals(3, client.stats().channelsOpen());
        assertEquals(3, server.stats().channelsOpened());
    }

    @Test
    void textBinaryAndEmptyMessages() {
        setUp(2);
        DataChannel c = client.open("m", DataChannelOptions.defaults());
        assertTrue(link.runUntil(() -> ls.opened.size() == 1 && lc.opened.size() == 1, 10_000));
        assertEquals(SendStatus.QUEUED, c.send("héllo"));
        assertEquals(SendStatus.QUEUED, c.send(new byte[] {1, 2, 3}));
        assertEquals(SendStatus.QUEUED, c.send(""));
        assertEquals(SendStatus.QUEUED, c.send(new byte[0]));
        assertTrue(link.runUntil(() -> ls.messages.size() == 4, 10_000));
        assertEquals("héllo", new String(ls.messages.get(0).data(), StandardCharsets.UTF_8));
        assertFalse(ls.messages.get(0).binary());
        assertArrayEquals(new byte[] {1, 2, 3}, ls.messages.get(1).data());
        assertTrue(ls.messages.get(1).binary());
        assertEquals(0, ls.messages.get(2).data().length);
        assertFalse(ls.messages.get(2).binary());
        assertEquals(0, ls.messages.get(3).data().length);
        assertTrue(ls.messages.get(3).binary());
        DataChannel remote = server.channel(0);
        remote.send("back");
        assertTrue(link.runUntil(() -> lc.messages.size() == 1, 10_000));
        assertEquals("back", new String(lc.messages.get(0).data(), StandardCharsets.UTF_8));
        assertEquals(4, server.stats().messagesIn());
    }

    @Test
    void closeResetsBothDirectionsAndFreesTheId() {
        setUp(3);
        DataChannel c = client.open("x", DataChannelOptions.defaults());
        assertTrue(link.runUntil(() -> ls.opened.size() == 1 && lc.opened.size() == 1, 10_000));
        c.send("last words");
        c.close();
        assertEquals(DataChannelState.CLOSING, c.state());
        assertTrue(link.runUntil(() -> lc.closed.size() == 1 && ls.closed.size() == 1, 10_000));
        assertEquals(DataChannelState.CLOSED, c.state());
        assertEquals(1, ls.messages.size(), "data sent before close is delivered");
        assertNull(client.channel(0));
        assertNull(server.channel(0));
        assertEquals(SendStatus.NOT_CONNECTED, c.send("late"));
        // the id is reused and the new channel works (SSNs restarted at 0)
        DataChannel again = client.open("y", DataChannelOptions.defaults());
        assertEquals(0, again.id());
        assertTrue(link.runUntil(() -> ls.opened.size() == 2 && lc.opened.size() == 2, 10_000));
        again.send("new");
        assertTrue(link.runUntil(() -> ls.messages.size() == 2, 10_000));
        assertEquals("y", ls.messages.get(1).channel().label());
        assertEquals(1, client.stats().channelsOpen());
        assertEquals(1, client.stats().channelsClosed());
    }

    @Test
    void remoteCloseIsMirrored() {
        setUp(4);
        client.open("x", DataChannelOptions.defaults());
        assertTrue(link.runUntil(() -> ls.opened.size() == 1 && lc.opened.size() == 1, 10_000));
        server.channel(0).close();
        assertTrue(link.runUntil(() -> lc.closed.size() == 1 && ls.closed.size() == 1, 10_000));
    }

    @Test
    void openBeforeAssociationIsQueued() {
        client = new DataChannelManager(SctpOptions.defaults(), true, clock, new Random(5), lc);
        server = new DataChannelManager(SctpOptions.defaults(), false, clock, new Random(6), ls);
        DataChannel early = client.open("early", DataChannelOptions.defaults());
        assertEquals(DataChannelState.CONNECTING, early.state());
        assertEquals(SendStatus.NOT_CONNECTED, early.send("too soon"));
        link = new SctpTestLink(clock, 7);
        link.attach(client.association(), server.association());
        client.connect();
        assertTrue(link.runUntil(() -> lc.opened.size() == 1 && ls.opened.size() == 1, 10_000));
    }

    @Test
    void messagesUnderLossOnPartiallyReliableChannel() {
        setUp(8);
        DataChannel c = client.open("lossy", new DataChannelOptions(false, 0, -1, "", 256));
        assertTrue(link.runUntil(() -> ls.opened.size() == 1 && lc.opened.size() == 1, 10_000));
        link.loss(0.2);
        for (int i = 0; i < 100; i++) {
            c.send(new byte[] {(byte) i});
        }
        assertTrue(link.runUntil(() -> client.association().bufferedAmount() == 0, 60_000));
        int got = ls.messages.size();
        assertTrue(got > 50 && got < 100, "delivered " + got);
        assertTrue(client.stats().sctp().messagesAbandoned() > 0);
    }

    @Test
    void associationAbortClosesAllChannels() {
        setUp(9);
        client.open("a", DataChannelOptions.defaults());
        client.open("b", DataChannelOptions.defaults());
        assertTrue(link.runUntil(() -> ls.opened.size() == 2, 10_000));
        client.association().abort("bye");
        assertEquals(2, lc.closed.size());
        assertNotNull(lc.transportClosed);
        assertTrue(link.runUntil(() -> ls.closed.size() == 2 && ls.transportClosed != null, 10_000));
    }

    @Test
    void openSendCloseSweepUnderImpairments() {
        for (int seed = 0; seed < 30; seed++) {
            String ctx = "seed " + seed;
            Random r = new Random(seed);
            RecordingChannelListener c = new RecordingChannelListener();
            RecordingChannelListener s = new RecordingChannelListener();
            DataChannelManager cm = new DataChannelManager(SctpOptions.defaults(), true, clock, new Random(seed), c);
            DataChannelManager sm =
                    new DataChannelManager(SctpOptions.defaults(), false, clock, new Random(seed + 1), s);
            SctpTestLink l = new SctpTestLink(clock, seed)
                    .loss(r.nextDouble() * 0.25)
                    .jitter(r.nextInt(40))
                    .duplicate(r.nextDouble() * 0.05);
            l.attach(cm.association(), sm.association());
            java.util.List<DataChannel> mine = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                mine.add(cm.open(
                        "c" + i,
                        i % 2 == 0 ? DataChannelOptions.defaults() : new DataChannelOptions(false, -1, -1, "p", 1)));
            }
            cm.connect();
            sm.connect();
            for (int i = 0; i < 3; i++) {
                mine.add(sm.open("s" + i, DataChannelOptions.defaults()));
            }
            assertTrue(l.runUntil(() -> c.opened.size() == 7 && s.opened.size() == 7, 120_000), ctx);
            for (DataChannel ch : mine) {
                for (int k = 0; k < 5; k++) {
                    assertEquals(SendStatus.QUEUED, ch.send("m" + k), ctx);
                }
            }
            assertTrue(l.runUntil(() -> c.messages.size() + s.messages.size() == 35, 120_000), ctx);
            for (DataChannel ch : mine) {
                ch.close();
            }
            assertTrue(l.runUntil(() -> c.closed.size() == 7 && s.closed.size() == 7, 300_000), ctx);
            assertEquals(0, cm.stats().channelsOpen(), ctx);
        }
    }

    @Test
    void dcepCodecGoldenBytesAndMalformedInput() {
        DcepMessage.Open open = new DcepMessage.Open(DataChannelType.PARTIAL_RELIABLE_TIMED, 256, 1500, "ab", "p");
        // RFC 8832 §5.1: type, channel type, priority, reliability, label length, protocol length, label, protocol
        assertEquals("03020100000005dc00020001616270", HexFormat.of().formatHex(open.encode()));
        assertEquals(open, DcepMessage.decode(open.encode()));
        assertEquals(new DcepMessage.Ack(), DcepMessage.decode(new byte[] {2}));
        assertNull(DcepMessage.decode(new byte[0]));
        assertNull(DcepMessage.decode(new byte[] {2, 0}));
        assertNull(DcepMessage.decode(new byte[] {3, 0, 0}));
        assertNull(DcepMessage.decode(HexFormat.of().parseHex("03070100000005dc00020001616270")), "unknown type");
        assertNull(DcepMessage.decode(HexFormat.of().parseHex("03020100000005dc00030001616270")), "length mismatch");
        assertNull(DcepMessage.decode(HexFormat.of().parseHex("03020100000005dc00020000ff70")), "bad UTF-8");
        assertNull(DcepMessage.decode(new byte[] {9}));
    }

    @Test
    void dcepDecoderSurvivesRandomInput() {
        Random r = new Random(42);
        int decoded = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] b = new byte[r.nextInt(40)];
            r.nextBytes(b);
            if (b.length > 0 && r.nextBoolean()) {
                b[0] = (byte) (r.nextBoolean() ? 3 : 2);
            }
            if (DcepMessage.decode(b) != null) {
                decoded++;
            }
        }
        assertTrue(decoded > 0, "some random inputs are valid DCEP messages");
    }

    @Test
    void optionsValidation() {
        assertThrows(IllegalArgumentException.class, () -> new DataChannelOptions(true, 1, 1, "", 0));
        assertThrows(IllegalArgumentException.class, () -> new DataChannelOptions(true, -2, -1, "", 0));
        assertThrows(IllegalArgumentException.class, () -> new DataChannelOptions(true, -1, -1, "", 70000));
        assertEquals(DataChannelType.RELIABLE_UNORDERED, new DataChannelOptions(false, -1, -1, "", 0).channelType());
        assertEquals(DataChannelType.PARTIAL_RELIABLE_TIMED, new DataChannelOptions(true, -1, 10, "", 0).channelType());
    }
}
