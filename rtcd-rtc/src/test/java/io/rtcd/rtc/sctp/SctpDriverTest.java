package io.rtcd.rtc.sctp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Two drivers over a lossy in-memory "DTLS" with a virtual scheduler: the host glue keeps one timer per driver. */
class SctpDriverTest {
    private final VirtualClock clock = new VirtualClock(10_000);

    private record Task(long at, long seq, Runnable run, boolean[] cancelled) {}

    private final PriorityQueue<Task> tasks =
            new PriorityQueue<>((x, y) -> x.at != y.at ? Long.compare(x.at, y.at) : Long.compare(x.seq, y.seq));
    private long seq;
    private int liveTimers;

    private SctpDriver.TimerService timers() {
        return (task, delay) -> {
            boolean[] cancelled = {false};
            liveTimers++;
            tasks.add(new Task(
                    clock.now() + delay,
                    seq++,
                    () -> {
                        liveTimers--;
                        task.run();
                    },
                    cancelled));
            return () -> {
                if (!cancelled[0]) {
                    cancelled[0] = true;
                    liveTimers--;
                }
            };
        };
    }

    @Test
    void driversConnectAndDeliverThroughLossWithHostTimers() {
        RecordingListener la = new RecordingListener();
        RecordingListener lb = new RecordingListener();
        SctpAssociation a = new SctpAssociation(SctpOptions.defaults(), la, clock, new Random(1));
        SctpAssociation b = new SctpAssociation(SctpOptions.defaults(), lb, clock, new Random(2));
        ArrayDeque<byte[]> toB = new ArrayDeque<>();
        ArrayDeque<byte[]> toA = new ArrayDeque<>();
        Random loss = new Random(3);
        List<SctpDriver> drivers = new ArrayList<>();
        SctpDriver da =
                new SctpDriver(a, (buf, off, len) -> loss.nextInt(10) != 0 && toB.add(buf.clone()), timers(), clock);
        SctpDriver db =
                new SctpDriver(b, (buf, off, len) -> loss.nextInt(10) != 0 && toA.add(buf.clone()), timers(), clock);
        drivers.add(da);
        drivers.add(db);
        a.connect();
        da.pump();
        for (int step = 0; step < 100_000 && lb.messages.size() < 20; step++) {
            if (!toB.isEmpty() || !toA.isEmpty()) {
                while (!toB.isEmpty()) {
                    byte[] p = toB.poll();
                    db.onPacket(p, 0, p.length);
                }
                while (!toA.isEmpty()) {
                    byte[] p = toA.poll();
                    da.onPacket(p, 0, p.length);
                }
                if (la.connected && lb.messages.isEmpty() && a.bufferedAmount() == 0) {
                    for (int i = 0; i < 20; i++) {
                        a.send(1, 53, new byte[3000], SendOptions.RELIABLE_ORDERED);
                    }
                    da.pump();
                }
                continue;
            }
            Task t = tasks.poll();
            if (t == null) {
                break;
            }
            clock.advanceTo(t.at());
            if (!t.cancelled()[0]) {
                t.run().run();
            }
        }
        assertTrue(la.connected && lb.connected);
        assertEquals(20, lb.messages.size());
        assertTrue(liveTimers <= 2, "at most one armed timer per driver, got " + liveTimers);
        assertTrue(da.packetsSent() > 20);
        da.close();
        db.close();
        da.close();
    }
}
