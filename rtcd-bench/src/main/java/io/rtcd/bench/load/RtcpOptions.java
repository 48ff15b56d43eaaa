package io.rtcd.bench.load;

/**
 * What the load peers send back about the media they receive (docs/performance.md "Realistic receivers").
 *
 * @param enabled receiver reports, NACKs and REMB as a browser sends them ({@code rtcp=}, default true)
 * @param intervalNanos report interval before randomisation, 0 for Chromium's (5 s audio only, 1 s with video;
 *     {@code rtcp_interval_ms=})
 * @param lossPermille received video packets each peer drops per 1000, a simulated lossy network ({@code rx_loss=},
 *     0..500, default 0)
 */
record RtcpOptions(boolean enabled, long intervalNanos, int lossPermille) {
    static final RtcpOptions OFF = new RtcpOptions(false, 0, 0);

    RtcpOptions {
        if (intervalNanos < 0) {
            throw new IllegalArgumentException("rtcp interval must be >= 0, got " + intervalNanos);
        }
        if (lossPermille < 0 || lossPermille > 500) {
            throw new IllegalArgumentException("rx_loss must be in [0, 500], got " + lossPermille);
        }
    }
}
