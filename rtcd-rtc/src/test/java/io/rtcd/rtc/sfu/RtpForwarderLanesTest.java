package io.rtcd.rtc.sfu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtcd.rtc.sdp.MediaKind;
import io.rtcd.rtc.transport.udp.UdpBuffer;
import io.rtcd.rtc.transport.udp.UdpBufferPool;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Parallel fan-out lanes of {@link RtpForwarder}, driven by a manual executor (deterministic, no threads). */
class RtpForwarderLanesTest {
    private final UdpBufferPool pool = new UdpBufferPool(64, 1500);
    private final SfuCounters counters = new SfuCounters();
    private final ManualExecutor worker = new ManualExecutor();
    private final RtpForwarder forwarder = new RtpForwarder(counters, worker, 2, 8);
    private final MediaLink publisher = new MediaLink(pool, counters, 1);

    /** Queues tasks; the test runs them when it wants (like a worker pool that is momentarily busy). */
    private static final class ManualExecutor implements Executor {
        final ArrayDeque<Runnable> tasks = new ArrayDeque<>();

        @Override
        public void execute(Runnable r) {
            tasks.add(r);
        }

        void runAll() {
            for (int i = 0; i < 100_000 && !tasks.isEmpty(); i++) {
                tasks.poll().run();
            }
        }
    }

    @AfterEach
    void noLeaks() {
        assertEquals(0, pool.outstanding(), "pooled buffers leaked");
    }

    private PublishedTrack track() {
        int[] ext = new int[HeaderExtension.count()];
        ext[HeaderExtension.AUDIO_LEVEL.ordinal()] = 1;
        return new PublishedTrack(
                "voice_a_1", TrackType.VOICE, MediaKind.AUDIO, 0x1111, "a", "s", "0", 48000, 111, ext, publisher, 0);
    }

    private List<CapturingPort> subscribe(PublishedTrack t, int n) {
        List<CapturingPort> ports = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            CapturingPort port = new CapturingPort();
            MediaLink link = new MediaLink(pool, counters, 9);
            link.connect(port);
            Subscription s = new Subscription(t, "sub" + i, link, 0x10000L + i * 7919L, 100 * i);
            int[] ids = new int[HeaderExtension.count()];
            ids[HeaderExtension.AUDIO_LEVEL.ordinal()] = 3;
            s.negotiated(111, ids, "m" + i);
            t.add(s);
            ports.add(port);
        }
        return ports;
    }

    private void send(PublishedTrack t, int seq) {
        byte[] pkt = TestSdp.rtp(111, seq, 960L * seq, 0x1111, 1, seq & 0x7F, seq, 60);
        UdpBuffer in = pool.acquire().fill(pkt, 0, pkt.length);
        try {
            forwarder.forward(t, in, seq * 20_000_000L);
        } finally {
            in.release();
        }
    }

    @Test
    void everySubscriberGetsEveryPacketInOrderWithItsOwnNumbering() {
        PublishedTrack t = track();
        List<CapturingPort> ports = subscribe(t, 40);
        int inlineLane = 0;
        for (Subscription s : t.subscriptions()) {
            inlineLane += forwarder.laneOf(s) == 0 ? 1 : 0;
        }
        assertTrue(inlineLane > 5 && inlineLane < 35, "both lanes have subscribers: " + inlineLane);
        for (int seq = 0; seq < 30; seq++) {
            send(t, seq);
            if (seq % 7 == 0) {
                worker.runAll(); // the parallel lane lags behind by a few packets in between
            }
        }
        worker.runAll();
        for (int i = 0; i < ports.size(); i++) {
            List<byte[]> got = ports.get(i).rtp;
            assertEquals(30, got.size(), "subscriber " + i);
            for (int seq = 0; seq < 30; seq++) {
                byte[] o = got.get(seq);
                assertEquals((100 * i + seq) & 0xFFFF, RtpView.sequence(o, 0), "subscriber " + i + " packet " + seq);
                assertEquals(0x10000L + i * 7919L, RtpView.ssrc(o, 0));
                int[] len = new int[1];
                int at = RtpView.findExtension(o, 0, o.length, 3, len);
                assertEquals(seq & 0x7F, o[at], "audio level re-numbered in the copy");
                byte[] src = TestSdp.rtp(111, seq, 960L * seq, 0x1111, 1, seq & 0x7F, seq, 60);
                assertArrayEquals(
                        java.util.Arrays.copyOfRange(src, src.length - 60, src.length),
                        java.util.Arrays.copyOfRange(o, o.length - 60, o.length));
            }
        }
        assertEquals(30L * 40, counters.forwardedPackets());
    }

    @Test
    void exhaustedCopiesDropOnlyTheParallelLaneAndRecover() {
        PublishedTrack t = track();
        List<CapturingPort> ports = subscribe(t, 20);
        int parallel = 0;
        for (Subscription s : t.subscriptions()) {
            parallel += forwarder.laneOf(s) == 1 ? 1 : 0;
        }
        int packets = RtpForwarder.MAX_IN_FLIGHT + 5;
        for (int seq = 0; seq < packets; seq++) {
            send(t, seq); // the worker never runs: copies pile up
        }
        assertEquals(5L * parallel, counters.drops(SfuCounters.Drop.INBOUND_QUEUE_FULL));
        worker.runAll();
        send(t, packets);
        worker.runAll();
        for (Subscription s : t.subscriptions()) {
            int i = Integer.parseInt(s.subscriberSessionId.substring(3));
            int expected = forwarder.laneOf(s) == 0 ? packets + 1 : RtpForwarder.MAX_IN_FLIGHT + 1;
            assertEquals(expected, ports.get(i).rtp.size(), "subscriber " + i);
        }
    }

    @Test
    void smallTrackStaysInline() {
        PublishedTrack t = track();
        List<CapturingPort> ports = subscribe(t, 4);
        send(t, 1);
        assertTrue(worker.tasks.isEmpty(), "below minParallel nothing is handed off");
        for (CapturingPort p : ports) {
            assertEquals(1, p.rtp.size());
        }
    }
}
