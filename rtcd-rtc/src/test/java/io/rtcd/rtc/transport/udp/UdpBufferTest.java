package io.rtcd.rtc.transport.udp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class UdpBufferTest {
    @Test
    void poolReusesReleasedBuffersAndTracksOutstanding() {
        UdpBufferPool pool = new UdpBufferPool(2, 1500);
        UdpBuffer a = pool.acquire();
        assertEquals(1, pool.outstanding());
        a.release();
        assertEquals(0, pool.outstanding());
        assertSame(a, pool.acquire());
        UdpBuffer b = pool.acquire();
        assertNotSame(a, b);
        assertEquals(2, pool.allocations());
        assertEquals(UdpBufferPool.HEADROOM + 1500 + UdpBufferPool.TAILROOM, a.getBuffer().length);
    }

    @Test
    void growUsesTailroomBeforeReallocating() {
        UdpBuffer buf = UdpBuffer.unpooled(8, 32).fill(new byte[] {1, 2, 3, 4}, 0, 4);
        byte[] array = buf.getBuffer();
        buf.append(new byte[] {5, 6}, 2);
        assertSame(array, buf.getBuffer(), "fits in the tailroom");
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6}, buf.toArray());
        buf.grow(100);
        assertEquals(8 + 6 + 100, buf.getBuffer().length);
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6}, buf.toArray());
        buf.shrink(2);
        assertArrayEquals(new byte[] {1, 2, 3, 4}, buf.toArray());
        byte[] region = new byte[2];
        buf.readRegionToBuff(1, 2, region);
        assertArrayEquals(new byte[] {2, 3}, region);
    }
}
