package io.rtcd.auth;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/** An in-memory {@link ClientKeyStore} for tests, with an optional forced insert conflict. */
final class FakeClientKeyStore implements ClientKeyStore {
    final Map<String, String> hashes = new ConcurrentSkipListMap<>();
    volatile boolean failNextInsert;

    @Override
    public Optional<String> findKeyHash(String clientId) {
        return Optional.ofNullable(hashes.get(clientId));
    }

    @Override
    public boolean insertKeyHash(String clientId, String keyHash) {
        if (failNextInsert) {
            failNextInsert = false;
            return false;
        }
        return hashes.putIfAbsent(clientId, keyHash) == null;
    }

    @Override
    public boolean deleteKeyHash(String clientId) {
        return hashes.remove(clientId) != null;
    }

    @Override
    public List<String> clientIds() {
        return List.copyOf(hashes.keySet());
    }
}
