package io.rtcd.rtc.sdp;

import java.util.Objects;

/**
 * {@code a=rtcp-fb:<pt|*> <type> [<parameters>]}, RFC 4585 §4.2 (nack, nack pli), RFC 5104 §7.1 (ccm fir),
 * plus the non-standard {@code goog-remb} and {@code transport-cc}.
 *
 * @param payloadType a payload type number or "*" for all
 * @param type the feedback type (e.g. "nack", "ccm", "transport-cc")
 * @param parameter the rest of the line (e.g. "pli", "fir"), or null
 */
public record RtcpFb(String payloadType, String type, String parameter) implements Attribute {
    public RtcpFb {
        Objects.requireNonNull(payloadType, "payloadType");
        Objects.requireNonNull(type, "type");
        if (!payloadType.equals("*")) {
            SdpText.parseInt(payloadType, 0, 127, "rtcp-fb payload type");
        }
        if (!SdpText.isToken(type)) {
            throw new IllegalArgumentException("bad rtcp-fb type");
        }
    }

    public static RtcpFb of(int payloadType, String feedback) {
        int sp = feedback.indexOf(' ');
        return sp < 0
                ? new RtcpFb(Integer.toString(payloadType), feedback, null)
                : new RtcpFb(Integer.toString(payloadType), feedback.substring(0, sp), feedback.substring(sp + 1));
    }

    @Override
    public String key() {
        return "rtcp-fb";
    }

    @Override
    public String value() {
        return parameter == null ? payloadType + " " + type : payloadType + " " + type + " " + parameter;
    }

    /** Type and parameter as one string, e.g. "nack pli"; compare with a codec's supported feedback list. */
    public String feedback() {
        return parameter == null ? type : type + " " + parameter;
    }

    /** True for "*" or the given payload type. */
    public boolean appliesTo(int pt) {
        return payloadType.equals("*") || payloadType.equals(Integer.toString(pt));
    }

    static RtcpFb parse(String value) {
        int sp = value.indexOf(' ');
        if (sp <= 0) {
            throw new IllegalArgumentException("bad rtcp-fb (expected '<pt> <type> [<param>]')");
        }
        String rest = value.substring(sp + 1);
        int sp2 = rest.indexOf(' ');
        return sp2 < 0
                ? new RtcpFb(value.substring(0, sp), rest, null)
                : new RtcpFb(value.substring(0, sp), rest.substring(0, sp2), rest.substring(sp2 + 1));
    }
}
