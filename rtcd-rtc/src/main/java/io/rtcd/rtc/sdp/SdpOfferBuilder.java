package io.rtcd.rtc.sdp;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Builds an SFU-initiated offer (RFC 8829 JSEP §5.2.1 initial, §5.2.2 subsequent), e.g. to add or remove forwarded
 * tracks. All active sections are bundled (RFC 8843 §7.1) in the given order, {@code a=setup:actpass} (RFC 8842
 * §5.2), rtcp-mux and rtcp-rsize, the codecs' payload types with their feedback and fmtp, and the header extensions
 * with the configured IDs (RFC 8285 §5). A subsequent offer must keep mids, payload types and extension IDs of the
 * earlier negotiation: the caller passes the same transceivers, codecs and IDs.
 *
 * <p>Not thread-safe; one instance per offer.
 */
public final class SdpOfferBuilder {
    private static final String RTP_PROTO = "UDP/TLS/RTP/SAVPF";
    private static final String SCTP_PROTO = "UDP/DTLS/SCTP";

    private final Origin origin;
    private final String iceUfrag;
    private final String icePwd;
    private final Fingerprint fingerprint;
    private List<Candidate> candidates = List.of();
    private List<CodecSpec> codecs = CodecSpec.defaults();
    private final Map<MediaKind, Map<String, Integer>> extensions = new EnumMap<>(MediaKind.class);
    private final List<Object> sections = new ArrayList<>();
    private long maxMessageSize = 262_144;
    private boolean iceLite;

    /**
     * @param origin our o= line; increment its version for every new offer (RFC 8829 §5.2.2)
     */
    public SdpOfferBuilder(Origin origin, String iceUfrag, String icePwd, Fingerprint fingerprint) {
        this.origin = Objects.requireNonNull(origin, "origin");
        this.iceUfrag = Objects.requireNonNull(iceUfrag, "iceUfrag");
        this.icePwd = Objects.requireNonNull(icePwd, "icePwd");
        this.fingerprint = Objects.requireNonNull(fingerprint, "fingerprint");
        Map<String, Integer> audio = new LinkedHashMap<>();
        audio.put(ExtMap.AUDIO_LEVEL, 1);
        audio.put(ExtMap.ABS_SEND_TIME, 2);
        audio.put(ExtMap.TRANSPORT_CC, 3);
        audio.put(ExtMap.SDES_MID, 4);
        Map<String, Integer> video = new LinkedHashMap<>();
        video.put(ExtMap.ABS_SEND_TIME, 2);
        video.put(ExtMap.TRANSPORT_CC, 3);
        video.put(ExtMap.SDES_MID, 4);
        extensions.put(MediaKind.AUDIO, audio);
        extensions.put(MediaKind.VIDEO, video);
    }

    public SdpOfferBuilder candidates(List<Candidate> value) {
        this.candidates = List.copyOf(value);
        return this;
    }

    /** Codecs offered per kind, in preference order, with their {@link CodecSpec#payloadType()}. */
    public SdpOfferBuilder codecs(List<CodecSpec> value) {
        this.codecs = List.copyOf(value);
        return this;
    }

    /** Header extensions (URI to ID, in order) for one kind; defaults follow Chrome's IDs. */
    public SdpOfferBuilder extensions(MediaKind kind, Map<String, Integer> uriToId) {
        extensions.put(kind, new LinkedHashMap<>(uriToId));
        return this;
    }

    public SdpOfferBuilder maxMessageSize(long value) {
        this.maxMessageSize = value;
        return this;
    }

    public SdpOfferBuilder iceLite(boolean value) {
        this.iceLite = value;
        return this;
    }

    /** Adds an RTP section. */
    public SdpOfferBuilder media(Transceiver transceiver) {
        sections.add(Objects.requireNonNull(transceiver, "transceiver"));
        return this;
    }

    /** Adds the data channel section (RFC 8841 §5). */
    public SdpOfferBuilder dataChannel(String mid) {
        sections.add(Objects.requireNonNull(mid, "mid"));
        return this;
    }

    public SessionDescription build() {
        List<MediaDescription> media = new ArrayList<>();
        List<String> bundle = new ArrayList<>();
        for (Object s : sections) {
            if (s instanceof Transceiver t) {
                media.add(t.stopped() ? stopped(t) : rtp(t));
                if (!t.stopped()) {
                    bundle.add(t.mid());
                }
            } else {
                media.add(data((String) s));
                bundle.add((String) s);
            }
        }
        SessionDescription.Builder sb = SessionDescription.builder(origin).field(SdpField.timingZero());
        if (!bundle.isEmpty()) {
            sb.attribute(new Group(Group.BUNDLE, bundle));
        }
        sb.flag("extmap-allow-mixed");
        if (iceLite) {
            sb.flag("ice-lite");
        }
        sb.attribute("msid-semantic", " WMS");
        media.forEach(sb::media);
        return sb.build();
    }

    private List<CodecSpec> codecsOf(MediaKind kind) {
        List<CodecSpec> out = codecs.stream().filter(c -> c.kind() == kind).toList();
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no codec configured for " + kind);
        }
        return out;
    }

    private MediaDescription rtp(Transceiver t) {
        MediaDescription.Builder b = MediaDescription.builder(t.kind().name().toLowerCase(Locale.ROOT), 9, RTP_PROTO);
        List<CodecSpec> list = codecsOf(t.kind());
        list.forEach(c -> b.format(Integer.toString(c.payloadType())));
        transport(b, t.mid());
        extensions.getOrDefault(t.kind(), Map.of()).forEach((uri, id) -> b.attribute(ExtMap.of(id, uri)));
        b.attribute(t.direction());
        if (t.sender() != null) {
            b.attribute(t.sender().msid());
        }
        b.flag("rtcp-mux").flag("rtcp-rsize");
        for (CodecSpec c : list) {
            RtpMap map = new RtpMap(c.payloadType(), c.name(), c.clockRate(), c.channels());
            b.attribute(map);
            for (String fb : c.feedback()) {
                b.attribute(RtcpFb.of(c.payloadType(), fb));
            }
            if (c.fmtp() != null) {
                b.attribute(new Fmtp(c.payloadType(), c.fmtp()));
            }
        }
        if (t.sender() != null) {
            Transceiver.Sender s = t.sender();
            b.attribute(new SsrcAttribute(s.ssrc(), "cname", s.cname()));
            b.attribute(new SsrcAttribute(s.ssrc(), "msid", s.msid().value()));
        }
        addCandidates(b);
        return b.build();
    }

    private MediaDescription stopped(Transceiver t) {
        MediaDescription.Builder b = MediaDescription.builder(t.kind().name().toLowerCase(Locale.ROOT), 0, RTP_PROTO);
        codecsOf(t.kind()).forEach(c -> b.format(Integer.toString(c.payloadType())));
        return b.field(SdpField.connectionAny())
                .mid(t.mid())
                .attribute(Direction.INACTIVE)
                .build();
    }

    private MediaDescription data(String mid) {
        MediaDescription.Builder b =
                MediaDescription.builder("application", 9, SCTP_PROTO).format("webrtc-datachannel");
        transport(b, mid);
        b.attribute("sctp-port", Integer.toString(SdpAnswerBuilder.SCTP_PORT));
        b.attribute("max-message-size", Long.toString(maxMessageSize));
        addCandidates(b);
        return b.build();
    }

    private void transport(MediaDescription.Builder b, String mid) {
        b.field(SdpField.connectionAny());
        b.attribute("ice-ufrag", iceUfrag);
        b.attribute("ice-pwd", icePwd);
        b.attribute(fingerprint);
        b.attribute(Setup.ACTPASS);
        b.mid(mid);
    }

    private void addCandidates(MediaDescription.Builder b) {
        b.attributes(candidates);
        if (!candidates.isEmpty()) {
            b.flag("end-of-candidates");
        }
    }
}
