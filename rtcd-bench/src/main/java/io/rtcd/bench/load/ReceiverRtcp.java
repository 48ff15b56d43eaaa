package io.rtcd.bench.load;

import io.rtcd.rtc.rtp.PacketBuffer;
import io.rtcd.rtc.rtp.RtcpHeader;
import io.rtcd.rtc.rtp.RtcpWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The RTCP a receiving browser sends for the streams it gets, modelled on Chromium's receiver (docs/performance.md
 * "Realistic receivers"): compound receiver reports (RFC 3550 §6.4.2, one report block per received SSRC, then SDES
 * CNAME, §6.1), Generic NACKs (RFC 4585 §6.2.1) for gaps in a video stream, and REMB
 * (draft-alvestrand-rmcat-remb-03) in each report while video arrives.
 *
 * <ul>
 *   <li>Report interval: Chromium's fixed minima instead of RFC 3550 §6.3's bandwidth share, 5 s while only audio
 *       arrives and 1 s once video does, each interval randomised to [0.5, 1.5] times (§6.3.5's spread), or a fixed
 *       {@code intervalNanos} before randomisation.
 *   <li>NACK: a gap in a video stream's sequence numbers is NACKed at once; each missing number is asked again every
 *       {@link #NACK_RETRY_NANOS} (Chromium's default RTT) up to {@link #NACK_RETRIES} times, dropped when it arrives
 *       or falls {@link #NACK_MAX_AGE} numbers behind. The list holds at most {@link #NACK_LIST} numbers (a longer
 *       burst drops the oldest), one NACK packet carries at most {@link #NACK_MAX_FCI} entries: what one receiver asks
 *       is bounded whatever the loss. Audio is never NACKed (Opus is offered without {@code nack}).
 *   <li>Statistics per source as RFC 3550 A.1 (sequence validation simplified), A.3 (loss) and A.8 (jitter); LSR
 *       and DLSR from the last SR of that SSRC.
 * </ul>
 *
 * <p>Transport-cc feedback is not sent: rtcd does not offer {@code transport-cc} on the media it forwards, so a
 * browser receiver sends none (and uses REMB, as here).
 *
 * <p>Not thread-safe: one instance per peer, used by that peer's receiver thread only. Allocates nothing per packet:
 * sources and the NACK list are fixed arrays, packets are written into one reused buffer and handed to the sink.
 */
final class ReceiverRtcp {
    /** Where finished plain compound packets go (the peer protects them with SRTCP and sends them). */
    interface Sink {
        /** Protects and sends {@code p}; may change {@code p}'s content. */
        void send(PacketBuffer p);
    }

    static final long AUDIO_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(5);
    static final long VIDEO_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    static final long NACK_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    static final int NACK_RETRIES = 10;
    static final int NACK_LIST = 256;
    static final int NACK_MAX_AGE = 10_000;
    static final int NACK_MAX_FCI = 32;
    static final int VIDEO_PT = BenchSdp.VP8_PT;
    static final int AUDIO_PT = BenchSdp.OPUS_PT;
    private static final int MAX_DROPOUT = 3000;
    private static final int MAX_MISORDER = 100;
    private static final int MAX_BLOCKS = 31;
    private static final long MIN_REMB_BPS = 30_000;

    private final long ssrc;
    private final byte[] cname;
    private final long fixedIntervalNanos;
    private final Sink sink;
    private final PacketBuffer out = PacketBuffer.copyOf(new byte[1200], 0, 1200);
    private final Source[] sources;
    private int sourceCount;
    private final long[] rembSsrcs;
    private long nextReport;
    private long lastReport;
    private long random;

    // The NACK list: parallel arrays, ordered by insertion.
    private final int[] nackSeq = new int[NACK_LIST];
    private final int[] nackSource = new int[NACK_LIST];
    private final int[] nackTries = new int[NACK_LIST];
    private final long[] nackSent = new long[NACK_LIST];
    private int nackCount;

    private long reports;
    private long nackPackets;
    private long nackedNumbers;
    private long rembs;

    /**
     * @param ssrc this receiver's own SSRC (the RR's sender SSRC)
     * @param cname its CNAME
     * @param maxSources most SSRCs it reports on
     * @param intervalNanos report interval before randomisation, or 0 for Chromium's (5 s audio, 1 s with video)
     * @param seed randomisation seed (tests fix it)
     */
    ReceiverRtcp(long ssrc, String cname, int maxSources, long intervalNanos, long seed, Sink sink) {
        if (maxSources < 1 || maxSources > MAX_BLOCKS) {
            throw new IllegalArgumentException("maxSources must be in [1, 31], got " + maxSources);
        }
        this.ssrc = ssrc & 0xFFFFFFFFL;
        this.cname = cname.getBytes(StandardCharsets.US_ASCII);
        this.fixedIntervalNanos = intervalNanos;
        this.sink = sink;
        this.sources = new Source[maxSources];
        this.rembSsrcs = new long[maxSources];
        this.random = seed == 0 ? 0x9E3779B97F4A7C15L : seed;
        out.setLength(0);
    }

    /** Per received SSRC: RFC 3550 A.1/A.3/A.8 state. */
    static final class Source {
        final long ssrc;
        final boolean video;
        final int clockRate;
        int baseSeq;
        int maxSeq;
        long cycles;
        long received;
        long expectedPrior;
        long receivedPrior;
        long lastTransit;
        long jitter16;
        long lastSrMiddle;
        long lastSrNanos;
        long bytesSinceReport;

        Source(long ssrc, boolean video, int seq) {
            this.ssrc = ssrc;
            this.video = video;
            this.clockRate = video ? 90_000 : 48_000;
            this.baseSeq = seq;
            this.maxSeq = seq;
        }

        long extendedMax() {
            return cycles + maxSeq;
        }

        long expected() {
            return extendedMax() - baseSeq + 1;
        }
    }

    /** A decrypted RTP packet {@code a[off, off + len)} that arrived at {@code now}. */
    void onRtp(byte[] a, int off, int len, long now) {
        if (len < 12) {
            return;
        }
        long s = u32(a, off + 8);
        int seq = ((a[off + 2] & 0xFF) << 8) | (a[off + 3] & 0xFF);
        int pt = a[off + 1] & 0x7F;
        Source src = source(s, pt == VIDEO_PT, seq, now);
        if (src == null) {
            return;
        }
        src.received++;
        src.bytesSinceReport += len;
        int delta = (seq - src.maxSeq) & 0xFFFF;
        if (delta != 0 && delta < MAX_DROPOUT) {
            if (seq < src.maxSeq) {
                src.cycles += 65536;
            }
            int first = src.maxSeq + 1;
            src.maxSeq = seq;
            if (src.video && delta > 1) {
                gap(src, first, delta - 1, now);
            }
        } else if (delta != 0 && delta <= 65536 - MAX_MISORDER) {
            // A jump: the source restarted its numbering (RFC 3550 A.1); start over, forget what was missing.
            src.baseSeq = seq;
            src.maxSeq = seq;
            src.cycles = 0;
            src.received = 1;
            src.expectedPrior = 0;
            src.receivedPrior = 0;
            dropNacks(src);
        } else if (delta != 0 && src.video) {
            arrived(src, seq);
        }
        // A.8: transit in the stream's clock units; the RTP timestamp is at offset 4.
        long arrival = (now / 1000) * src.clockRate / 1_000_000L;
        long transit = arrival - u32(a, off + 4);
        if (src.received > 1) {
            long d = Math.abs(transit - src.lastTransit);
            src.jitter16 += d - ((src.jitter16 + 8) >> 4);
        }
        src.lastTransit = transit;
    }

    /** A decrypted RTCP compound packet from the SFU: remembers each SR for LSR/DLSR (RFC 3550 §6.4.1). */
    void onRtcp(byte[] a, int off, int len, long now) {
        int end = off + len;
        int p = off;
        while (p + 8 <= end) {
            int n = RtcpHeader.packetLength(a, p);
            if (n < 8 || p + n > end) {
                return;
            }
            if (RtcpHeader.packetType(a, p) == RtcpHeader.SR && n >= 28) {
                long s = u32(a, p + 4);
                for (int i = 0; i < sourceCount; i++) {
                    if (sources[i].ssrc == s) {
                        sources[i].lastSrMiddle = u32(a, p + 10);
                        sources[i].lastSrNanos = now;
                        break;
                    }
                }
            }
            p += n;
        }
    }

    /** Sends what is due at {@code now}: a receiver report, NACK retries. Call every ~20 ms. */
    void tick(long now) {
        if (sourceCount > 0 && now - nextReport >= 0) {
            sendReport(now);
        }
        if (nackCount > 0) {
            sendNacks(now);
        }
    }

    private Source source(long s, boolean video, int seq, long now) {
        for (int i = 0; i < sourceCount; i++) {
            if (sources[i].ssrc == s) {
                return sources[i];
            }
        }
        if (sourceCount == sources.length) {
            return null;
        }
        Source src = new Source(s, video, seq); // once per SSRC
        sources[sourceCount++] = src;
        if (sourceCount == 1) {
            lastReport = now;
            nextReport = now + interval();
        } else if (video && fixedIntervalNanos == 0 && nextReport - now > VIDEO_INTERVAL_NANOS) {
            nextReport = now + interval();
        }
        return src;
    }

    /** The next interval: the fixed or Chromium's one, times a uniform factor in [0.5, 1.5) (RFC 3550 §6.3.5). */
    private long interval() {
        long base = fixedIntervalNanos;
        if (base == 0) {
            base = AUDIO_INTERVAL_NANOS;
            for (int i = 0; i < sourceCount; i++) {
                if (sources[i].video) {
                    base = VIDEO_INTERVAL_NANOS;
                    break;
                }
            }
        }
        random ^= random << 13;
        random ^= random >>> 7;
        random ^= random << 17;
        double factor = 0.5 + (random >>> 11) * 0x1.0p-53;
        return (long) (base * factor);
    }

    /** RR with a block per source, SDES CNAME, and REMB when video arrives. */
    void sendReport(long now) {
        out.setLength(0);
        int rr = RtcpWriter.writeRr(out, ssrc);
        long videoBytes = 0;
        int videoSources = 0;
        for (int i = 0; i < sourceCount; i++) {
            Source s = sources[i];
            long expected = s.expected();
            long lost = Math.max(-0x800000L, Math.min(0x7FFFFFL, expected - s.received));
            long expectedInterval = expected - s.expectedPrior;
            long receivedInterval = s.received - s.receivedPrior;
            s.expectedPrior = expected;
            s.receivedPrior = s.received;
            long lostInterval = expectedInterval - receivedInterval;
            int fraction =
                    expectedInterval == 0 || lostInterval <= 0 ? 0 : (int) ((lostInterval << 8) / expectedInterval);
            long dlsr = s.lastSrNanos == 0 ? 0 : ((now - s.lastSrNanos) << 16) / 1_000_000_000L;
            RtcpWriter.appendReportBlock(
                    out,
                    rr,
                    s.ssrc,
                    Math.min(255, fraction),
                    (int) lost & 0xFFFFFF,
                    s.extendedMax() & 0xFFFFFFFFL,
                    s.jitter16 >> 4,
                    s.lastSrMiddle,
                    dlsr & 0xFFFFFFFFL);
            if (s.video) {
                videoBytes += s.bytesSinceReport;
                rembSsrcs[videoSources++] = s.ssrc;
            }
            s.bytesSinceReport = 0;
        }
        RtcpWriter.writeSdesCname(out, ssrc, cname);
        if (videoSources > 0) {
            long elapsed = Math.max(1, now - lastReport);
            long bps = videoBytes * 8 * 1_000_000_000L / elapsed;
            // A receive-side estimate a little above what arrives, as an estimator in its increase phase reports.
            RtcpWriter.writeRemb(out, ssrc, Math.max(MIN_REMB_BPS, bps + bps / 12), rembSsrcs, videoSources);
            rembs++;
        }
        reports++;
        lastReport = now;
        nextReport = now + interval();
        sink.send(out);
    }

    private void gap(Source src, int first, int count, long now) {
        int srcIndex = indexOf(src);
        int n = Math.min(count, NACK_LIST);
        for (int i = count - n; i < count; i++) {
            if (nackCount == NACK_LIST) {
                removeNack(0);
            }
            nackSeq[nackCount] = (first + i) & 0xFFFF;
            nackSource[nackCount] = srcIndex;
            nackTries[nackCount] = 0;
            nackSent[nackCount] = now - NACK_RETRY_NANOS;
            nackCount++;
        }
        sendNacks(now);
    }

    private void arrived(Source src, int seq) {
        int srcIndex = indexOf(src);
        for (int i = 0; i < nackCount; i++) {
            if (nackSource[i] == srcIndex && nackSeq[i] == seq) {
                removeNack(i);
                return;
            }
        }
    }

    private void dropNacks(Source src) {
        int srcIndex = indexOf(src);
        for (int i = nackCount - 1; i >= 0; i--) {
            if (nackSource[i] == srcIndex) {
                removeNack(i);
            }
        }
    }

    private void removeNack(int i) {
        int tail = nackCount - i - 1;
        System.arraycopy(nackSeq, i + 1, nackSeq, i, tail);
        System.arraycopy(nackSource, i + 1, nackSource, i, tail);
        System.arraycopy(nackTries, i + 1, nackTries, i, tail);
        System.arraycopy(nackSent, i + 1, nackSent, i, tail);
        nackCount--;
    }

    private int indexOf(Source src) {
        for (int i = 0; i < sourceCount; i++) {
            if (sources[i] == src) {
                return i;
            }
        }
        throw new IllegalStateException("unknown source");
    }

    /**
     * One compound packet per source with due numbers: an empty RR (RFC 3550 §6.1: a compound packet starts with a
     * report) and a NACK whose FCI entries (PID + BLP bitmask of the next 16) cover the due numbers, oldest first.
     */
    private void sendNacks(long now) {
        // Expire: asked often enough, or too old behind the newest number of its source.
        for (int i = nackCount - 1; i >= 0; i--) {
            Source s = sources[nackSource[i]];
            int age = (s.maxSeq - nackSeq[i]) & 0xFFFF;
            if (nackTries[i] >= NACK_RETRIES || age > NACK_MAX_AGE) {
                removeNack(i);
            }
        }
        for (int si = 0; si < sourceCount; si++) {
            out.setLength(0);
            RtcpWriter.writeRr(out, ssrc);
            out.grow(12 + 4 * NACK_MAX_FCI);
            int at = out.getOffset() + out.getLength();
            int fci = 0;
            int pid = -1;
            int blp = 0;
            for (int i = 0; i < nackCount; i++) {
                if (nackSource[i] != si || now - nackSent[i] < NACK_RETRY_NANOS) {
                    continue;
                }
                int seq = nackSeq[i];
                int d = (seq - pid) & 0xFFFF;
                if (pid >= 0 && d >= 1 && d <= 16) {
                    blp |= 1 << (d - 1);
                } else {
                    if (pid >= 0) {
                        putFci(at, fci++, pid, blp);
                        if (fci == NACK_MAX_FCI) {
                            pid = -1;
                            break; // the rest is still due at the next tick
                        }
                    }
                    pid = seq;
                    blp = 0;
                }
                nackTries[i]++;
                nackSent[i] = now;
                nackedNumbers++;
            }
            if (pid >= 0) {
                putFci(at, fci++, pid, blp);
            }
            if (fci == 0) {
                continue;
            }
            int length = 12 + 4 * fci;
            byte[] b = out.getBuffer();
            b[at] = (byte) 0x81; // V=2, P=0, FMT=1 (Generic NACK)
            b[at + 1] = (byte) RtcpHeader.RTPFB;
            b[at + 2] = (byte) ((length / 4 - 1) >>> 8);
            b[at + 3] = (byte) (length / 4 - 1);
            put32(b, at + 4, ssrc);
            put32(b, at + 8, sources[si].ssrc);
            out.setLength(out.getLength() + length);
            nackPackets++;
            sink.send(out);
        }
    }

    private void putFci(int at, int index, int pid, int blp) {
        byte[] b = out.getBuffer();
        int p = at + 12 + 4 * index;
        b[p] = (byte) (pid >>> 8);
        b[p + 1] = (byte) pid;
        b[p + 2] = (byte) (blp >>> 8);
        b[p + 3] = (byte) blp;
    }

    long reports() {
        return reports;
    }

    long nackPackets() {
        return nackPackets;
    }

    /** Sequence numbers asked in NACKs, retries included. */
    long nackedNumbers() {
        return nackedNumbers;
    }

    long rembs() {
        return rembs;
    }

    /** Numbers waiting in the NACK list. */
    int pendingNacks() {
        return nackCount;
    }

    private static long u32(byte[] a, int off) {
        return ((long) (a[off] & 0xFF) << 24)
                | ((a[off + 1] & 0xFF) << 16)
                | ((a[off + 2] & 0xFF) << 8)
                | (a[off + 3] & 0xFF);
    }

    private static void put32(byte[] b, int off, long v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }
}
