package io.rtcd.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The load peers' receiver RTCP, byte for byte against RFC 3550 §6.4.2/§6.5, RFC 4585 §6.2.1 and REMB §2.2. */
class ReceiverRtcpTest {
    private static final long SELF = 0x7E000001L;
    private static final long AUDIO = 0x11111111L;
    private static final long VIDEO = 0x22222222L;
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    private final List<byte[]> sent = new ArrayList<>();
    private final ReceiverRtcp.Sink sink =
            p -> sent.add(Arrays.copyOfRange(p.getBuffer(), p.getOffset(), p.getOffset() + p.getLength()));

    private static byte[] rtp(int pt, int seq, long ts, long ssrc) {
        byte[] a = new byte[12 + 20];
        a[0] = (byte) 0x80;
        a[1] = (byte) pt;
        a[2] = (byte) (seq >>> 8);
        a[3] = (byte) seq;
        put32(a, 4, ts);
        put32(a, 8, ssrc);
        return a;
    }

    private static void put32(byte[] a, int off, long v) {
        a[off] = (byte) (v >>> 24);
        a[off + 1] = (byte) (v >>> 16);
        a[off + 2] = (byte) (v >>> 8);
        a[off + 3] = (byte) v;
    }

    private static int u16(byte[] a, int off) {
        return ((a[off] & 0xFF) << 8) | (a[off + 1] & 0xFF);
    }

    private static long u32(byte[] a, int off) {
        return ((long) u16(a, off) << 16) | u16(a, off + 2);
    }

    private void receive(ReceiverRtcp r, int pt, int seq, long ssrc, long now) {
        byte[] p = rtp(pt, seq, seq * 960L, ssrc);
        r.onRtp(p, 0, p.length, now);
    }

    @Test
    void audioOnlyReportIsRrWithOneBlockThenSdesCnameEveryTwoPointFiveToSevenPointFiveSeconds() {
        ReceiverRtcp r = new ReceiverRtcp(SELF, "sub-1", 4, 0, 42, sink);
        long t0 = TimeUnit.SECONDS.toNanos(1000);
        for (int i = 0; i < 10; i++) {
            receive(r, BenchSdp.OPUS_PT, 100 + i, AUDIO, t0 + i * 20 * MS);
        }
        receive(r, BenchSdp.OPUS_PT, 112, AUDIO, t0 + 240 * MS); // 110, 111 lost (audio: no NACK)
        r.tick(t0 + 2400 * MS);
        assertTrue(sent.isEmpty(), "no report before half the 5 s interval, no NACK for audio");
        long t = t0 + 2400 * MS;
        while (sent.isEmpty() && t < t0 + 8 * 1000 * MS) {
            t += 20 * MS;
            r.tick(t);
        }
        assertEquals(1, sent.size());
        assertTrue(t >= t0 + 2500 * MS && t <= t0 + 7520 * MS, "interval 5 s x [0.5, 1.5): " + (t - t0) / MS);
        byte[] p = sent.get(0);
        // RR: V=2, P=0, RC=1, PT=201, length 7 (32 bytes), sender SSRC (RFC 3550 §6.4.2)
        assertEquals(0x81, p[0] & 0xFF);
        assertEquals(201, p[1] & 0xFF);
        assertEquals(7, u16(p, 2));
        assertEquals(SELF, u32(p, 4));
        // report block: SSRC, fraction lost 2/13 in 8 bits, cumulative lost 2, extended highest 112, jitter, LSR 0
        assertEquals(AUDIO, u32(p, 8));
        assertEquals((2 << 8) / 13, p[12] & 0xFF);
        assertEquals(2, u32(p, 12) & 0xFFFFFF);
        assertEquals(112, u32(p, 16));
        assertEquals(0, u32(p, 24));
        assertEquals(0, u32(p, 28));
        // SDES: V=2, SC=1, PT=202, chunk SSRC, CNAME item (type 1, length 5, "sub-1"), null-terminated, padded to 32
        // bits
        int s = 32;
        assertEquals(0x81, p[s] & 0xFF);
        assertEquals(202, p[s + 1] & 0xFF);
        assertEquals((p.length - s) / 4 - 1, u16(p, s + 2));
        assertEquals(SELF, u32(p, s + 4));
        assertEquals(1, p[s + 8]);
        assertEquals(5, p[s + 9]);
        assertEquals("sub-1", new String(p, s + 10, 5, java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(0, p[s + 15]);
        assertEquals(0, p.length % 4);
        assertEquals(1, r.reports());
        assertEquals(0, r.nackPackets());
        assertEquals(0, r.rembs());
    }

    @Test
    void videoGapIsNackedAtOnceWithPidAndBlpAndRetriedEveryHundredMilliseconds() {
        ReceiverRtcp r = new ReceiverRtcp(SELF, "sub-2", 4, 0, 7, sink);
        long t0 = TimeUnit.SECONDS.toNanos(2000);
        receive(r, BenchSdp.VP8_PT, 1000, VIDEO, t0);
        receive(r, BenchSdp.VP8_PT, 1001, VIDEO, t0 + MS);
        assertTrue(sent.isEmpty(), "no gap, no NACK");
        receive(r, BenchSdp.VP8_PT, 1005, VIDEO, t0 + 2 * MS); // 1002, 1003, 1004 lost
        assertEquals(1, sent.size());
        byte[] p = sent.get(0);
        // empty RR first (compound rule, RFC 3550 §6.1)
        assertEquals(0x80, p[0] & 0xFF);
        assertEquals(201, p[1] & 0xFF);
        assertEquals(1, u16(p, 2));
        // Generic NACK: V=2, FMT=1, PT=205 (RTPFB), length 3, sender SSRC, media SSRC, PID 1002, BLP bits 0 and 1
        assertEquals(0x81, p[8] & 0xFF);
        assertEquals(205, p[9] & 0xFF);
        assertEquals(3, u16(p, 10));
        assertEquals(SELF, u32(p, 12));
        assertEquals(VIDEO, u32(p, 16));
        assertEquals(1002, u16(p, 20));
        assertEquals(0b11, u16(p, 22));
        assertEquals(24, p.length);
        assertEquals(3, r.pendingNacks());

        r.tick(t0 + 50 * MS);
        assertEquals(1, sent.size(), "not again within 100 ms");
        receive(r, BenchSdp.VP8_PT, 1003, VIDEO, t0 + 60 * MS); // a retransmission arrives
        assertEquals(2, r.pendingNacks());
        r.tick(t0 + 110 * MS);
        assertEquals(2, sent.size());
        p = sent.get(1);
        assertEquals(1002, u16(p, 20));
        assertEquals(0b10, u16(p, 22), "1004 is PID + 2");
        // bounded: at most NACK_RETRIES times each, then given up
        for (int i = 2; i <= ReceiverRtcp.NACK_RETRIES + 3; i++) {
            r.tick(t0 + i * 110 * MS);
        }
        assertEquals(ReceiverRtcp.NACK_RETRIES, r.nackPackets());
        assertEquals(0, r.pendingNacks());
        assertEquals(2 * ReceiverRtcp.NACK_RETRIES + 1, r.nackedNumbers());
    }

    @Test
    void noNackWithoutGapsAndReorderedPacketsAreNotNacked() {
        ReceiverRtcp r = new ReceiverRtcp(SELF, "sub-3", 4, 0, 9, sink);
        long t0 = TimeUnit.SECONDS.toNanos(3000);
        for (int i = 0; i < 70_000; i++) {
            receive(r, BenchSdp.VP8_PT, (65_000 + i) & 0xFFFF, VIDEO, t0 + i * 100_000L); // wraps at 65536
        }
        assertEquals(0, r.nackPackets());
        receive(r, BenchSdp.VP8_PT, (65_000 + 69_998) & 0xFFFF, VIDEO, t0 + 7001 * MS); // old duplicate
        assertEquals(0, r.nackPackets());
        assertEquals(0, r.pendingNacks());
    }

    @Test
    void videoReportCarriesRembOfTheVideoSsrcsEverySecondOrSo() {
        ReceiverRtcp r = new ReceiverRtcp(SELF, "sub-4", 4, 0, 11, sink);
        long t0 = TimeUnit.SECONDS.toNanos(4000);
        receive(r, BenchSdp.OPUS_PT, 1, AUDIO, t0);
        int seq = 0;
        long t = t0;
        while (sent.isEmpty() && t < t0 + 2000 * MS) {
            receive(r, BenchSdp.VP8_PT, seq++, VIDEO, t);
            t += MS;
            r.tick(t);
        }
        assertEquals(1, sent.size());
        assertTrue(t - t0 >= 500 * MS && t - t0 <= 1501 * MS, "1 s x [0.5, 1.5) with video: " + (t - t0) / MS);
        byte[] p = sent.get(0);
        assertEquals(0x82, p[0] & 0xFF, "two report blocks");
        int sdes = 8 + 2 * 24;
        assertEquals(202, p[sdes + 1] & 0xFF);
        int remb = sdes + (u16(p, sdes + 2) + 1) * 4;
        // REMB: V=2, FMT=15, PT=206, media SSRC 0, "REMB", 1 SSRC, exp/mantissa, the video SSRC
        assertEquals(0x8F, p[remb] & 0xFF);
        assertEquals(206, p[remb + 1] & 0xFF);
        assertEquals(5, u16(p, remb + 2));
        assertEquals(SELF, u32(p, remb + 4));
        assertEquals(0, u32(p, remb + 8));
        assertEquals("REMB", new String(p, remb + 12, 4, java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(1, p[remb + 16]);
        int exp = (p[remb + 17] & 0xFF) >>> 2;
        long mantissa = ((p[remb + 17] & 0x03L) << 16) | u16(p, remb + 18);
        long bps = mantissa << exp;
        // 32-byte packets at 1000/s: 256 kbit/s measured, reported 1/12 above
        assertTrue(bps > 256_000 && bps < 300_000, "REMB " + bps);
        assertEquals(VIDEO, u32(p, remb + 20));
        assertEquals(p.length, remb + 24);
        assertEquals(1, r.rembs());
    }

    @Test
    void senderReportGivesLsrAndDlsr() {
        ReceiverRtcp r = new ReceiverRtcp(SELF, "sub-5", 4, 1000 * MS, 13, sink);
        long t0 = TimeUnit.SECONDS.toNanos(5000);
        receive(r, BenchSdp.OPUS_PT, 1, AUDIO, t0);
        byte[] sr = new byte[28];
        sr[0] = (byte) 0x80;
        sr[1] = (byte) 200;
        sr[3] = 6;
        put32(sr, 4, AUDIO);
        put32(sr, 8, 0xAABBCCDDL);
        put32(sr, 12, 0xEEFF0011L);
        r.onRtcp(sr, 0, sr.length, t0 + 10 * MS);
        r.sendReport(t0 + 510 * MS);
        byte[] p = sent.get(0);
        assertEquals(0xCCDDEEFFL, u32(p, 8 + 16), "LSR: the middle 32 bits of the SR's NTP timestamp");
        assertEquals(65536 / 2, u32(p, 8 + 20), "DLSR: 0.5 s in 1/65536 s");
    }

    @Test
    void aBurstLongerThanTheListKeepsTheNewestNumbers() {
        ReceiverRtcp r = new ReceiverRtcp(SELF, "sub-6", 4, 0, 17, sink);
        long t0 = TimeUnit.SECONDS.toNanos(6000);
        receive(r, BenchSdp.VP8_PT, 0, VIDEO, t0);
        receive(r, BenchSdp.VP8_PT, 2000, VIDEO, t0 + MS); // 1 .. 1999 lost
        assertEquals(ReceiverRtcp.NACK_LIST, r.pendingNacks());
        byte[] p = sent.get(0);
        assertEquals((ReceiverRtcp.NACK_LIST + 16) / 17, u16(p, 10) - 2, "17 numbers per FCI entry");
        assertEquals(2000 - ReceiverRtcp.NACK_LIST, u16(p, 20), "the oldest kept number first");
        assertEquals(0xFFFF, u16(p, 22));
    }

    @Test
    void onePacketCarriesAtMostTheFciCapAndTheRestFollowsAtTheNextTick() {
        ReceiverRtcp r = new ReceiverRtcp(SELF, "sub-7", 4, 0, 19, sink);
        long t0 = TimeUnit.SECONDS.toNanos(7000);
        for (int seq = 0; seq <= 2000; seq++) {
            if (seq % 20 != 10) {
                receive(r, BenchSdp.VP8_PT, seq, VIDEO, t0); // 10, 30, ... 1990 lost: 100 gaps, each NACKed at once
            }
        }
        assertEquals(100, r.nackPackets());
        assertEquals(100, r.pendingNacks());
        r.tick(t0 + 100 * MS);
        assertEquals(101, r.nackPackets());
        byte[] p = sent.get(sent.size() - 1);
        assertEquals(ReceiverRtcp.NACK_MAX_FCI, u16(p, 10) - 2, "one FCI entry per number 20 apart, capped");
        assertEquals(10, u16(p, 20));
        assertEquals(0, u16(p, 22));
        assertEquals(30, u16(p, 24));
        r.tick(t0 + 120 * MS);
        assertEquals(102, r.nackPackets(), "the next numbers 20 ms later");
        assertEquals(10 + 20 * ReceiverRtcp.NACK_MAX_FCI, u16(sent.get(sent.size() - 1), 20));
        assertEquals(100 + 2 * ReceiverRtcp.NACK_MAX_FCI, r.nackedNumbers());
    }
}
