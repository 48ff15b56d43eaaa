package io.rtcd.rtc.sdp;

/**
 * Maps one {@code a=} line value to its typed record, or to a verbatim {@link GenericAttribute}. Throws
 * IllegalArgumentException naming the problem; {@link SdpParser} adds the line number.
 */
final class AttributeParser {
    private AttributeParser() {}

    static Attribute parse(String text) {
        int colon = text.indexOf(':');
        String key = colon < 0 ? text : text.substring(0, colon);
        String value = colon < 0 ? null : text.substring(colon + 1);
        if (key.isEmpty()) {
            throw new IllegalArgumentException("empty attribute name");
        }
        if (value == null) {
            Direction d = Direction.fromToken(key);
            return d != null ? d : GenericAttribute.flag(key);
        }
        return switch (key) {
            case "rtpmap" -> RtpMap.parse(value);
            case "fmtp" -> Fmtp.parse(value);
            case "rtcp-fb" -> RtcpFb.parse(value);
            case "extmap" -> ExtMap.parse(value);
            case "ssrc" -> SsrcAttribute.parse(value);
            case "ssrc-group" -> SsrcGroup.parse(value);
            case "msid" -> Msid.parse(value);
            case "rid" -> Rid.parse(value);
            case "simulcast" -> new Simulcast(value);
            case "candidate" -> new Candidate(value);
            case "fingerprint" -> Fingerprint.parse(value);
            case "group" -> Group.parse(value);
            case "setup" -> Setup.parse(value);
            case "sctp-port" -> checked(key, value, 0, 65535);
            case "max-message-size" -> checked(key, value, 0, Long.MAX_VALUE);
            case "mid", "ice-ufrag", "ice-pwd" -> token(key, value);
            default -> new GenericAttribute(key, value);
        };
    }

    private static GenericAttribute checked(String key, String value, long min, long max) {
        SdpText.parseLong(value, min, max, key);
        return new GenericAttribute(key, value);
    }

    private static GenericAttribute token(String key, String value) {
        if (!SdpText.isToken(value)) {
            throw new IllegalArgumentException("bad " + key);
        }
        return new GenericAttribute(key, value);
    }
}
