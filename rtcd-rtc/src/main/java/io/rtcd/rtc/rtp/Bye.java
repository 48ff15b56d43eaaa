package io.rtcd.rtc.rtp;

/** Goodbye packets, RFC 3550 §6.6: SC SSRC/CSRC identifiers and an optional reason. {@code off} is the packet offset. */
public final class Bye {
    private Bye() {}

    public static int sourceCount(byte[] buf, int off) {
        return RtcpHeader.count(buf, off);
    }

    public static long ssrc(byte[] buf, int off, int index) {
        return Bytes.u32(buf, off + 4 + 4 * index);
    }
}
