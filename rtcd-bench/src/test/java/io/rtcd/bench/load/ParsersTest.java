package io.rtcd.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The /proc, GC log and Prometheus parsers on captured text. */
class ParsersTest {
    @Test
    void statTicksSkipsACommandWithSpacesAndParentheses() {
        String stat = "4242 (GC Thread#0) (x) S 1 2 3 4 5 6 7 8 9 10 1234 56 0 0 20 0 1 0 100 2000 30";
        assertEquals(1234 + 56, ProcStats.statTicks(stat));
        assertEquals("GC Thread#0) (x", ProcStats.statName(stat));
    }

    @Test
    void threadNamesFoldIntoGroups() {
        assertEquals("rtcd-rtc-worker", ProcStats.group("rtcd-rtc-worker-3"));
        assertEquals("GC Thread", ProcStats.group("GC Thread#1"));
        assertEquals("rtcd-udp-rx", ProcStats.group("rtcd-udp-rx"));
        assertEquals("qtp", ProcStats.group("qtp1234567-45"));
        assertEquals("123", ProcStats.group("123"));
    }

    @Test
    void vmRssInBytes() {
        assertEquals(
                2048L * 1024, ProcStats.vmRss(List.of("Name:\tjava", "VmPeak:\t  9999 kB", "VmRSS:\t    2048 kB")));
        assertEquals(-1, ProcStats.vmRss(List.of("Name:\tjava")));
    }

    @Test
    void snmpUdpCountersAndDeltas() {
        List<String> snmp = List.of(
                "Ip: Forwarding DefaultTTL",
                "Ip: 1 64",
                "Udp: InDatagrams NoPorts InErrors OutDatagrams RcvbufErrors SndbufErrors",
                "Udp: 100 2 3 90 1 0",
                "UdpLite: InDatagrams NoPorts",
                "UdpLite: 0 0");
        Map<String, Long> udp = ProcStats.snmp(snmp, "Udp:");
        assertEquals(100L, udp.get("InDatagrams"));
        assertEquals(1L, udp.get("RcvbufErrors"));
        Map<String, Long> later = Map.of("InDatagrams", 150L, "RcvbufErrors", 4L);
        assertEquals(Map.of("InDatagrams", 50L, "RcvbufErrors", 3L), ProcStats.delta(udp, later));
    }

    @Test
    void gcLogPausesMaxTotalAndHeapAfter() {
        GcLog.Pauses p = GcLog.parse(List.of(
                "[1.001s][info][gc] Using G1",
                "[2.500s][info][gc] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 24M->5M(256M) 3.456ms",
                "[3.000s][info][gc] GC(1) Concurrent Mark Cycle 40.000ms",
                "[3.100s][info][gc] GC(1) Pause Remark 30M->30M(256M) 1.250ms",
                "[4.000s][info][gc] GC(2) Pause Full (System.gc()) 31M->12M(64M) 20.000ms"));
        assertEquals(3, p.count());
        assertEquals(24.706, p.totalMillis(), 1e-9);
        assertEquals(20.0, p.maxMillis(), 1e-9);
        assertEquals(12, p.lastHeapAfterMiB());
        assertTrue(p.longest().get(0).contains("Pause Full"));
        assertEquals(0, GcLog.parse(List.of()).count());
    }

    @Test
    void prometheusForwardedAndDropsByReason() {
        Map<String, Double> m = ServerMetrics.parse("# HELP rtcd_rtc_forwarded_packets RTP packets\n"
                + "# TYPE rtcd_rtc_forwarded_packets counter\n"
                + "rtcd_rtc_forwarded_packets_total 12345.0\n"
                + "rtcd_rtc_dropped_packets_total{reason=\"inbound_queue_full\"} 7.0\n"
                + "rtcd_rtc_dropped_packets_total{reason=\"muted\"} 0.0\n"
                + "garbage\n");
        assertEquals(12345, ServerMetrics.forwarded(m));
        assertEquals(Map.of("inbound_queue_full", 7L, "muted", 0L), ServerMetrics.drops(m));
    }

    @Test
    void stampRoundTripsAtTheEndOfThePayload() {
        byte[] p = new byte[100];
        StreamStamp.write(p, 90, StreamStamp.VIDEO, 513, 123456, -42L);
        assertTrue(StreamStamp.valid(p, 90));
        assertEquals(StreamStamp.VIDEO, StreamStamp.kind(p, 90));
        assertEquals(513, StreamStamp.publisher(p, 90));
        assertEquals(123456, StreamStamp.counter(p, 90));
        assertEquals(-42L, StreamStamp.sentNanos(p, 90));
        assertTrue(!StreamStamp.valid(p, 100));
    }

    @Test
    void sharedLatencyPercentilesAreBucketUpperBounds() {
        SharedLatency h = new SharedLatency();
        assertEquals(-1, h.percentileMicros(0.5));
        for (int i = 0; i < 98; i++) {
            h.record(15_000); // 15 µs -> bucket [10, 20) µs
        }
        h.record(250_000_000L); // 250 ms -> coarse bucket
        h.record(20_000_000_000L); // 20 s -> coarse bucket
        h.record(90_000_000_000L); // 90 s -> overflow
        assertEquals(101, h.count());
        assertEquals(20, h.percentileMicros(0.5));
        assertEquals(251_000, h.percentileMicros(0.98));
        assertEquals(20_001_000, h.percentileMicros(0.99));
        assertEquals(90_000_000, h.percentileMicros(1.0));
        assertEquals(90_000_000, h.maxMicros());
    }

    @Test
    void cospaceEventsAreRecognisedWithoutParsing() {
        assertTrue(RealtimeSignal.isCospaceEvent("{\"event\":\"participant.joined\",\"channels\":[]}"));
        assertFalse(RealtimeSignal.isCospaceEvent("{\"type\":\"answer\",\"sdp\":\"v=0\"}"));
        assertFalse(RealtimeSignal.isCospaceEvent("{\"event\":"));
        assertFalse(RealtimeSignal.isCospaceEvent(""));
    }
}
