package io.rtcd.rtc.sdp;

/**
 * Serializes a {@link SessionDescription} with CRLF line endings (RFC 8866 §5): v=, o=, s=, the session fields
 * and attributes in model order, then every media section (m=, its fields, its attributes). Stateless.
 */
public final class SdpWriter {
    private static final String CRLF = "\r\n";

    private SdpWriter() {}

    public static String write(SessionDescription sd) {
        StringBuilder sb = new StringBuilder(2048);
        sb.append("v=").append(sd.version()).append(CRLF);
        sb.append("o=").append(sd.origin().render()).append(CRLF);
        sb.append("s=").append(sd.sessionName()).append(CRLF);
        for (SdpField f : sd.fields()) {
            sb.append(f.render()).append(CRLF);
        }
        for (Attribute a : sd.attributes()) {
            sb.append("a=").append(a.render()).append(CRLF);
        }
        for (MediaDescription m : sd.media()) {
            sb.append("m=").append(m.renderMediaLine()).append(CRLF);
            for (SdpField f : m.fields()) {
                sb.append(f.render()).append(CRLF);
            }
            for (Attribute a : m.attributes()) {
                sb.append("a=").append(a.render()).append(CRLF);
            }
        }
        return sb.toString();
    }
}
