package io.rtcd.rtc.sctp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** RFC 9260 §7.2 window rules and RFC 6298 RTO arithmetic. */
class CongestionControllerTest {
    @Test
    void slowStartThenAvoidanceThenTimeout() {
        CongestionController cc = new CongestionController(1200, 100_000);
        assertEquals(4380, cc.cwnd(), "initial cwnd min(4*MTU, max(2*MTU, 4380))");
        cc.onAck(5000, true, 1, true);
        assertEquals(4380 + 1200, cc.cwnd(), "slow start adds at most one MTU per SACK");
        cc.onAck(5000, true, 2, false);
        assertEquals(5580, cc.cwnd(), "no growth when the window is not fully used");
        cc.onRetransmitTimeout();
        assertEquals(1200, cc.cwnd());
        assertEquals(4800, cc.ssthresh());
        for (int i = 0; i < 4; i++) {
            cc.onAck(1200, true, 3 + i, true);
        }
        assertTrue(cc.cwnd() > cc.ssthresh());
        long before = cc.cwnd();
        cc.onAck(1200, true, 10, true);
        assertEquals(before, cc.cwnd(), "congestion avoidance grows once per cwnd of acked bytes");
    }

    @Test
    void fastRecoveryHalvesOnceUntilExitPoint() {
        CongestionController cc = new CongestionController(1200, 100_000);
        for (int i = 0; i < 20; i++) {
            cc.onAck(1200, true, i, true);
        }
        long w = cc.cwnd();
        cc.onFastRetransmit(100);
        assertTrue(cc.inFastRecovery());
        assertEquals(Math.max(w / 2, 4800), cc.cwnd());
        cc.onFastRetransmit(120);
        assertEquals(Math.max(w / 2, 4800), cc.cwnd(), "no second reduction inside fast recovery");
        cc.onAck(1200, true, 100, true);
        assertFalse(cc.inFastRecovery());
    }

    @Test
    void rtoFollowsRfc6298AndBacksOff() {
        RtoEstimator r = new RtoEstimator(1000, 400, 3000);
        assertEquals(1000, r.rto());
        r.observe(100);
        assertEquals(400, r.rto(), "srtt 100 + 4*50 = 300 clamped to RTO.min");
        r.observe(1000);
        assertTrue(r.rto() > 400);
        r.backOff();
        r.backOff();
        r.backOff();
        assertEquals(3000, r.rto(), "clamped to RTO.max");
    }
}
