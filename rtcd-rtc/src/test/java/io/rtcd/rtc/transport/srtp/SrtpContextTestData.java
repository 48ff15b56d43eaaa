package io.rtcd.rtc.transport.srtp;

/** Deterministic RTP/RTCP packets for SRTP tests and the transport ITs. */
public final class SrtpContextTestData {
    private SrtpContextTestData() {}

    public static byte[] rtp(int seq, int ssrc, int payloadLength) {
        byte[] p = new byte[12 + payloadLength];
        p[0] = (byte) 0x80;
        p[1] = 111;
        p[2] = (byte) (seq >>> 8);
        p[3] = (byte) seq;
        p[4] = 0;
        p[5] = 0;
        p[6] = 0x10;
        p[7] = (byte) seq;
        p[8] = (byte) (ssrc >>> 24);
        p[9] = (byte) (ssrc >>> 16);
        p[10] = (byte) (ssrc >>> 8);
        p[11] = (byte) ssrc;
        for (int i = 12; i < p.length; i++) {
            p[i] = (byte) (seq * 31 + i);
        }
        return p;
    }

    /** An RTCP receiver report (PT 201) with one report block. */
    public static byte[] rtcpReceiverReport(int ssrc) {
        byte[] p = new byte[32];
        p[0] = (byte) 0x81;
        p[1] = (byte) 201;
        p[3] = 7;
        p[4] = (byte) (ssrc >>> 24);
        p[5] = (byte) (ssrc >>> 16);
        p[6] = (byte) (ssrc >>> 8);
        p[7] = (byte) ssrc;
        for (int i = 8; i < p.length; i++) {
            p[i] = (byte) i;
        }
        return p;
    }
}
