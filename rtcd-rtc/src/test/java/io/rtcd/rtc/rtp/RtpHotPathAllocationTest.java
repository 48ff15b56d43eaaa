package io.rtcd.rtc.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** Proves the per-packet RTP/RTCP paths allocate nothing, with HotSpot's per-thread counter. */
class RtpHotPathAllocationTest {
    private static final int ITERATIONS = 100_000;
    /** Slack for the measurement itself (the MXBean call, a possible JIT-related blip); 100k packets × even 16 B is 1.6 MB. */
    private static final long BOUND_BYTES = 64 * 1024;

    private final byte[] rtp = Hex.bytes(RtpHeaderTest.OPUS);
    private final byte[] video = Hex.bytes(RtpHeaderTest.VIDEO);
    private final byte[] rtcp = Hex.bytes(RtcpTest.SR_SDES + RtcpTest.NACK.replace(" ", ""));
    private final HeaderExtensionCursor cursor = new HeaderExtensionCursor();
    private final RtcpCompoundIterator iterator = new RtcpCompoundIterator();
    private final RtpStreamRewriter rewriter =
            new RtpStreamRewriter(0xCAFEL, new SequenceRewriter(), new TimestampRewriter(48_000, 960));
    private final int[] map = new int[256];
    private final int[] lost = new int[17];
    private final TransportCcFeedbackWriter twccWriter = new TransportCcFeedbackWriter();
    private final long[] arrivals = new long[64];
    private final long[] decoded = new long[64];
    private final PacketBuffer feedback = PacketBuffer.copyOf(new byte[0], 0, 0);
    private long sink;

    private void onePacket(int i) {
        arrivals[i & 63] = (i & 7) == 3 ? TransportCcFeedback.NOT_RECEIVED : i * 1_000L;
        if ((i & 63) == 63) {
            feedback.setLength(0);
            twccWriter.write(feedback, 1, 2, i & 0xFFFF, arrivals, 63, i);
            sink += TransportCcFeedback.read(feedback.getBuffer(), feedback.getOffset(), feedback.getLength(), decoded);
        }
        if (PacketClassifier.classify(rtp, 0, rtp.length) == PacketKind.RTP
                && RtpHeader.validate(rtp, 0, rtp.length) == DropReason.NONE) {
            sink += RtpHeader.sequence(rtp, 0) + RtpHeader.timestamp(rtp, 0) + RtpHeader.ssrc(rtp, 0);
            sink += RtpHeader.payloadOffset(rtp, 0) + RtpHeader.payloadLength(rtp, 0, rtp.length);
            sink += AudioLevel.read(rtp, 0, 1);
            RtpHeader.setSsrc(rtp, 0, 0x11223344L + (i & 1));
            rewriter.rewrite(rtp, 0, i * 20_000_000L);
            HeaderExtensions.remapIds(rtp, 0, map);
        }
        if (RtpHeader.validate(video, 0, video.length) == DropReason.NONE && cursor.reset(video, 0)) {
            while (cursor.next()) {
                sink += cursor.id() + cursor.dataLength();
            }
            RtpHeader.setPayloadType(video, 0, 96);
        }
        if (RtcpValidator.validateCompound(rtcp, 0, rtcp.length, false) == DropReason.NONE) {
            iterator.reset(rtcp, 0, rtcp.length);
            while (iterator.next()) {
                if (RtcpFeedback.isNack(rtcp, iterator.packetOffset())) {
                    sink += Nack.lostSequences(rtcp, iterator.packetOffset(), lost);
                }
            }
        }
    }

    @Test
    void parseAndRewriteDoNotAllocate() {
        java.lang.management.ThreadMXBean plain = ManagementFactory.getThreadMXBean();
        assumeTrue(plain instanceof com.sun.management.ThreadMXBean, "HotSpot allocation counter not available");
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) plain;
        assumeTrue(mx.isThreadAllocatedMemorySupported() && mx.isThreadAllocatedMemoryEnabled());
        map[1] = 1;
        for (int i = 0; i < ITERATIONS; i++) {
            onePacket(i);
        }
        long tid = Thread.currentThread().threadId();
        long before = mx.getThreadAllocatedBytes(tid);
        for (int i = 0; i < ITERATIONS; i++) {
            onePacket(i);
        }
        long allocated = mx.getThreadAllocatedBytes(tid) - before;
        assertTrue(sink != 0);
        assertEquals(DropReason.NONE, RtpHeader.validate(rtp, 0, rtp.length));
        assertTrue(allocated < BOUND_BYTES, "allocated " + allocated + " bytes over " + ITERATIONS + " packets");
    }
}
