package io.rtcd.rtc.sdp;

import java.util.Objects;

/**
 * {@code a=msid:<stream id> [<track id>]}, RFC 8830 §2. Chrome writes "-" as the stream id of a track without a
 * stream.
 *
 * @param streamId the MediaStream id
 * @param trackId the application data (track id), or null
 */
public record Msid(String streamId, String trackId) implements Attribute {
    public Msid {
        Objects.requireNonNull(streamId, "streamId");
        if (!SdpText.isToken(streamId) || (trackId != null && !SdpText.isToken(trackId))) {
            throw new IllegalArgumentException("bad msid");
        }
    }

    @Override
    public String key() {
        return "msid";
    }

    @Override
    public String value() {
        return trackId == null ? streamId : streamId + " " + trackId;
    }

    static Msid parse(String value) {
        var t = SdpText.tokens(value, "msid");
        if (t.size() > 2) {
            throw new IllegalArgumentException("bad msid (expected '<stream> [<track>]')");
        }
        return new Msid(t.get(0), t.size() == 2 ? t.get(1) : null);
    }
}
