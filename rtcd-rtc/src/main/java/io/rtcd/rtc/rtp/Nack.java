package io.rtcd.rtc.rtp;

/**
 * Generic NACK, RFC 4585 §6.2.1: FCI entries of {@code PID} (a lost sequence number) and {@code BLP} (a bitmask of
 * the 16 following sequence numbers also lost). {@code off} is the packet offset.
 */
public final class Nack {
    private Nack() {}

    /** Number of FCI entries, from the length field. */
    public static int entryCount(byte[] buf, int off) {
        return (RtcpHeader.packetLength(buf, off) - RtcpFeedback.LENGTH) / 4;
    }

    public static int pid(byte[] buf, int off, int index) {
        return Bytes.u16(buf, off + RtcpFeedback.LENGTH + 4 * index);
    }

    public static int blp(byte[] buf, int off, int index) {
        return Bytes.u16(buf, off + RtcpFeedback.LENGTH + 4 * index + 2);
    }

    /**
     * Writes every lost sequence number into {@code out} (up to its length) in FCI order, without allocating.
     *
     * @return how many were written
     */
    public static int lostSequences(byte[] buf, int off, int[] out) {
        int n = 0;
        int entries = entryCount(buf, off);
        for (int i = 0; i < entries && n < out.length; i++) {
            int pid = pid(buf, off, i);
            int blp = blp(buf, off, i);
            out[n++] = pid;
            for (int bit = 0; bit < 16 && n < out.length; bit++) {
                if ((blp & (1 << bit)) != 0) {
                    out[n++] = (pid + bit + 1) & 0xFFFF;
                }
            }
        }
        return n;
    }
}
