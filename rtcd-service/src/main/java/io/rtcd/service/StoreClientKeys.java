package io.rtcd.service;

import io.rtcd.auth.ClientKeyStore;
import io.rtcd.store.KeyConflictException;
import io.rtcd.store.KvStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Adapts the key-value store to the auth module's port: one entry {@code client/<id>} → bcrypt hash per client. */
final class StoreClientKeys implements ClientKeyStore {
    static final String PREFIX = "client/";

    private final KvStore store;

    StoreClientKeys(KvStore store) {
        this.store = store;
    }

    @Override
    public Optional<String> findKeyHash(String clientId) {
        return store.get(PREFIX + clientId).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    @Override
    public boolean insertKeyHash(String clientId, String keyHash) {
        try {
            store.put(PREFIX + clientId, keyHash.getBytes(StandardCharsets.UTF_8));
            return true;
        } catch (KeyConflictException e) {
            return false;
        }
    }

    @Override
    public boolean deleteKeyHash(String clientId) {
        return store.delete(PREFIX + clientId);
    }

    @Override
    public List<String> clientIds() {
        List<String> ids = new ArrayList<>();
        for (String key : store.scan(PREFIX).keySet()) {
            ids.add(key.substring(PREFIX.length()));
        }
        return ids;
    }
}
