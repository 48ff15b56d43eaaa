package io.rtcd.rtc.sctp;

import io.rtcd.rtc.sctp.packet.SackChunk;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Receive-side TSN bookkeeping (RFC 9260 §6.2, §6.7): the cumulative TSN, TSNs received above it (for gap ack
 * blocks), and duplicates since the last SACK. TSNs are unwrapped longs. Not thread-safe.
 */
final class TsnTracker {
    /** Largest number of gap blocks and duplicate TSNs reported in one SACK (keeps the SACK well under the MTU). */
    static final int MAX_REPORTED = 64;

    private long cumulative;
    private final TreeSet<Long> above = new TreeSet<>();
    private final List<Integer> duplicates = new ArrayList<>();

    TsnTracker(int peerInitialTsn) {
        this.cumulative = (peerInitialTsn & 0xFFFFFFFFL) - 1;
    }

    long cumulative() {
        return cumulative;
    }

    /** Unwraps a wire TSN relative to the cumulative TSN. */
    long unwrap(int wire) {
        return Tsn.unwrap(cumulative, wire);
    }

    /** True when the TSN has already been received (at or below the cumulative TSN, or in a gap block). */
    boolean isDuplicate(long tsn) {
        return tsn <= cumulative || above.contains(tsn);
    }

    /** Records a duplicate for the next SACK (§6.2 "Duplicate TSNs"). */
    void recordDuplicate(long tsn) {
        if (duplicates.size() < MAX_REPORTED) {
            duplicates.add((int) tsn);
        }
    }

    /** Records a newly received TSN and advances the cumulative TSN over any contiguous run. */
    void receive(long tsn) {
        if (tsn == cumulative + 1) {
            cumulative = tsn;
            advance();
        } else if (tsn > cumulative) {
            above.add(tsn);
        }
    }

    /** FORWARD TSN (RFC 3758 §3.6): moves the cumulative TSN to at least {@code newCumulative}. */
    void forwardTo(long newCumulative) {
        if (newCumulative <= cumulative) {
            return;
        }
        cumulative = newCumulative;
        above.headSet(newCumulative, true).clear();
        advance();
    }

    private void advance() {
        while (!above.isEmpty() && above.first() == cumulative + 1) {
            cumulative = above.pollFirst();
        }
        while (!above.isEmpty() && above.first() <= cumulative) {
            above.pollFirst();
        }
    }

    /** True when TSNs are missing below the highest received (§6.7: SACK immediately on gaps). */
    boolean hasGaps() {
        return !above.isEmpty();
    }

    /** Number of TSNs held above the cumulative TSN. */
    int outOfOrderCount() {
        return above.size();
    }

    /** Builds a SACK for {@code rwnd} and clears the duplicate list. */
    SackChunk buildSack(long rwnd) {
        List<SackChunk.GapBlock> blocks = new ArrayList<>();
        long start = -1;
        long prev = -1;
        for (long t : above) {
            if (t - cumulative > 0xFFFF) {
                break;
            }
            if (start < 0) {
                start = t;
            } else if (t != prev + 1) {
                blocks.add(new SackChunk.GapBlock((int) (start - cumulative), (int) (prev - cumulative)));
                if (blocks.size() == MAX_REPORTED) {
                    start = -1;
                    break;
                }
                start = t;
            }
            prev = t;
        }
        if (start >= 0) {
            blocks.add(new SackChunk.GapBlock((int) (start - cumulative), (int) (prev - cumulative)));
        }
        int[] dups = new int[duplicates.size()];
        for (int i = 0; i < dups.length; i++) {
            dups[i] = duplicates.get(i);
        }
        duplicates.clear();
        return new SackChunk((int) cumulative, (int) Math.min(rwnd, 0xFFFFFFFFL), blocks, dups);
    }
}
