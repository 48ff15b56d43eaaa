package io.rtcd.rtc.sctp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtcd.rtc.sctp.packet.CookieEchoChunk;
import io.rtcd.rtc.sctp.packet.DataChunk;
import io.rtcd.rtc.sctp.packet.InitChunk;
import io.rtcd.rtc.sctp.packet.SctpDropReason;
import io.rtcd.rtc.sctp.packet.SctpPacket;
import io.rtcd.rtc.sctp.packet.SctpPacketCodec;
import io.rtcd.rtc.sctp.packet.SctpParam;
import java.io.ByteArrayOutputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SctpAssociationTest {
    private final VirtualClock clock = new VirtualClock(1_000_000);
    private final RecordingListener la = new RecordingListener();
    private final RecordingListener lb = new RecordingListener();
    private SctpAssociation a;
    private SctpAssociation b;
    private SctpTestLink link;

    private void setUp(long seed) {
        a = new SctpAssociation(SctpOptions.defaults(), la, clock, new Random(seed));
        b = new SctpAssociation(SctpOptions.defaults(), lb, clock, new Random(seed + 1));
        link = new SctpTestLink(clock, seed + 2);
        link.attach(a, b);
    }

    private void connect() {
        a.connect();
        assertTrue(link.runUntil(() -> la.connected && lb.connected, 10_000), "handshake");
    }

    private static byte[] pattern(int len, int seed) {
        byte[] d = new byte[len];
        new Random(seed).nextBytes(d);
        return d;
    }

    /** A generator whose ints sit just below 2^32 so TSNs wrap early; everything else is seeded random. */
    private static java.util.random.RandomGenerator nearWrap(long seed) {
        Random r = new Random(seed);
        return new java.util.random.RandomGenerator() {
            @Override
            public long nextLong() {
                return r.nextLong();
            }

            @Override
            public int nextInt() {
                return -300 - r.nextInt(100);
            }
        };
    }

    @Test
    void tsnAndSsnWrapAround() {
        a = new SctpAssociation(SctpOptions.defaults(), la, clock, nearWrap(31));
        b = new SctpAssociation(SctpOptions.defaults(), lb, clock, nearWrap(32));
        link = new SctpTestLink(clock, 33);
        link.attach(a, b);
        connect();
        link.loss(0.05).jitter(10);
        int n = 66_000; // more than 2^16 SSNs on one stream, and TSNs across 2^32
        int sent = 0;
        int next = 0;
        while (lb.messages.size() < n) {
            while (sent < n && a.bufferedAmount() < 64 * 1024) {
                byte[] m = {(byte) sent, (byte) (sent >> 8), (byte) (sent >> 16)};
                assertEquals(SendStatus.QUEUED, a.send(4, 53, m, SendOptions.RELIABLE_ORDERED));
                sent++;
            }
            int target = Math.min(n, lb.messages.size() + 1);
            assertTrue(link.runUntil(() -> lb.messages.size() >= target, 60_000), "progress at " + lb.messages.size());
        }
        for (RecordingListener.Message m : lb.messages) {
            int idx = (m.data()[0] & 0xFF) | (m.data()[1] & 0xFF) << 8 | (m.data()[2] & 0xFF) << 16;
            assertEquals(next++, idx, "in order across the SSN wrap");
        }
    }

    @Test
    void handshakeEstablishesBothSides() {
        setUp(1);
        connect();
        assertEquals(SctpState.ESTABLISHED, a.state());
        assertEquals(SctpState.ESTABLISHED, b.state());
        assertEquals(65535, a.outboundStreams());
    }

    @Test
    void simultaneousOpenEstablishes() {
        setUp(2);
        a.connect();
        b.connect();
        assertTrue(link.runUntil(() -> la.connected && lb.connected, 10_000));
        assertEquals(SendStatus.QUEUED, a.send(1, 53, new byte[] {1, 2, 3}, SendOptions.RELIABLE_ORDERED));
        assertEquals(SendStatus.QUEUED, b.send(2, 53, new byte[] {4}, SendOptions.RELIABLE_ORDERED));
        assertTrue(link.runUntil(() -> la.messages.size() == 1 && lb.messages.size() == 1, 10_000));
    }

    @Test
    void lostInitIsRecoveredByT1() {
        setUp(3);
        link.dropAtoB(SctpTestPackets.firstN(InitChunk.class, 2));
        long start = clock.now();
        connect();
        assertTrue(clock.now() - start >= 1000 + 2000, "two T1-init expiries with back-off");
    }

    @Test
    void lostCookieEchoIsRecoveredByT1() {
        setUp(4);
        link.dropAtoB(SctpTestPackets.firstN(CookieEchoChunk.class, 1));
        long start = clock.now();
        connect();
        assertTrue(clock.now() - start >= 1000);
    }

    @Test
    void lostCookieAckIsRecoveredByDuplicateCookieEcho() {
        setUp(21);
        link.dropBtoA(SctpTestPackets.firstN(io.rtcd.rtc.sctp.packet.CookieAckChunk.class, 1));
        connect();
        assertEquals(SctpState.ESTABLISHED, a.state());
        assertEquals(SctpState.ESTABLISHED, b.state());
    }

    @Test
    void sendBufferIsBounded() {
        setUp(22);
        connect();
        link.dropAtoB(p -> true);
        int queued = 0;
        while (a.send(0, 53, new byte[256 * 1024], SendOptions.RELIABLE_ORDERED) == SendStatus.QUEUED) {
            queued++;
            assertTrue(queued <= 16);
        }
        assertEquals(16, queued, "4 MiB of 256 KiB messages");
        assertEquals(SendStatus.BUFFER_FULL, a.send(0, 53, new byte[1], SendOptions.RELIABLE_ORDERED));
    }

    @Test
    void garbageCookieEchoDoesNotSmuggleBundledData() {
        setUp(23);
        connect();
        byte[] forged = SctpPacketCodec.encode(new SctpPacket(
                5000,
                5000,
                0x0bad,
                List.of(
                        new CookieEchoChunk(new byte[66]),
                        new DataChunk(0x03, 12345, 0, 0, 51, new byte[] {1}, 0, 1))));
        b.receivePacket(forged, 0, forged.length, clock.now());
        assertEquals(1, b.stats().dropped(SctpDropReason.BAD_COOKIE));
        assertTrue(lb.messages.isEmpty());
    }

    @Test
    void handshakeGivesUpAfterMaxInitRetransmits() {
        setUp(5);
        link.dropAtoB(p -> true);
        a.connect();
        assertTrue(link.runUntil(() -> la.aborted != null, 120_000));
        assertEquals(SctpState.CLOSED, a.state());
        assertEquals(Long.MAX_VALUE, a.nextTimeoutMillis());
    }

    @Test
    void oneMebibyteReliableOrderedUnderTenPercentLoss() {
        setUp(6);
        connect();
        link.loss(0.10).jitter(20).duplicate(0.02);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (int i = 0; i < 64; i++) {
            byte[] m = pattern(16 * 1024, i);
            expected.writeBytes(m);
            assertEquals(SendStatus.QUEUED, a.send(3, 53, m, SendOptions.RELIABLE_ORDERED));
        }
        assertTrue(link.runUntil(() -> lb.messages.size() >= 64 && a.bufferedAmount() == 0, 300_000), "delivery");
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        for (RecordingListener.Message m : lb.messages) {
            assertEquals(3, m.streamId());
            assertEquals(53, m.ppid());
            got.writeBytes(m.data());
        }
        assertEquals(64, lb.messages.size());
        assertArrayEquals(expected.toByteArray(), got.toByteArray());
        SctpStats s = a.stats();
        assertTrue(s.dataChunksRetransmitted() > 0, "loss forced retransmissions");
        assertEquals(0, s.messagesAbandoned());
        assertTrue(link.packetsDropped() > 0);
    }

    @Test
    void unorderedMessagesArriveExactlyOnce() {
        setUp(7);
        connect();
        link.loss(0.05).jitter(40);
        SendOptions unordered = new SendOptions(false, -1, -1);
        for (int i = 0; i < 200; i++) {
            byte[] m = new byte[] {(byte) (i >> 8), (byte) i, 7};
            assertEquals(SendStatus.QUEUED, a.send(5, 51, m, unordered));
        }
        assertTrue(link.runUntil(() -> lb.messages.size() >= 200 && a.bufferedAmount() == 0, 120_000));
        Set<Integer> seen = new HashSet<>();
        for (RecordingListener.Message m : lb.messages) {
            assertTrue(seen.add(((m.data()[0] & 0xFF) << 8) | (m.data()[1] & 0xFF)), "no duplicate delivery");
        }
        assertEquals(200, seen.size());
    }

    @Test
    void largestMessageIsReassembled() {
        setUp(8);
        connect();
        link.loss(0.05).jitter(10);
        byte[] big = pattern(256 * 1024, 99);
        assertEquals(SendStatus.QUEUED, a.send(0, 53, big, SendOptions.RELIABLE_ORDERED));
        assertEquals(
                SendStatus.MESSAGE_TOO_LARGE, a.send(0, 53, new byte[256 * 1024 + 1], SendOptions.RELIABLE_ORDERED));
        assertTrue(link.runUntil(() -> lb.messages.size() == 1, 120_000));
        assertArrayEquals(big, lb.messages.get(0).data());
    }

    @Test
    void partialReliabilityAbandonsAndForwardsTsn() {
        setUp(9);
        connect();
        link.loss(0.2);
        SendOptions noRtx = new SendOptions(true, 0, -1);
        for (int i = 0; i < 200; i++) {
            byte[] m = new byte[1000];
            m[0] = (byte) i;
            m[1] = (byte) (i >> 8);
            assertEquals(SendStatus.QUEUED, a.send(7, 53, m, noRtx));
        }
        assertTrue(link.runUntil(() -> a.bufferedAmount() == 0, 120_000), "everything acked or abandoned");
        SctpStats s = a.stats();
        assertTrue(s.messagesAbandoned() > 0, "some abandoned: " + s);
        assertTrue(s.forwardTsnSent() > 0);
        assertTrue(b.stats().forwardTsnReceived() > 0);
        assertTrue(lb.messages.size() < 200 && lb.messages.size() > 100, "delivered " + lb.messages.size());
        int prev = -1;
        for (RecordingListener.Message m : lb.messages) {
            int idx = (m.data()[0] & 0xFF) | ((m.data()[1] & 0xFF) << 8);
            assertTrue(idx > prev, "ordered, no duplicates");
            prev = idx;
        }
        // the receiver moved past the holes: a reliable message still gets through in order
        link.loss(0);
        int before = lb.messages.size();
        a.send(7, 53, new byte[] {42}, SendOptions.RELIABLE_ORDERED);
        assertTrue(link.runUntil(() -> lb.messages.size() == before + 1, 30_000));
    }

    @Test
    void timedReliabilityAbandonsExpiredMessages() {
        setUp(10);
        connect();
        link.dropAtoB(p -> SctpTestPackets.has(p, DataChunk.class));
        a.send(2, 53, new byte[500], new SendOptions(true, -1, 300));
        link.runUntil(() -> false, 2_000);
        link.dropAtoB(p -> false);
        assertTrue(link.runUntil(() -> a.bufferedAmount() == 0, 30_000));
        assertEquals(1, a.stats().messagesAbandoned());
        assertTrue(lb.messages.isEmpty());
    }

    @Test
    void streamResetBothWays() {
        setUp(11);
        connect();
        a.send(1, 51, new byte[] {1}, SendOptions.RELIABLE_ORDERED);
        a.send(1, 51, new byte[] {2}, SendOptions.RELIABLE_ORDERED);
        a.resetStreams(1);
        assertEquals(SendStatus.STREAM_RESETTING, a.send(1, 51, new byte[] {3}, SendOptions.RELIABLE_ORDERED));
        assertTrue(link.runUntil(() -> !la.outgoingResets.isEmpty() && !lb.incomingResets.isEmpty(), 10_000));
        assertEquals(2, lb.messages.size(), "data queued before the reset is delivered");
        assertArrayEquals(new int[] {1}, lb.incomingResets.get(0));
        b.resetStreams(1);
        assertTrue(link.runUntil(() -> !lb.outgoingResets.isEmpty() && !la.incomingResets.isEmpty(), 10_000));
        // SSNs restarted at 0 on both sides: new data on the stream is delivered
        assertEquals(SendStatus.QUEUED, a.send(1, 51, new byte[] {4}, SendOptions.RELIABLE_ORDERED));
        assertEquals(SendStatus.QUEUED, b.send(1, 51, new byte[] {5}, SendOptions.RELIABLE_ORDERED));
        assertTrue(link.runUntil(() -> lb.messages.size() == 3 && la.messages.size() == 1, 10_000));
        assertArrayEquals(new byte[] {4}, lb.messages.get(2).data());
    }

    @Test
    void streamResetUnderLossIsRetransmitted() {
        setUp(12);
        connect();
        link.loss(0.3);
        for (int i = 0; i < 20; i++) {
            a.send(9, 51, new byte[] {(byte) i}, SendOptions.RELIABLE_ORDERED);
        }
        a.resetStreams(9);
        assertTrue(link.runUntil(() -> !la.outgoingResets.isEmpty() && !lb.incomingResets.isEmpty(), 60_000));
        assertEquals(20, lb.messages.size());
    }

    @Test
    void gracefulShutdownDeliversPendingDataFirst() {
        setUp(13);
        connect();
        link.loss(0.1);
        for (int i = 0; i < 10; i++) {
            a.send(0, 53, pattern(5000, i), SendOptions.RELIABLE_ORDERED);
        }
        a.shutdown();
        assertEquals(SendStatus.NOT_CONNECTED, a.send(0, 53, new byte[1], SendOptions.RELIABLE_ORDERED));
        assertTrue(link.runUntil(() -> la.closed != null && lb.closed != null, 60_000));
        assertEquals(10, lb.messages.size());
        assertEquals(SctpState.CLOSED, a.state());
        assertEquals(SctpState.CLOSED, b.state());
        assertEquals(Long.MAX_VALUE, a.nextTimeoutMillis());
        assertEquals(Long.MAX_VALUE, b.nextTimeoutMillis());
    }

    @Test
    void peerShutdownStillSendsOurQueuedData() {
        setUp(24);
        connect();
        link.dropAtoB(p -> SctpTestPackets.has(p, DataChunk.class));
        a.send(0, 53, new byte[100], SendOptions.RELIABLE_ORDERED);
        link.runUntil(() -> false, 50);
        b.shutdown();
        link.dropAtoB(p -> false);
        assertTrue(link.runUntil(() -> la.closed != null && lb.closed != null, 30_000));
        assertEquals(1, lb.messages.size());
    }

    @Test
    void abortTagRulesFollowTheTBit() {
        setUp(25);
        connect();
        int bTag = SctpTestPackets.decode(
                        link.capturedAtoB().get(link.capturedAtoB().size() - 1))
                .verificationTag();
        // b's own tag is what a sends with; a reflected ABORT (T=1) must carry the tag b sends with (a's tag)
        byte[] reflectedWithOwnTag = SctpPacketCodec.encode(
                new SctpPacket(5000, 5000, bTag, List.of(new io.rtcd.rtc.sctp.packet.AbortChunk(true, List.of()))));
        b.receivePacket(reflectedWithOwnTag, 0, reflectedWithOwnTag.length, clock.now());
        assertEquals(1, b.stats().dropped(SctpDropReason.BAD_VERIFICATION_TAG));
        assertEquals(SctpState.ESTABLISHED, b.state());
        byte[] wrong = SctpPacketCodec.encode(new SctpPacket(
                5000, 5000, bTag + 1, List.of(new io.rtcd.rtc.sctp.packet.AbortChunk(false, List.of()))));
        b.receivePacket(wrong, 0, wrong.length, clock.now());
        assertEquals(SctpState.ESTABLISHED, b.state());
        byte[] proper = SctpPacketCodec.encode(
                new SctpPacket(5000, 5000, bTag, List.of(new io.rtcd.rtc.sctp.packet.AbortChunk(false, List.of()))));
        b.receivePacket(proper, 0, proper.length, clock.now());
        assertEquals(SctpState.CLOSED, b.state());
        assertNotNull(lb.aborted);
    }

    @Test
    void reflectedAbortWithPeerTagIsAccepted() {
        setUp(26);
        connect();
        b.send(0, 53, new byte[] {1}, SendOptions.RELIABLE_ORDERED);
        int tagBSendsWith = SctpTestPackets.decode(b.pollOutgoingPacket()).verificationTag();
        byte[] reflected = SctpPacketCodec.encode(new SctpPacket(
                5000, 5000, tagBSendsWith, List.of(new io.rtcd.rtc.sctp.packet.AbortChunk(true, List.of()))));
        b.receivePacket(reflected, 0, reflected.length, clock.now());
        assertEquals(SctpState.CLOSED, b.state());
    }

    @Test
    void abortNotifiesPeer() {
        setUp(14);
        connect();
        a.abort("going away");
        assertNotNull(la.closed);
        assertTrue(link.runUntil(() -> lb.aborted != null, 5_000));
        assertTrue(lb.aborted.contains("going away"), lb.aborted);
        assertEquals(SctpState.CLOSED, b.state());
    }

    @Test
    void wrongVerificationTagIsDropped() {
        setUp(15);
        connect();
        a.send(0, 53, new byte[] {1, 2}, SendOptions.RELIABLE_ORDERED);
        byte[] data = null;
        byte[] p;
        while ((p = a.pollOutgoingPacket()) != null) {
            if (SctpTestPackets.has(p, DataChunk.class)) {
                data = p;
            }
        }
        assertNotNull(data);
        byte[] forged =
                SctpTestPackets.withTag(data, SctpTestPackets.decode(data).verificationTag() ^ 0x5a5a);
        b.receivePacket(forged, 0, forged.length, clock.now());
        assertEquals(1, b.stats().dropped(SctpDropReason.BAD_VERIFICATION_TAG));
        assertTrue(lb.messages.isEmpty());
        b.receivePacket(data, 0, data.length, clock.now());
        assertEquals(1, lb.messages.size());
    }

    @Test
    void initFloodKeepsNoStateAndHandshakeStillWorks() {
        setUp(16);
        Random r = new Random(77);
        for (int i = 0; i < 1000; i++) {
            InitChunk init = new InitChunk(false, r.nextInt() | 1, 65536, 10, 10, r.nextInt(), List.of());
            byte[] p = SctpPacketCodec.encode(new SctpPacket(5000, 5000, 0, List.of(init)));
            b.receivePacket(p, 0, p.length, clock.now());
        }
        assertEquals(1000, b.stats().initsReceived());
        assertEquals(SctpState.CLOSED, b.state());
        assertEquals(Long.MAX_VALUE, b.nextTimeoutMillis(), "no timer, no per-INIT state");
        int initAcks = 0;
        byte[] p;
        while ((p = b.pollOutgoingPacket()) != null) {
            InitChunk ack = (InitChunk) SctpTestPackets.decode(p).chunks().get(0);
            assertTrue(ack.ack());
            assertNotNull(ack.param(SctpParam.STATE_COOKIE));
            initAcks++;
        }
        assertEquals(1000, initAcks);
        connect();
    }

    @Test
    void staleCookieIsRejected() {
        setUp(17);
        a.connect();
        // deliver INIT and INIT-ACK by hand, then hold the COOKIE ECHO beyond the cookie lifetime
        byte[] init = a.pollOutgoingPacket();
        b.receivePacket(init, 0, init.length, clock.now());
        byte[] initAck = b.pollOutgoingPacket();
        a.receivePacket(initAck, 0, initAck.length, clock.now());
        byte[] echo = a.pollOutgoingPacket();
        assertTrue(SctpTestPackets.has(echo, CookieEchoChunk.class));
        clock.advance(61_000);
        b.receivePacket(echo, 0, echo.length, clock.now());
        assertEquals(1, b.stats().dropped(SctpDropReason.STALE_COOKIE));
        assertEquals(SctpState.CLOSED, b.state());
        assertFalse(lb.connected);
    }

    @Test
    void tamperedCookieIsRejected() {
        setUp(18);
        a.connect();
        byte[] init = a.pollOutgoingPacket();
        b.receivePacket(init, 0, init.length, clock.now());
        byte[] initAck = b.pollOutgoingPacket();
        a.receivePacket(initAck, 0, initAck.length, clock.now());
        SctpPacket echo = SctpTestPackets.decode(a.pollOutgoingPacket());
        byte[] cookie = ((CookieEchoChunk) echo.chunks().get(0)).cookie().clone();
        cookie[10] ^= 1;
        byte[] forged = SctpPacketCodec.encode(new SctpPacket(
                echo.sourcePort(),
                echo.destinationPort(),
                echo.verificationTag(),
                List.of(new CookieEchoChunk(cookie))));
        b.receivePacket(forged, 0, forged.length, clock.now());
        assertEquals(1, b.stats().dropped(SctpDropReason.BAD_COOKIE));
        assertNull(b.pollOutgoingPacket());
    }

    @Test
    void heartbeatsMeasureRttWhileIdle() {
        setUp(19);
        connect();
        assertTrue(link.runUntil(() -> false, 100_000) || true);
        assertEquals(SctpState.ESTABLISHED, a.state());
        assertTrue(a.stats().srttMillis() >= 10, "srtt " + a.stats().srttMillis());
    }

    @Test
    void deadPeerIsDetected() {
        setUp(20);
        connect();
        link.dropAtoB(p -> true);
        a.send(0, 53, new byte[10], SendOptions.RELIABLE_ORDERED);
        assertTrue(link.runUntil(() -> la.aborted != null, 600_000));
        assertTrue(a.stats().t3Expirations() > 10);
    }
}
