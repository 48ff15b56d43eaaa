package io.rtcd.rtc.sfu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PacketQueueTest {

    @Test
    void startsSmallAndStaysSmallWhileDrained() {
        PacketQueue<Integer> q = new PacketQueue<>(1024);
        assertEquals(PacketQueue.INITIAL, q.slots());
        for (int i = 0; i < 10_000; i++) {
            assertTrue(q.offer(i));
            assertEquals(i, q.poll());
        }
        assertEquals(PacketQueue.INITIAL, q.slots());
        assertTrue(q.isEmpty());
        assertNull(q.poll());
    }

    @Test
    void growsOnDemandKeepingOrderAcrossTheWrap() {
        PacketQueue<Integer> q = new PacketQueue<>(100);
        int next = 0;
        int expect = 0;
        // Move head into the middle of the first array so the growth copies a wrapped ring.
        for (int i = 0; i < 10; i++) {
            q.offer(next++);
        }
        for (int i = 0; i < 7; i++) {
            assertEquals(expect++, q.poll());
        }
        while (q.offer(next)) {
            next++;
        }
        assertEquals(100, q.size());
        assertEquals(100, q.slots()); // 16 -> 32 -> 64 -> 100 (not a power of two)
        assertFalse(q.offer(-1));
        while (!q.isEmpty()) {
            assertEquals(expect++, q.poll());
        }
        assertEquals(next, expect);
    }

    @Test
    void boundSmallerThanInitial() {
        PacketQueue<String> q = new PacketQueue<>(3);
        assertEquals(3, q.slots());
        assertTrue(q.offer("a"));
        assertTrue(q.offer("b"));
        assertTrue(q.offer("c"));
        assertFalse(q.offer("d"));
        assertEquals("a", q.poll());
        assertTrue(q.offer("d"));
        assertEquals("b", q.poll());
        assertEquals("c", q.poll());
        assertEquals("d", q.poll());
        assertNull(q.poll());
        assertThrows(IllegalArgumentException.class, () -> new PacketQueue<String>(0));
    }
}
