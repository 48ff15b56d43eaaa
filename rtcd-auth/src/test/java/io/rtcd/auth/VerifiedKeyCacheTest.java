package io.rtcd.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** {@link VerifiedKeyCache}: keyed, bounded, expiring on an injected clock. */
class VerifiedKeyCacheTest {
    private static final String KEY = "k".repeat(32);
    private static final String HASH = "$2a$04$abcdefghijklmnopqrstuuSomeHashValueForTheTestsOnly123456";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    private VerifiedKeyCache cache(Duration ttl, int max) {
        return new VerifiedKeyCache(ttl, max, clock, new SecureRandom());
    }

    @Test
    void remembersOnlyTheExactClientHashAndKey() {
        VerifiedKeyCache c = cache(Duration.ofMinutes(10), 16);
        byte[] mac = c.mac("c1", HASH, KEY);
        assertFalse(c.contains("c1", mac));
        c.remember("c1", mac);
        assertTrue(c.contains("c1", c.mac("c1", HASH, KEY)));
        assertFalse(c.contains("c1", c.mac("c1", HASH, KEY + "x")), "another key");
        assertFalse(c.contains("c1", c.mac("c1", HASH + "x", KEY)), "the stored hash changed");
        assertFalse(c.contains("c2", c.mac("c2", HASH, KEY)), "another client");
        assertFalse(c.contains("c2", mac), "an entry answers only for its own client");
    }

    @Test
    void macIsKeyedPerInstanceAndNeverTheKey() {
        VerifiedKeyCache a = cache(Duration.ofMinutes(10), 16);
        VerifiedKeyCache b = cache(Duration.ofMinutes(10), 16);
        byte[] mac = a.mac("c1", HASH, KEY);
        assertEquals(32, mac.length);
        assertArrayEquals(mac, a.mac("c1", HASH, KEY), "deterministic within one process");
        assertFalse(Arrays.equals(mac, b.mac("c1", HASH, KEY)), "another per-process key gives another MAC");
        String text = new String(mac, StandardCharsets.ISO_8859_1);
        assertFalse(text.contains(KEY.substring(0, 8)));
    }

    @Test
    void entriesExpireAfterTheTtlOnTheInjectedClock() {
        VerifiedKeyCache c = cache(Duration.ofSeconds(60), 16);
        byte[] mac = c.mac("c1", HASH, KEY);
        c.remember("c1", mac);
        clock.advance(Duration.ofSeconds(59));
        assertTrue(c.contains("c1", mac));
        clock.advance(Duration.ofSeconds(1));
        assertFalse(c.contains("c1", mac), "expired at exactly the TTL");
        assertEquals(0, c.size(), "an expired entry is dropped when found");
        c.remember("c1", mac);
        assertTrue(c.contains("c1", mac), "a new successful check starts a new TTL");
    }

    @Test
    void boundedByMaxEntriesDroppingTheOneVerifiedLongestAgo() {
        VerifiedKeyCache c = cache(Duration.ofMinutes(10), 3);
        for (int i = 1; i <= 3; i++) {
            c.remember("c" + i, c.mac("c" + i, HASH, KEY));
            clock.advance(Duration.ofSeconds(1));
        }
        c.remember("c1", c.mac("c1", HASH, KEY)); // c1 verified again: now the newest
        c.remember("c4", c.mac("c4", HASH, KEY));
        assertEquals(3, c.size());
        assertFalse(c.contains("c2", c.mac("c2", HASH, KEY)), "c2 was verified longest ago");
        assertTrue(c.contains("c1", c.mac("c1", HASH, KEY)));
        assertTrue(c.contains("c3", c.mac("c3", HASH, KEY)));
        assertTrue(c.contains("c4", c.mac("c4", HASH, KEY)));
        for (int i = 5; i < 1000; i++) {
            c.remember("c" + i, c.mac("c" + i, HASH, KEY));
        }
        assertEquals(3, c.size());
    }

    @Test
    void evictionPrefersExpiredEntries() {
        VerifiedKeyCache c = cache(Duration.ofSeconds(10), 3);
        c.remember("old1", c.mac("old1", HASH, KEY));
        c.remember("old2", c.mac("old2", HASH, KEY));
        clock.advance(Duration.ofSeconds(8));
        c.remember("fresh", c.mac("fresh", HASH, KEY));
        clock.advance(Duration.ofSeconds(3)); // old1 and old2 expired, fresh has 7 s left
        c.remember("new", c.mac("new", HASH, KEY));
        assertEquals(2, c.size(), "both expired entries went, not only the eldest");
        assertTrue(c.contains("fresh", c.mac("fresh", HASH, KEY)));
        assertTrue(c.contains("new", c.mac("new", HASH, KEY)));
    }

    @Test
    void forgetDropsTheClient() {
        VerifiedKeyCache c = cache(Duration.ofMinutes(10), 16);
        byte[] mac = c.mac("c1", HASH, KEY);
        c.remember("c1", mac);
        c.forget("c1");
        assertFalse(c.contains("c1", mac));
        assertEquals(0, c.size());
    }

    @Test
    void zeroTtlDisablesTheCache() {
        VerifiedKeyCache c = cache(Duration.ZERO, 16);
        assertFalse(c.enabled());
        byte[] mac = c.mac("c1", HASH, KEY);
        c.remember("c1", mac);
        assertFalse(c.contains("c1", mac));
        assertEquals(0, c.size());
    }

    @Test
    void invalidSettingsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> cache(Duration.ofSeconds(-1), 16));
        assertThrows(IllegalArgumentException.class, () -> cache(Duration.ofSeconds(1), 0));
    }
}
