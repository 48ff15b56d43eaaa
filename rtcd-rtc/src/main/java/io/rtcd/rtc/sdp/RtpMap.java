package io.rtcd.rtc.sdp;

import java.util.List;
import java.util.Objects;

/**
 * {@code a=rtpmap:<payload type> <encoding name>/<clock rate>[/<channels>]}, RFC 8866 §6.6.
 *
 * @param payloadType dynamic or static RTP payload type 0..127
 * @param encoding the encoding name as written (compare case-insensitively)
 * @param clockRate the RTP clock rate in Hz
 * @param channels the audio channel count, or 0 when the parameter is absent
 */
public record RtpMap(int payloadType, String encoding, int clockRate, int channels) implements Attribute {
    public RtpMap {
        if (payloadType < 0 || payloadType > 127) {
            throw new IllegalArgumentException("payload type out of range 0..127: " + payloadType);
        }
        Objects.requireNonNull(encoding, "encoding");
        if (!SdpText.isToken(encoding) || encoding.indexOf('/') >= 0) {
            throw new IllegalArgumentException("bad encoding name");
        }
        if (clockRate <= 0) {
            throw new IllegalArgumentException("bad clock rate");
        }
        if (channels < 0) {
            throw new IllegalArgumentException("bad channel count");
        }
    }

    @Override
    public String key() {
        return "rtpmap";
    }

    @Override
    public String value() {
        String base = payloadType + " " + encoding + "/" + clockRate;
        return channels > 0 ? base + "/" + channels : base;
    }

    /** True when the encoding name (case-insensitive), clock rate and channels (absent means 1) match. */
    public boolean matches(String name, int rate, int channelCount) {
        int mine = channels == 0 ? 1 : channels;
        int theirs = channelCount == 0 ? 1 : channelCount;
        return encoding.equalsIgnoreCase(name) && clockRate == rate && mine == theirs;
    }

    static RtpMap parse(String value) {
        List<String> t = SdpText.tokens(value, "rtpmap");
        if (t.size() != 2) {
            throw new IllegalArgumentException("bad rtpmap (expected '<pt> <name>/<rate>[/<channels>]')");
        }
        int pt = SdpText.parseInt(t.get(0), 0, 127, "rtpmap payload type");
        String[] parts = t.get(1).split("/", -1);
        if (parts.length < 2 || parts.length > 3) {
            throw new IllegalArgumentException("bad rtpmap encoding (expected '<name>/<rate>[/<channels>]')");
        }
        int rate = SdpText.parseInt(parts[1], 1, Integer.MAX_VALUE, "rtpmap clock rate");
        int ch = parts.length == 3 ? SdpText.parseInt(parts[2], 1, 255, "rtpmap channels") : 0;
        return new RtpMap(pt, parts[0], rate, ch);
    }
}
