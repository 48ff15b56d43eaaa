package io.rtcd.service.config;

import java.util.Locale;

/**
 * One configuration key: its dotted TOML path, its environment variable and its default.
 *
 * <p>The environment variable follows rtcd's envconfig rule: {@code RTCD_} + section + the key's path with the
 * dots turned into underscores and the underscores inside a name removed, upper-cased
 * ({@code api.http.listen_address} → {@code RTCD_API_HTTP_LISTENADDRESS}).
 */
public record ConfigKey(String path, ValueType type, Object defaultValue, String doc) {

    /** The value types a key can hold. */
    public enum ValueType {
        STRING,
        BOOLEAN,
        INTEGER,
        /** A duration written as a number and a unit: {@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h}. */
        DURATION,
        /**
         * A list of strings: a TOML array ({@code ["a", "b"]}); in the environment and on the command line, comma
         * separated ({@code a,b}; empty = the empty list). The Java value is an immutable {@code List<String>}.
         */
        STRING_LIST
    }

    public ConfigKey {
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("config key path must not be blank");
        }
    }

    /** The environment variable that overrides this key. */
    public String envName() {
        StringBuilder sb = new StringBuilder("RTCD");
        for (String part : path.split("\\.")) {
            sb.append('_').append(part.replace("_", "").toUpperCase(Locale.ROOT));
        }
        return sb.toString();
    }
}
