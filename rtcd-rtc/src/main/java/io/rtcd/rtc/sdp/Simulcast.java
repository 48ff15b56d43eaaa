package io.rtcd.rtc.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@code a=simulcast:<send|recv> <streams> [<recv|send> <streams>]}, RFC 8853 §5.1. Streams are ';'-separated;
 * each stream is a ','-separated list of alternative rids, a leading '~' marks a paused stream. The text is kept as
 * written.
 *
 * @param description the text after {@code a=simulcast:}
 */
public record Simulcast(String description) implements Attribute {
    public Simulcast {
        Objects.requireNonNull(description, "description");
        List<String> t = SdpText.tokens(description, "simulcast");
        if (t.size() != 2 && t.size() != 4) {
            throw new IllegalArgumentException("bad simulcast (expected 'send|recv <streams> [recv|send <streams>]')");
        }
        for (int i = 0; i < t.size(); i += 2) {
            if (!t.get(i).equals("send") && !t.get(i).equals("recv")) {
                throw new IllegalArgumentException("bad simulcast direction");
            }
        }
    }

    @Override
    public String key() {
        return "simulcast";
    }

    @Override
    public String value() {
        return description;
    }

    /** The first rid of every send stream, '~' removed, in order (e.g. [q, h, f] for Chrome). */
    public List<String> sendRids() {
        return rids("send");
    }

    /** The first rid of every recv stream, '~' removed, in order. */
    public List<String> recvRids() {
        return rids("recv");
    }

    private List<String> rids(String dir) {
        List<String> t = SdpText.tokens(description, "simulcast");
        List<String> out = new ArrayList<>();
        for (int i = 0; i + 1 < t.size(); i += 2) {
            if (t.get(i).equals(dir)) {
                for (String stream : t.get(i + 1).split(";")) {
                    String first = stream.split(",")[0];
                    out.add(first.startsWith("~") ? first.substring(1) : first);
                }
            }
        }
        return List.copyOf(out);
    }
}
