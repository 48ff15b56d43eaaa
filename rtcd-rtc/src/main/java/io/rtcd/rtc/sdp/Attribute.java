package io.rtcd.rtc.sdp;

/**
 * One {@code a=} line (RFC 8866 §5.13). Well-known WebRTC attributes are typed records; every other attribute is a
 * {@link GenericAttribute} kept verbatim, so that parse then write reproduces the input. Attributes are kept in
 * their original order inside their section.
 */
public sealed interface Attribute
        permits GenericAttribute,
                RtpMap,
                Fmtp,
                RtcpFb,
                ExtMap,
                SsrcAttribute,
                SsrcGroup,
                Msid,
                Rid,
                Simulcast,
                Candidate,
                Fingerprint,
                Group,
                Direction,
                Setup {

    /** The attribute name, the text between {@code a=} and the first ':' (e.g. "rtpmap"). */
    String key();

    /** The text after the first ':', or null for a property (flag) attribute such as "rtcp-mux". */
    String value();

    /** The line without the {@code a=} prefix and without the line terminator. */
    default String render() {
        String v = value();
        return v == null ? key() : key() + ":" + v;
    }
}
