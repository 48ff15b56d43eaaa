package io.rtcd.ws.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rtcd.ws.guard.MessageRateGuard.Verdict;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The per-connection message budget on a fake clock: burst, sustained rate, notification, flood close. */
class MessageRateGuardTest {
    private static final long T0 = 5_000_000_000L;
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    /** 1 s / 32 = 31.25 ms, exact in ns. */
    private static final long INTERVAL = SECOND / 32;

    @Test
    void theBurstPassesAndTheNextMessageIsDroppedWithOneNotification() {
        MessageRateGuard g = new MessageRateGuard(32, 64, 1000, T0);
        for (int i = 1; i <= 64; i++) {
            assertEquals(Verdict.ACCEPT, g.onMessage(T0), "message " + i);
        }
        assertEquals(Verdict.DROP_AND_NOTIFY, g.onMessage(T0));
        assertEquals(Verdict.DROP, g.onMessage(T0));
        assertEquals(Verdict.DROP, g.onMessage(T0 + INTERVAL - 1));
        assertEquals(Verdict.ACCEPT, g.onMessage(T0 + INTERVAL));
        // An admitted message ends the run: the next drop is notified again.
        assertEquals(Verdict.DROP_AND_NOTIFY, g.onMessage(T0 + INTERVAL));
    }

    @Test
    void theSustainedRateIsNeverLimited() {
        MessageRateGuard g = new MessageRateGuard(32, 1, 1, T0);
        for (int i = 0; i < 32 * 10; i++) {
            assertEquals(Verdict.ACCEPT, g.onMessage(T0 + i * INTERVAL), "message " + i);
        }
    }

    @Test
    void withinOneSecondTheBurstPlusTheRefillPassesAndNothingMore() {
        MessageRateGuard g = new MessageRateGuard(32, 64, 1_000_000, T0);
        int accepted = 0;
        for (int ms = 0; ms < 1000; ms++) {
            for (int k = 0; k < 10; k++) {
                if (g.onMessage(T0 + TimeUnit.MILLISECONDS.toNanos(ms)) == Verdict.ACCEPT) {
                    accepted++;
                }
            }
        }
        // 64 at once, then one token every 31.25 ms: 31 more before the second ends (the 32nd comes at 1000 ms).
        assertEquals(64 + 31, accepted);
    }

    @Test
    void aFloodIsClosedAtTheFloodLimit() {
        MessageRateGuard g = new MessageRateGuard(10, 5, 4, T0);
        for (int i = 0; i < 5; i++) {
            assertEquals(Verdict.ACCEPT, g.onMessage(T0));
        }
        assertEquals(Verdict.DROP_AND_NOTIFY, g.onMessage(T0));
        assertEquals(Verdict.DROP, g.onMessage(T0));
        assertEquals(Verdict.DROP, g.onMessage(T0));
        assertEquals(Verdict.CLOSE, g.onMessage(T0));
    }

    @Test
    void dropsAccumulateWhileTheClientNeverSlowsDown() {
        // 10/s with a burst of 2, a message every 40 ms (2.5 times the rate): some pass, each run of drops is notified,
        // and the third drop closes because the bucket never refilled in between.
        MessageRateGuard g = new MessageRateGuard(10, 2, 3, T0);
        long step = TimeUnit.MILLISECONDS.toNanos(40);
        List<Verdict> expected = List.of(
                Verdict.ACCEPT,
                Verdict.ACCEPT,
                Verdict.DROP_AND_NOTIFY,
                Verdict.ACCEPT,
                Verdict.DROP_AND_NOTIFY,
                Verdict.ACCEPT,
                Verdict.CLOSE);
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i), g.onMessage(T0 + i * step), "message " + i);
        }
    }

    @Test
    void slowingDownUntilTheBucketRefillsForgivesEarlierDrops() {
        MessageRateGuard g = new MessageRateGuard(10, 2, 3, T0);
        g.onMessage(T0);
        g.onMessage(T0);
        assertEquals(Verdict.DROP_AND_NOTIFY, g.onMessage(T0));
        assertEquals(Verdict.DROP, g.onMessage(T0));
        // Quiet for the whole burst's worth of time: the bucket is full, the two drops are forgotten.
        long later = T0 + SECOND;
        g.onMessage(later);
        g.onMessage(later);
        assertEquals(Verdict.DROP_AND_NOTIFY, g.onMessage(later));
        assertEquals(Verdict.DROP, g.onMessage(later));
        assertEquals(Verdict.CLOSE, g.onMessage(later));
    }

    @Test
    void unlimitedAcceptsEverything() {
        MessageRateGuard g = MessageRateGuard.unlimited();
        for (int i = 0; i < 10_000; i++) {
            assertEquals(Verdict.ACCEPT, g.onMessage(T0));
        }
    }
}
