package io.rtcd.store;

import java.util.Objects;

/** Argument checks shared by the store implementations. */
final class Keys {
    private Keys() {}

    static String requireKey(String key) {
        if (key == null || key.isEmpty()) {
            throw new EmptyKeyException();
        }
        return key;
    }

    static byte[] requireValue(byte[] value) {
        return Objects.requireNonNull(value, "value must not be null");
    }

    static String requirePrefix(String prefix) {
        return Objects.requireNonNull(prefix, "prefix must not be null");
    }
}
