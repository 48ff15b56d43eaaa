package io.rtcd.rtc.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@code a=ssrc-group:<semantics> <ssrc-id> ...}, RFC 5576 §4.2; WebRTC uses {@code FID} (RTX, RFC 4588 §8.2)
 * and {@code SIM}.
 *
 * @param semantics the grouping semantics, e.g. "FID"
 * @param ssrcs the SSRCs in order (primary first for FID)
 */
public record SsrcGroup(String semantics, List<Long> ssrcs) implements Attribute {
    public SsrcGroup {
        Objects.requireNonNull(semantics, "semantics");
        ssrcs = List.copyOf(ssrcs);
        if (!SdpText.isToken(semantics) || ssrcs.isEmpty()) {
            throw new IllegalArgumentException("bad ssrc-group");
        }
    }

    @Override
    public String key() {
        return "ssrc-group";
    }

    @Override
    public String value() {
        StringBuilder sb = new StringBuilder(semantics);
        for (Long s : ssrcs) {
            sb.append(' ').append(s);
        }
        return sb.toString();
    }

    static SsrcGroup parse(String value) {
        List<String> t = SdpText.tokens(value, "ssrc-group");
        if (t.size() < 2) {
            throw new IllegalArgumentException("bad ssrc-group (expected '<semantics> <ssrc>...')");
        }
        List<Long> ids = new ArrayList<>();
        for (int i = 1; i < t.size(); i++) {
            ids.add(SdpText.parseLong(t.get(i), 0, 0xFFFF_FFFFL, "ssrc-group ssrc"));
        }
        return new SsrcGroup(t.get(0), ids);
    }
}
