package io.rtcd.rtc.rtp;

/**
 * The transport-wide sequence number header extension (draft-holmer-rmcat-transport-wide-cc-extensions-01 §2): a
 * 16-bit counter over all packets of one transport, which an SFU reads from publishers (for feedback) and rewrites
 * per subscriber transport. Allocation-free.
 */
public final class TransportSequence {
    /** Returned by {@link #read} when the element is absent. */
    public static final int ABSENT = -1;

    private TransportSequence() {}

    /** The sequence number carried by extension {@code id}, or {@link #ABSENT}. */
    public static int read(byte[] buf, int off, int id) {
        int data = HeaderExtensions.findData(buf, off, id);
        if (data < 0 || HeaderExtensions.dataLength(buf, off, id) < 2) {
            return ABSENT;
        }
        return Bytes.u16(buf, data);
    }

    /**
     * Overwrites the sequence number in place.
     *
     * @return false when the packet has no such element
     */
    public static boolean write(byte[] buf, int off, int id, int sequence) {
        int data = HeaderExtensions.findData(buf, off, id);
        if (data < 0 || HeaderExtensions.dataLength(buf, off, id) < 2) {
            return false;
        }
        Bytes.put16(buf, data, sequence);
        return true;
    }
}
