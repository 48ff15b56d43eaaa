package io.rtcd.rtc.sctp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SendQueueTest {
    private static OutgoingMessage msg(int stream, int len, boolean ordered) {
        return new OutgoingMessage(stream, 53, new byte[len], ordered, -1, Long.MAX_VALUE);
    }

    @Test
    void roundRobinBetweenStreamsAtMessageBoundaries() {
        SendQueue q = new SendQueue();
        for (int i = 0; i < 3; i++) {
            q.enqueue(msg(1, 100, true));
        }
        q.enqueue(msg(2, 2500, true)); // three fragments at 1000 bytes, must stay consecutive
        q.enqueue(msg(3, 10, true));
        List<Integer> order = new ArrayList<>();
        int tsn = 0;
        SendQueue.Fragment f;
        while ((f = q.next(1000, tsn++, 0)) != null) {
            order.add(f.chunk().streamId());
        }
        assertEquals(List.of(1, 2, 2, 2, 3, 1, 1), order);
        assertTrue(q.isEmpty());
        assertEquals(0, q.unsentBytes());
    }

    @Test
    void fragmentFlagsAndSsnAssignment() {
        SendQueue q = new SendQueue();
        q.enqueue(msg(4, 2100, true));
        q.enqueue(msg(4, 5, true));
        q.enqueue(msg(4, 5, false));
        SendQueue.Fragment a = q.next(1000, 10, 0);
        SendQueue.Fragment b = q.next(1000, 11, 0);
        SendQueue.Fragment c = q.next(1000, 12, 0);
        SendQueue.Fragment d = q.next(1000, 13, 0);
        SendQueue.Fragment e = q.next(1000, 14, 0);
        assertTrue(a.chunk().beginning() && !a.chunk().ending());
        assertTrue(!b.chunk().beginning() && !b.chunk().ending());
        assertTrue(!c.chunk().beginning() && c.chunk().ending());
        assertEquals(100, c.chunk().dataLength());
        assertEquals(0, a.chunk().ssn());
        assertEquals(0, c.chunk().ssn());
        assertEquals(1, d.chunk().ssn());
        assertTrue(e.chunk().unordered());
        assertNull(q.next(1000, 15, 0));
    }

    @Test
    void expiredMessagesAreDroppedBeforeTheirFirstFragment() {
        SendQueue q = new SendQueue();
        q.enqueue(new OutgoingMessage(1, 53, new byte[10], true, -1, 100));
        q.enqueue(msg(1, 10, true));
        SendQueue.Fragment f = q.next(1000, 1, 200);
        assertEquals(0, f.chunk().ssn(), "the expired message never consumed an SSN");
        assertEquals(1, q.expiredBeforeSend());
    }

    @Test
    void abandoningAPartlySentMessageDropsItsTail() {
        SendQueue q = new SendQueue();
        OutgoingMessage big = msg(1, 3000, true);
        q.enqueue(big);
        q.enqueue(msg(1, 10, true));
        q.next(1000, 1, 0);
        q.abandon(big);
        SendQueue.Fragment f = q.next(1000, 2, 0);
        assertEquals(10, f.chunk().dataLength());
        assertEquals(1, f.chunk().ssn());
        assertEquals(0, q.unsentBytes());
    }

    @Test
    void resetRestartsSsn() {
        SendQueue q = new SendQueue();
        q.enqueue(msg(1, 10, true));
        q.next(1000, 1, 0);
        q.markResetPending(1);
        assertTrue(q.isResetPending(1));
        assertTrue(q.isDrained(1));
        q.completeReset(1);
        q.enqueue(msg(1, 10, true));
        assertEquals(0, q.next(1000, 2, 0).chunk().ssn());
    }
}
