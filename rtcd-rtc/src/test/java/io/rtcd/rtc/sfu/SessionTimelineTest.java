package io.rtcd.rtc.sfu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SessionTimelineTest {
    private static final long MS = 1_000_000L;
    private static final long JOINED = 5_000 * MS;

    @Test
    void everyStageInMsSinceTheJoin() {
        assertEquals(
                "offer=12ms ice=40ms dtls=85ms media_in=101ms media_out=130ms ended=5012ms",
                SessionTimeline.format(
                        JOINED,
                        JOINED + 12 * MS,
                        JOINED + 40 * MS + 999_999,
                        JOINED + 85 * MS,
                        JOINED + 101 * MS,
                        JOINED + 130 * MS,
                        JOINED + 5_012 * MS));
    }

    @Test
    void absentStagesSaySo() {
        assertEquals(
                "offer=20ms ice=never dtls=never media_in=never media_out=never ended=10020ms",
                SessionTimeline.format(JOINED, JOINED + 20 * MS, 0, 0, 0, 0, JOINED + 10_020 * MS));
        assertEquals(
                "offer=never ice=never dtls=never media_in=never media_out=never ended=10000ms",
                SessionTimeline.format(JOINED, 0, 0, 0, 0, 0, JOINED + 10_000 * MS));
    }

    @Test
    void aStageIsStampedOnceAndStagesFromOtherThreadsArePassedIn() {
        long joined = System.nanoTime();
        SessionTimeline t = new SessionTimeline(joined);
        t.offer(joined + 3 * MS);
        t.offer(joined + 900 * MS);
        t.mediaIn();
        String first = t.format(joined + 10 * MS, joined + 20 * MS, 0, joined + 1_000 * MS);
        assertTrue(first.startsWith("offer=3ms ice=10ms dtls=20ms media_in="), first);
        assertTrue(first.endsWith(" media_out=never ended=1000ms"), first);
        String mediaIn = first.substring(first.indexOf("media_in="), first.indexOf(" media_out"));
        t.mediaIn();
        String again = t.format(joined + 10 * MS, joined + 20 * MS, 0, joined + 1_000 * MS);
        assertTrue(again.contains(mediaIn + " "), "media_in keeps its first stamp: " + again);
    }

    @Test
    void aClockBeforeTheJoinNeverShowsNegative() {
        assertEquals(
                "offer=0ms ice=never dtls=never media_in=never media_out=never ended=1ms",
                SessionTimeline.format(JOINED, JOINED - 5, 0, 0, 0, 0, JOINED + MS));
    }
}
