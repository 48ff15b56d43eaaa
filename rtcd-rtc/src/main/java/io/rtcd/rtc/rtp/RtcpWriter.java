package io.rtcd.rtc.rtp;

/**
 * Builds RTCP packets directly into a {@link PacketBuffer}, appending after its current content so a compound
 * packet is written by successive calls (RFC 3550 §6.1: SR or RR first, then SDES with CNAME, then feedback). No
 * intermediate allocation: the buffer only reallocates if its tailroom is too small ({@link PacketBuffer#grow}).
 * Every method returns the absolute offset of the packet it wrote in {@code getBuffer()}.
 */
public final class RtcpWriter {
    private RtcpWriter() {}

    private static int reserve(PacketBuffer p, int n) {
        p.grow(n);
        int at = p.getOffset() + p.getLength();
        p.setLength(p.getLength() + n);
        return at;
    }

    /** A sender report without report blocks (RFC 3550 §6.4.1); add blocks with {@link #appendReportBlock}. */
    public static int writeSr(
            PacketBuffer p, long ssrc, long ntpTimestamp, long rtpTimestamp, long packets, long octets) {
        int at = reserve(p, SenderReport.LENGTH);
        byte[] b = p.getBuffer();
        RtcpHeader.write(b, at, 0, RtcpHeader.SR, SenderReport.LENGTH);
        Bytes.put32(b, at + 4, ssrc);
        Bytes.put32(b, at + 8, ntpTimestamp >>> 32);
        Bytes.put32(b, at + 12, ntpTimestamp);
        Bytes.put32(b, at + 16, rtpTimestamp);
        Bytes.put32(b, at + 20, packets);
        Bytes.put32(b, at + 24, octets);
        return at;
    }

    /** A receiver report without report blocks (RFC 3550 §6.4.2). */
    public static int writeRr(PacketBuffer p, long ssrc) {
        int at = reserve(p, ReceiverReport.LENGTH);
        RtcpHeader.write(p.getBuffer(), at, 0, RtcpHeader.RR, ReceiverReport.LENGTH);
        Bytes.put32(p.getBuffer(), at + 4, ssrc);
        return at;
    }

    /**
     * Appends a report block to the SR or RR at {@code packetOffset}, which must be the last packet written; bumps
     * its RC and length.
     *
     * @throws IllegalStateException when the packet is not last or already has 31 blocks
     */
    public static void appendReportBlock(
            PacketBuffer p,
            int packetOffset,
            long ssrc,
            int fractionLost,
            int cumulativeLost,
            long highestSequence,
            long jitter,
            long lsr,
            long dlsr) {
        byte[] b = p.getBuffer();
        int count = RtcpHeader.count(b, packetOffset);
        int length = RtcpHeader.packetLength(b, packetOffset);
        if (packetOffset + length != p.getOffset() + p.getLength() || count == 31) {
            throw new IllegalStateException("report block must follow the last SR/RR, at most 31 blocks");
        }
        int at = reserve(p, ReportBlock.LENGTH);
        b = p.getBuffer();
        ReportBlock.write(b, at, ssrc, fractionLost, cumulativeLost, highestSequence, jitter, lsr, dlsr);
        RtcpHeader.write(
                b, packetOffset, count + 1, RtcpHeader.packetType(b, packetOffset), length + ReportBlock.LENGTH);
    }

    /** An SDES packet with one chunk holding one CNAME item (RFC 3550 §6.5.1); {@code cname} is ASCII, ≤ 255 bytes. */
    public static int writeSdesCname(PacketBuffer p, long ssrc, byte[] cname) {
        if (cname.length > 255) {
            throw new IllegalArgumentException("cname longer than 255 bytes: " + cname.length);
        }
        int body = 4 + 4 + 2 + cname.length + 1;
        int length = (body + 3) & ~3;
        int at = reserve(p, length);
        byte[] b = p.getBuffer();
        RtcpHeader.write(b, at, 1, RtcpHeader.SDES, length);
        Bytes.put32(b, at + 4, ssrc);
        b[at + 8] = (byte) Sdes.CNAME;
        b[at + 9] = (byte) cname.length;
        System.arraycopy(cname, 0, b, at + 10, cname.length);
        for (int i = at + 10 + cname.length; i < at + length; i++) {
            b[i] = 0;
        }
        return at;
    }

    /** A BYE for one source, without reason (RFC 3550 §6.6). */
    public static int writeBye(PacketBuffer p, long ssrc) {
        int at = reserve(p, 8);
        RtcpHeader.write(p.getBuffer(), at, 1, RtcpHeader.BYE, 8);
        Bytes.put32(p.getBuffer(), at + 4, ssrc);
        return at;
    }

    /** A picture loss indication (RFC 4585 §6.3.1). */
    public static int writePli(PacketBuffer p, long senderSsrc, long mediaSsrc) {
        int at = reserve(p, RtcpFeedback.LENGTH);
        byte[] b = p.getBuffer();
        RtcpHeader.write(b, at, RtcpFeedback.FMT_PLI, RtcpHeader.PSFB, RtcpFeedback.LENGTH);
        Bytes.put32(b, at + 4, senderSsrc);
        Bytes.put32(b, at + 8, mediaSsrc);
        return at;
    }

    /** A full intra request with one entry (RFC 5104 §4.3.1); the media SSRC field is 0 as §4.3.1.2 requires. */
    public static int writeFir(PacketBuffer p, long senderSsrc, long mediaSsrc, int sequenceNumber) {
        int length = RtcpFeedback.LENGTH + Fir.ENTRY_LENGTH;
        int at = reserve(p, length);
        byte[] b = p.getBuffer();
        RtcpHeader.write(b, at, RtcpFeedback.FMT_FIR, RtcpHeader.PSFB, length);
        Bytes.put32(b, at + 4, senderSsrc);
        Bytes.put32(b, at + 8, 0);
        Bytes.put32(b, at + 12, mediaSsrc);
        Bytes.put32(b, at + 16, (long) (sequenceNumber & 0xFF) << 24);
        return at;
    }

    /** A generic NACK with one PID/BLP entry (RFC 4585 §6.2.1). */
    public static int writeNack(PacketBuffer p, long senderSsrc, long mediaSsrc, int pid, int blp) {
        int length = RtcpFeedback.LENGTH + 4;
        int at = reserve(p, length);
        byte[] b = p.getBuffer();
        RtcpHeader.write(b, at, RtcpFeedback.FMT_NACK, RtcpHeader.RTPFB, length);
        Bytes.put32(b, at + 4, senderSsrc);
        Bytes.put32(b, at + 8, mediaSsrc);
        Bytes.put16(b, at + 12, pid);
        Bytes.put16(b, at + 14, blp);
        return at;
    }

    /**
     * A REMB for {@code count} SSRCs from {@code ssrcs} (draft-alvestrand-rmcat-remb-03 §2.2); the bitrate is encoded
     * with the smallest exponent whose mantissa fits 18 bits.
     */
    public static int writeRemb(PacketBuffer p, long senderSsrc, long bitrate, long[] ssrcs, int count) {
        if (bitrate < 0 || count < 0 || count > 255 || count > ssrcs.length) {
            throw new IllegalArgumentException("bad REMB bitrate or SSRC count");
        }
        int exp = 0;
        long mantissa = bitrate;
        while (mantissa > 0x3FFFF) {
            mantissa >>>= 1;
            exp++;
        }
        int length = RtcpFeedback.LENGTH + 8 + 4 * count;
        int at = reserve(p, length);
        byte[] b = p.getBuffer();
        RtcpHeader.write(b, at, RtcpFeedback.FMT_AFB, RtcpHeader.PSFB, length);
        Bytes.put32(b, at + 4, senderSsrc);
        Bytes.put32(b, at + 8, 0);
        b[at + 12] = 'R';
        b[at + 13] = 'E';
        b[at + 14] = 'M';
        b[at + 15] = 'B';
        b[at + 16] = (byte) count;
        b[at + 17] = (byte) ((exp << 2) | (int) (mantissa >>> 16));
        Bytes.put16(b, at + 18, (int) mantissa);
        for (int i = 0; i < count; i++) {
            Bytes.put32(b, at + 20 + 4 * i, ssrcs[i]);
        }
        return at;
    }
}
