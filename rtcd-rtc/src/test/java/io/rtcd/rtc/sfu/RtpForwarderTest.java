package io.rtcd.rtc.sfu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtcd.rtc.sdp.MediaKind;
import io.rtcd.rtc.transport.udp.UdpBuffer;
import io.rtcd.rtc.transport.udp.UdpBufferPool;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RtpForwarderTest {
    private final UdpBufferPool pool = new UdpBufferPool(64, 1500);
    private final SfuCounters counters = new SfuCounters();
    private final RtpForwarder forwarder = new RtpForwarder(counters);
    private final MediaLink publisher = new MediaLink(pool, counters, 1);

    @AfterEach
    void noLeaks() {
        assertEquals(0, pool.outstanding(), "pooled buffers leaked");
    }

    private PublishedTrack audioTrack() {
        int[] ext = new int[HeaderExtension.count()];
        ext[HeaderExtension.AUDIO_LEVEL.ordinal()] = 1;
        ext[HeaderExtension.MID.ordinal()] = 3;
        return new PublishedTrack(
                "voice_a_1", TrackType.VOICE, MediaKind.AUDIO, 0x1111, "a", "s", "0", 48000, 111, ext, publisher, 0);
    }

    private Subscription subscribe(PublishedTrack t, CapturingPort port, long ssrc, int pt, int levelId, int midId) {
        MediaLink link = new MediaLink(pool, counters, 9);
        link.connect(port);
        Subscription s = new Subscription(t, "b", link, ssrc, 1000);
        int[] ids = new int[HeaderExtension.count()];
        ids[HeaderExtension.AUDIO_LEVEL.ordinal()] = levelId;
        ids[HeaderExtension.MID.ordinal()] = midId;
        s.negotiated(pt, ids, "f0");
        t.add(s);
        return s;
    }

    private void send(PublishedTrack t, byte[] pkt, long now) {
        UdpBuffer in = pool.acquire().fill(pkt, 0, pkt.length);
        try {
            forwarder.forward(t, in, now);
        } finally {
            in.release();
        }
    }

    @Test
    void rewritesHeaderAndKeepsPayloadByteIdentical() {
        PublishedTrack t = audioTrack();
        CapturingPort b = new CapturingPort();
        CapturingPort c = new CapturingPort();
        subscribe(t, b, 0xB0B0, 109, 5, 7);
        subscribe(t, c, 0xC0C0, 111, 0, 0);
        for (int i = 0; i < 10; i++) {
            send(t, TestSdp.rtp(111, 60000 + i, 960L * i, 0x1111, 1, 30 + i, i, 40), i * 20_000_000L);
        }
        assertEquals(10, b.rtp.size());
        assertEquals(10, c.rtp.size());
        for (int i = 0; i < 10; i++) {
            byte[] src = TestSdp.rtp(111, 60000 + i, 960L * i, 0x1111, 1, 30 + i, i, 40);
            byte[] ob = b.rtp.get(i);
            assertEquals(109, RtpView.payloadType(ob, 0));
            assertEquals(0xB0B0, RtpView.ssrc(ob, 0));
            assertEquals((1000 + i) & 0xFFFF, RtpView.sequence(ob, 0));
            assertEquals(960L * i, RtpView.timestamp(ob, 0), "timestamps keep their spacing");
            int[] len = new int[1];
            int at = RtpView.findExtension(ob, 0, ob.length, 5, len);
            assertTrue(at > 0, "audio level re-numbered to id 5");
            assertEquals(30 + i, ob[at]);
            int midAt = RtpView.findExtension(ob, 0, ob.length, 7, len);
            assertEquals("f0", new String(ob, midAt, len[0], java.nio.charset.StandardCharsets.US_ASCII));
            assertArrayEquals(payload(src), payload(ob));
            byte[] oc = c.rtp.get(i);
            assertEquals(0, oc[0] & 0x10, "no extensions negotiated: no extension block");
            assertArrayEquals(payload(src), payload(oc));
        }
    }

    @Test
    void twoByteFormWhenIdsExceedFourteen() {
        PublishedTrack t = audioTrack();
        CapturingPort b = new CapturingPort();
        subscribe(t, b, 0xB0B0, 111, 20, 0);
        send(t, TestSdp.rtp(111, 1, 0, 0x1111, 1, 42, 7, 20), 0);
        byte[] ob = b.rtp.get(0);
        assertEquals(0x1000, RtpView.u16(ob, 12));
        int[] len = new int[1];
        int at = RtpView.findExtension(ob, 0, ob.length, 20, len);
        assertEquals(42, ob[at]);
        assertEquals(1, len[0]);
    }

    @Test
    void resumedSubscriptionContinuesWithoutSequenceGap() {
        PublishedTrack t = audioTrack();
        CapturingPort b = new CapturingPort();
        Subscription s = subscribe(t, b, 0xB0B0, 111, 0, 0);
        send(t, TestSdp.rtp(111, 10, 0, 0x1111, 0, 0, 0, 10), 0);
        // packets 11..49 were dropped while the publisher was muted
        s.resume();
        send(t, TestSdp.rtp(111, 50, 960 * 40, 0x1111, 0, 0, 2, 10), 800_000_000L);
        assertEquals(2, b.rtp.size());
        assertEquals(1000, RtpView.sequence(b.rtp.get(0), 0));
        assertEquals(1001, RtpView.sequence(b.rtp.get(1), 0));
        long dt = RtpView.timestamp(b.rtp.get(1), 0) - RtpView.timestamp(b.rtp.get(0), 0);
        assertEquals(48000L * 800 / 1000, dt, "timestamp advances by the wall time elapsed");
    }

    @Test
    void forwardsAcrossSequenceWrap() {
        PublishedTrack t = audioTrack();
        CountingPort port = new CountingPort();
        MediaLink link = new MediaLink(pool, counters, 9);
        link.connect(port);
        Subscription s = new Subscription(t, "b", link, 5, 65000);
        s.negotiated(111, new int[HeaderExtension.count()], "f0");
        t.add(s);
        byte[] pkt = TestSdp.rtp(111, 0, 0, 0x1111, 0, 0, 0, 20);
        UdpBuffer in = pool.acquire().fill(pkt, 0, pkt.length);
        try {
            for (int i = 0; i < 140_000; i++) {
                in.getBuffer()[in.getOffset() + 2] = (byte) (i >>> 8);
                in.getBuffer()[in.getOffset() + 3] = (byte) i;
                forwarder.forward(t, in, i);
            }
        } finally {
            in.release();
        }
        assertEquals(140_000, port.count, "more than two sequence wraps without a drop");
        assertEquals((65000 + 140_000 - 1) & 0xFFFF, port.lastSeq);
    }

    /** Counts RTP packets and remembers the last sequence number (no copies: for long runs). */
    private static final class CountingPort implements MediaPort {
        int count;
        int lastSeq;

        @Override
        public boolean sendRtp(UdpBuffer packet) {
            count++;
            lastSeq = RtpView.sequence(packet.getBuffer(), packet.getOffset());
            return true;
        }

        @Override
        public boolean sendRtcp(UdpBuffer packet) {
            return true;
        }
    }

    @Test
    void notConnectedSubscriberIsCountedNotSent() {
        PublishedTrack t = audioTrack();
        MediaLink link = new MediaLink(pool, counters, 9);
        Subscription s = new Subscription(t, "b", link, 5, 0);
        s.negotiated(111, new int[HeaderExtension.count()], "f0");
        t.add(s);
        send(t, TestSdp.rtp(111, 1, 0, 0x1111, 0, 0, 0, 10), 0);
        assertEquals(1, counters.drops(SfuCounters.Drop.SUBSCRIBER_NOT_READY));
        assertEquals(0, counters.forwardedPackets());
    }

    @Test
    void steadyStateAllocatesNoBuffers() {
        PublishedTrack t = audioTrack();
        subscribe(t, new CapturingPort(), 1, 111, 1, 3);
        subscribe(t, new CapturingPort(), 2, 111, 1, 3);
        send(t, TestSdp.rtp(111, 1, 0, 0x1111, 1, 1, 0, 100), 0);
        long before = pool.allocations();
        for (int i = 0; i < 100; i++) {
            send(t, TestSdp.rtp(111, 2 + i, 960L * i, 0x1111, 1, 1, i, 100), i);
        }
        assertEquals(before, pool.allocations(), "forwarding reuses pooled buffers");
    }

    private static byte[] payload(byte[] pkt) {
        int p = RtpView.payloadOffset(pkt, 0, pkt.length);
        return Arrays.copyOfRange(pkt, p, pkt.length);
    }
}
