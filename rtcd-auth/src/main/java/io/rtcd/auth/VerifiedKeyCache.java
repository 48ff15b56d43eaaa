package io.rtcd.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Remembers client keys that passed a bcrypt check, so a backend that opens many sockets with the same credentials
 * pays bcrypt once, not once per socket.
 *
 * <p>What is kept per client ID is an HMAC-SHA256 (RFC 2104), under a key drawn at construction and never stored
 * or logged, of the client ID, the stored bcrypt hash the key was checked against, and the key; never the key
 * itself. A later check of the same client is a hit only if the presented key and the currently stored hash give
 * the same MAC (compared in constant time) and the entry has not expired: a wrong key, or a key checked against a
 * hash that has since been replaced, is a miss and goes through bcrypt again. Only successful checks are
 * remembered.
 *
 * <p>Bounded: at most {@code maxEntries} clients; beyond that the client verified longest ago is forgotten. Expiring:
 * an entry lives {@code ttl} from the successful check ({@link Duration#ZERO} disables the cache).
 *
 * <p>Thread-safe (one short lock around the map; the MAC is computed outside it).
 */
final class VerifiedKeyCache {
    private static final String ALGORITHM = "HmacSHA256";
    private static final int KEY_BYTES = 32;

    private record Entry(byte[] mac, long expiresAtMillis) {}

    private final SecretKeySpec macKey;
    private final Clock clock;
    private final long ttlMillis;
    private final int maxEntries;
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();

    /**
     * @param ttl how long a successful check is remembered; zero disables the cache
     * @param maxEntries most clients remembered at once, at least 1
     * @param random source of the per-process MAC key
     */
    VerifiedKeyCache(Duration ttl, int maxEntries, Clock clock, SecureRandom random) {
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative()) {
            throw new IllegalArgumentException("key cache ttl must be >= 0, got " + ttl);
        }
        if (maxEntries < 1) {
            throw new IllegalArgumentException("key cache size must be >= 1, got " + maxEntries);
        }
        this.ttlMillis = ttl.toMillis();
        this.maxEntries = maxEntries;
        this.clock = Objects.requireNonNull(clock, "clock");
        byte[] key = new byte[KEY_BYTES];
        Objects.requireNonNull(random, "random").nextBytes(key);
        this.macKey = new SecretKeySpec(key, ALGORITHM);
        Arrays.fill(key, (byte) 0);
    }

    boolean enabled() {
        return ttlMillis > 0;
    }

    /** The MAC that identifies ({@code clientId}, {@code storedHash}, {@code key}); also the single-flight key. */
    byte[] mac(String clientId, String storedHash, String key) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(macKey);
            // Client IDs and bcrypt hashes never contain NUL, so the three fields cannot be confused.
            mac.update(clientId.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            mac.update(storedHash.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            byte[] password = key.getBytes(StandardCharsets.UTF_8);
            try {
                mac.update(password);
            } finally {
                Arrays.fill(password, (byte) 0);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
        }
    }

    /** Whether {@code mac} (from {@link #mac}) is remembered for {@code clientId} and has not expired. */
    boolean contains(String clientId, byte[] mac) {
        if (!enabled()) {
            return false;
        }
        Entry e;
        synchronized (entries) {
            e = entries.get(clientId);
            if (e != null && clock.millis() - e.expiresAtMillis() >= 0) {
                entries.remove(clientId);
                e = null;
            }
        }
        return e != null && MessageDigest.isEqual(e.mac(), mac);
    }

    /** Remembers a successful check; replaces what was remembered for the client. */
    void remember(String clientId, byte[] mac) {
        if (!enabled()) {
            return;
        }
        Entry e = new Entry(mac.clone(), clock.millis() + ttlMillis);
        synchronized (entries) {
            entries.remove(clientId); // re-insert at the end: the eldest is the one verified longest ago
            entries.put(clientId, e);
            if (entries.size() > maxEntries) {
                evict();
            }
        }
    }

    /** Forgets the client (unregistered, or registered anew). */
    void forget(String clientId) {
        synchronized (entries) {
            entries.remove(clientId);
        }
    }

    int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    /**
     * Drops the expired entries at the head (entries are in the order of their checks and share one TTL), or the
     * eldest if none has expired. Called under the lock.
     */
    private void evict() {
        long now = clock.millis();
        Iterator<Entry> it = entries.values().iterator();
        it.next();
        it.remove();
        while (it.hasNext() && now - it.next().expiresAtMillis() >= 0) {
            it.remove();
        }
    }
}
