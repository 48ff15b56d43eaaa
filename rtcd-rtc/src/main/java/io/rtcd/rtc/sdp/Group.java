package io.rtcd.rtc.sdp;

import java.util.List;
import java.util.Objects;

/**
 * {@code a=group:<semantics> <mid> ...}, RFC 5888 §5; {@code BUNDLE} per RFC 8843 §7.1, the first mid being the
 * offerer's tagged m= section.
 *
 * @param semantics e.g. "BUNDLE" or "LS"
 * @param mids the identification tags in order
 */
public record Group(String semantics, List<String> mids) implements Attribute {
    public static final String BUNDLE = "BUNDLE";

    public Group {
        Objects.requireNonNull(semantics, "semantics");
        mids = List.copyOf(mids);
        if (!SdpText.isToken(semantics)) {
            throw new IllegalArgumentException("bad group semantics");
        }
    }

    public boolean isBundle() {
        return BUNDLE.equals(semantics);
    }

    @Override
    public String key() {
        return "group";
    }

    @Override
    public String value() {
        return mids.isEmpty() ? semantics : semantics + " " + String.join(" ", mids);
    }

    static Group parse(String value) {
        var t = SdpText.tokens(value, "group");
        return new Group(t.get(0), t.subList(1, t.size()));
    }
}
