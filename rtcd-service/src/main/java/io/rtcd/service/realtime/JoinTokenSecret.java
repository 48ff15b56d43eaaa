package io.rtcd.service.realtime;

import io.rtcd.store.KeyConflictException;
import io.rtcd.store.KvStore;
import java.security.SecureRandom;
import java.util.Optional;

/**
 * The HMAC key of join tokens: 32 random bytes generated at first start and kept in the store under {@link #KEY}, so
 * tokens minted before a restart stay valid. Never logged.
 */
public final class JoinTokenSecret {
    /** Store key of the secret. */
    public static final String KEY = "realtime/join-token-secret";

    static final int LENGTH = 32;

    private JoinTokenSecret() {}

    /** Returns the stored secret, creating it first if absent (a concurrent creator wins; its value is re-read). */
    public static byte[] loadOrCreate(KvStore kv) {
        Optional<byte[]> existing = kv.get(KEY);
        if (existing.isPresent() && existing.get().length >= LENGTH) {
            return existing.get();
        }
        byte[] fresh = new byte[LENGTH];
        new SecureRandom().nextBytes(fresh);
        if (existing.isPresent()) {
            kv.set(KEY, fresh); // too short to be a valid HS256 key: replace
            return fresh;
        }
        try {
            kv.put(KEY, fresh);
            return fresh;
        } catch (KeyConflictException e) {
            return kv.get(KEY).orElseThrow(() -> new IllegalStateException("join token secret vanished"));
        }
    }
}
