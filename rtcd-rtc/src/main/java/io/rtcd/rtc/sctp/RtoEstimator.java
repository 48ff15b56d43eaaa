package io.rtcd.rtc.sctp;

/**
 * Retransmission timeout calculation (RFC 9260 §6.3.1, same rules as RFC 6298 §2) with exponential back-off
 * (§6.3.3 E2) clamped to {@code [rtoMin, rtoMax]}. Not thread-safe.
 */
final class RtoEstimator {
    private final long rtoMin;
    private final long rtoMax;
    private double srtt = -1;
    private double rttvar;
    private long rto;

    RtoEstimator(long rtoInitial, long rtoMin, long rtoMax) {
        this.rtoMin = rtoMin;
        this.rtoMax = rtoMax;
        this.rto = rtoInitial;
    }

    /** Feeds one RTT measurement (C1-C3; alpha 1/8, beta 1/4, G ignored at millisecond granularity). */
    void observe(long rttMillis) {
        double r = Math.max(0, rttMillis);
        if (srtt < 0) {
            srtt = r;
            rttvar = r / 2;
        } else {
            rttvar = 0.75 * rttvar + 0.25 * Math.abs(srtt - r);
            srtt = 0.875 * srtt + 0.125 * r;
        }
        rto = clamp(Math.round(srtt + 4 * rttvar));
    }

    /** Doubles the RTO after a timer expiry (§6.3.3 E2). */
    void backOff() {
        rto = clamp(rto * 2);
    }

    long rto() {
        return rto;
    }

    /** Smoothed RTT in ms, or -1 before the first sample. */
    long srtt() {
        return srtt < 0 ? -1 : Math.round(srtt);
    }

    private long clamp(long v) {
        return Math.min(rtoMax, Math.max(rtoMin, v));
    }
}
