package io.rtcd.rtc.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PacketBufferTest {
    private final ArrayBufferPool base = new ArrayBufferPool(8, 32, 1500, 64);
    private final TrackingBufferPool pool = new TrackingBufferPool(base);

    @AfterEach
    void noLeaks() {
        pool.assertNoLeaks();
    }

    @Test
    void acquiredBufferHasHeadroomAndTailroom() {
        PacketBuffer p = pool.acquire();
        assertEquals(32, p.getOffset());
        assertEquals(32, p.headroom());
        assertEquals(0, p.getLength());
        assertEquals(1564, p.tailroom());
        assertEquals(1, p.refCount());
        assertFalse(p.isInvalid());
        p.release();
    }

    @Test
    void growWithinCapacityKeepsTheArray() {
        PacketBuffer p = pool.acquire();
        byte[] array = p.getBuffer();
        p.put(new byte[1500], 0, 1500);
        p.grow(16 + 4);
        assertSame(array, p.getBuffer(), "SRTP tag + SRTCP index fit the tailroom");
        p.append(new byte[20], 20);
        assertEquals(1520, p.getLength());
        assertSame(array, p.getBuffer());
        p.grow(64);
        assertNotSame(array, p.getBuffer(), "beyond capacity reallocates");
        assertEquals(1520, p.getLength());
        assertEquals(32, p.getOffset());
        p.release();
        assertEquals(0, base.pooledCount(), "a grown buffer is not pooled again");
    }

    @Test
    void byteArrayBufferContract() {
        PacketBuffer p = pool.acquire();
        p.put(new byte[] {1, 2, 3, 4, 5}, 0, 5);
        byte[] out = new byte[3];
        p.readRegionToBuff(1, 3, out);
        assertEquals(List.of((byte) 2, (byte) 3, (byte) 4), List.of(out[0], out[1], out[2]));
        p.shrink(2);
        assertEquals(3, p.getLength());
        p.shrink(-1);
        assertEquals(3, p.getLength());
        p.setOffset(10);
        assertEquals(10, p.getOffset());
        assertThrows(IllegalArgumentException.class, () -> p.setLength(5000));
        assertThrows(IllegalArgumentException.class, () -> p.readRegionToBuff(2, 5, out));
        assertThrows(IllegalArgumentException.class, () -> p.grow(-1));
        p.release();
    }

    @Test
    void retainAndReleaseFollowTheOwnershipRule() {
        PacketBuffer p = pool.acquire();
        p.retain();
        assertEquals(2, p.refCount());
        assertFalse(p.release(), "the storing stage still holds it");
        assertEquals(1, pool.outstandingCount());
        assertTrue(p.release(), "last reference returns it");
        assertEquals(0, pool.outstandingCount());
        assertThrows(IllegalStateException.class, p::release, "double release");
        assertThrows(IllegalStateException.class, p::retain, "retain after release");
        assertEquals(1, base.pooledCount());
        assertSame(p, pool.acquire(), "recycled");
        p.release();
    }

    @Test
    void copyUsesAnotherBuffer() {
        PacketBuffer p = pool.acquire();
        p.put(new byte[] {9, 8, 7}, 0, 3);
        PacketBuffer c = p.copy(pool);
        assertNotSame(p.getBuffer(), c.getBuffer());
        assertEquals(Hex.of(p), Hex.of(c));
        p.release();
        c.release();
    }

    @Test
    void trackingPoolReportsLeaks() {
        TrackingBufferPool leaky = new TrackingBufferPool();
        PacketBuffer p = leaky.acquire();
        IllegalStateException e = assertThrows(IllegalStateException.class, leaky::assertNoLeaks);
        assertTrue(e.getMessage().startsWith("1 buffer(s) not released"), e.getMessage());
        p.release();
        leaky.assertNoLeaks();
        assertEquals(1, leaky.acquiredCount());
    }

    @Test
    void poolIsBoundedAndThreadSafe() throws Exception {
        ExecutorService ex = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                futures.add(ex.submit(() -> {
                    for (int i = 0; i < 10_000; i++) {
                        PacketBuffer a = pool.acquire();
                        PacketBuffer b = pool.acquire();
                        a.release();
                        b.release();
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get(10, TimeUnit.SECONDS);
            }
        } finally {
            ex.shutdownNow();
        }
        assertTrue(base.pooledCount() <= 8);
        assertTrue(base.allocatedCount() <= 8, "reused, not reallocated: " + base.allocatedCount());
        assertEquals(1596, base.bufferSize());
    }

    @Test
    void poolConfigIsValidated() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> new ArrayBufferPool(8, 32, 1500, 16));
        assertEquals("tailroom out of range 32..4096: 16", e.getMessage());
        assertEquals(1596, ArrayBufferPool.defaults().bufferSize());
    }
}
