package io.rtcd.rtc.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * One media section: {@code m=<media> <port>[/<number of ports>] <proto> <fmt> ...} (RFC 8866 §5.14), its other
 * fields (c=, b=, i=, k=) and its attributes, each kept in the order written. Immutable; build with
 * {@link #builder(String, int, String)} or {@link #toBuilder()}.
 *
 * @param media the media token: "audio", "video", "application", ...
 * @param port the port; 0 marks a rejected or disabled section (RFC 8829 §5.3.1)
 * @param portCount the optional number of ports, 0 when absent
 * @param proto e.g. "UDP/TLS/RTP/SAVPF" or "UDP/DTLS/SCTP"
 * @param formats payload types (RTP) or "webrtc-datachannel" (RFC 8841 §4.1)
 * @param fields non-attribute lines after m=, in order
 * @param attributes the a= lines, in order
 */
public record MediaDescription(
        String media,
        int port,
        int portCount,
        String proto,
        List<String> formats,
        List<SdpField> fields,
        List<Attribute> attributes) {

    public MediaDescription {
        Objects.requireNonNull(media, "media");
        Objects.requireNonNull(proto, "proto");
        formats = List.copyOf(formats);
        fields = List.copyOf(fields);
        attributes = List.copyOf(attributes);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range 0..65535: " + port);
        }
        if (!SdpText.isToken(media) || !SdpText.isToken(proto) || formats.isEmpty()) {
            throw new IllegalArgumentException("bad media description");
        }
    }

    public static Builder builder(String media, int port, String proto) {
        return new Builder(media, port, proto);
    }

    public Builder toBuilder() {
        Builder b = new Builder(media, port, proto);
        b.portCount = portCount;
        b.formats.addAll(formats);
        b.fields.addAll(fields);
        b.attributes.addAll(attributes);
        return b;
    }

    public MediaKind kind() {
        return MediaKind.of(media);
    }

    /**
     * True when the port is zero without {@code a=bundle-only}: the section is rejected (answer) or disabled (offer),
     * RFC 8829 §5.2.2, RFC 8843 §7.3.3. A bundle-only section also has port 0 but is active (RFC 8843 §6).
     */
    public boolean isRejected() {
        return port == 0 && !isBundleOnly();
    }

    /** {@code a=bundle-only}, RFC 8843 §6: port 0 in an offer, but the section joins the BUNDLE transport. */
    public boolean isBundleOnly() {
        return Attributes.has(attributes, "bundle-only");
    }

    /** True for RTP profiles (the proto contains "RTP/"), false for SCTP data channels. */
    public boolean isRtp() {
        return proto.contains("RTP/");
    }

    /** The m= line value, without "m=". */
    public String renderMediaLine() {
        StringBuilder sb = new StringBuilder(media).append(' ').append(port);
        if (portCount > 0) {
            sb.append('/').append(portCount);
        }
        sb.append(' ').append(proto);
        for (String f : formats) {
            sb.append(' ').append(f);
        }
        return sb.toString();
    }

    /** {@code a=mid}, RFC 5888 §4 / RFC 8843. */
    public Optional<String> mid() {
        return Attributes.value(attributes, "mid");
    }

    /**
     * The media-level direction attribute, {@link Direction#SENDRECV} when absent (RFC 8866 §6.7). A session-level
     * direction is the default for sections without one: use {@link SessionDescription#direction(MediaDescription)}.
     */
    public Direction direction() {
        return Attributes.first(attributes, Direction.class).orElse(Direction.SENDRECV);
    }

    /** The media-level direction attribute, if written. */
    public Optional<Direction> directionAttribute() {
        return Attributes.first(attributes, Direction.class);
    }

    public List<RtpMap> rtpMaps() {
        return Attributes.ofType(attributes, RtpMap.class);
    }

    public Optional<RtpMap> rtpMap(int payloadType) {
        return rtpMaps().stream().filter(r -> r.payloadType() == payloadType).findFirst();
    }

    public List<Fmtp> fmtps() {
        return Attributes.ofType(attributes, Fmtp.class);
    }

    public Optional<Fmtp> fmtp(int payloadType) {
        return fmtps().stream().filter(f -> f.payloadType() == payloadType).findFirst();
    }

    public List<RtcpFb> rtcpFbs() {
        return Attributes.ofType(attributes, RtcpFb.class);
    }

    /** The feedback lines for this payload type, including "*" lines (RFC 4585 §4.2). */
    public List<RtcpFb> rtcpFbs(int payloadType) {
        return rtcpFbs().stream().filter(f -> f.appliesTo(payloadType)).toList();
    }

    public List<ExtMap> extMaps() {
        return Attributes.ofType(attributes, ExtMap.class);
    }

    public Optional<ExtMap> extMap(String uri) {
        return extMaps().stream().filter(e -> e.uri().equals(uri)).findFirst();
    }

    public List<SsrcAttribute> ssrcs() {
        return Attributes.ofType(attributes, SsrcAttribute.class);
    }

    /** Distinct SSRCs named by a=ssrc lines, in order of first appearance. */
    public List<Long> ssrcIds() {
        return ssrcs().stream().map(SsrcAttribute::ssrc).distinct().toList();
    }

    public List<SsrcGroup> ssrcGroups() {
        return Attributes.ofType(attributes, SsrcGroup.class);
    }

    public List<Msid> msids() {
        return Attributes.ofType(attributes, Msid.class);
    }

    public List<Rid> rids() {
        return Attributes.ofType(attributes, Rid.class);
    }

    public Optional<Simulcast> simulcast() {
        return Attributes.first(attributes, Simulcast.class);
    }

    public List<Candidate> candidates() {
        return Attributes.ofType(attributes, Candidate.class);
    }

    /** Media-level {@code a=ice-ufrag} (RFC 8839 §5.4); see {@link SessionDescription#iceUfrag(MediaDescription)}. */
    public Optional<String> iceUfrag() {
        return Attributes.value(attributes, "ice-ufrag");
    }

    public Optional<String> icePwd() {
        return Attributes.value(attributes, "ice-pwd");
    }

    public Optional<Setup> setup() {
        return Attributes.first(attributes, Setup.class);
    }

    public List<Fingerprint> fingerprints() {
        return Attributes.ofType(attributes, Fingerprint.class);
    }

    /** {@code a=sctp-port}, RFC 8841 §5. */
    public OptionalInt sctpPort() {
        OptionalLong v = Attributes.number(attributes, "sctp-port");
        return v.isPresent() ? OptionalInt.of((int) v.getAsLong()) : OptionalInt.empty();
    }

    /** {@code a=max-message-size}, RFC 8841 §6; absent means 64 KiB (§6.1), 0 means unlimited. */
    public OptionalLong maxMessageSize() {
        return Attributes.number(attributes, "max-message-size");
    }

    /** {@code a=rtcp-mux}, RFC 5761 §5.1.1 (mandatory in WebRTC, RFC 8834 §4.5). */
    public boolean rtcpMux() {
        return Attributes.has(attributes, "rtcp-mux");
    }

    /** {@code a=rtcp-rsize}, RFC 5506 §5. */
    public boolean rtcpRsize() {
        return Attributes.has(attributes, "rtcp-rsize");
    }

    /** {@code a=extmap-allow-mixed} at media level, RFC 8285 §6. */
    public boolean extmapAllowMixed() {
        return Attributes.has(attributes, "extmap-allow-mixed");
    }

    /** The value of the first attribute with this name ("" for a flag), typed or not. */
    public Optional<String> attribute(String key) {
        return Attributes.value(attributes, key);
    }

    /** Mutable builder; {@link #build()} validates. Attributes are written in the order they are added. */
    public static final class Builder {
        private final String media;
        private int port;
        private int portCount;
        private final String proto;
        private final List<String> formats = new ArrayList<>();
        private final List<SdpField> fields = new ArrayList<>();
        private final List<Attribute> attributes = new ArrayList<>();

        private Builder(String media, int port, String proto) {
            this.media = media;
            this.port = port;
            this.proto = proto;
        }

        public Builder port(int value) {
            this.port = value;
            return this;
        }

        public Builder portCount(int value) {
            this.portCount = value;
            return this;
        }

        public Builder format(String value) {
            formats.add(value);
            return this;
        }

        public Builder formats(List<String> values) {
            formats.addAll(values);
            return this;
        }

        public Builder field(SdpField value) {
            fields.add(value);
            return this;
        }

        public Builder attribute(Attribute value) {
            attributes.add(Objects.requireNonNull(value, "attribute"));
            return this;
        }

        public Builder attributes(List<? extends Attribute> values) {
            values.forEach(this::attribute);
            return this;
        }

        /** Adds {@code a=<key>:<value>}. */
        public Builder attribute(String key, String value) {
            return attribute(GenericAttribute.of(key, value));
        }

        /** Adds the property attribute {@code a=<key>}. */
        public Builder flag(String key) {
            return attribute(GenericAttribute.flag(key));
        }

        public Builder mid(String mid) {
            return attribute("mid", mid);
        }

        /** Adds rtpmap, then fmtp when parameters are given, the payload type joining the format list. */
        public Builder codec(RtpMap rtpMap, String fmtpParameters) {
            String pt = Integer.toString(rtpMap.payloadType());
            if (!formats.contains(pt)) {
                formats.add(pt);
            }
            attribute(rtpMap);
            if (fmtpParameters != null && !fmtpParameters.isEmpty()) {
                attribute(new Fmtp(rtpMap.payloadType(), fmtpParameters));
            }
            return this;
        }

        public MediaDescription build() {
            return new MediaDescription(media, port, portCount, proto, formats, fields, attributes);
        }
    }
}
