package io.rtcd.rtc.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** Queries over an ordered attribute list, shared by {@link SessionDescription} and {@link MediaDescription}. */
final class Attributes {
    private Attributes() {}

    static <T extends Attribute> List<T> ofType(List<Attribute> attributes, Class<T> type) {
        List<T> out = new ArrayList<>();
        for (Attribute a : attributes) {
            if (type.isInstance(a)) {
                out.add(type.cast(a));
            }
        }
        return List.copyOf(out);
    }

    static <T extends Attribute> Optional<T> first(List<Attribute> attributes, Class<T> type) {
        for (Attribute a : attributes) {
            if (type.isInstance(a)) {
                return Optional.of(type.cast(a));
            }
        }
        return Optional.empty();
    }

    /** The value of the first attribute with this key (empty string for a flag), if present. */
    static Optional<String> value(List<Attribute> attributes, String key) {
        for (Attribute a : attributes) {
            if (a.key().equals(key)) {
                return Optional.of(a.value() == null ? "" : a.value());
            }
        }
        return Optional.empty();
    }

    static boolean has(List<Attribute> attributes, String key) {
        return value(attributes, key).isPresent();
    }

    static OptionalLong number(List<Attribute> attributes, String key) {
        Optional<String> v = value(attributes, key);
        return v.isPresent() ? OptionalLong.of(Long.parseLong(v.get().strip())) : OptionalLong.empty();
    }
}
