package io.rtcd.rtc.sdp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Builds the SFU's answer to a remote (browser) offer, following RFC 8829 JSEP §5.3.1.
 *
 * <ul>
 *   <li>Each offered audio/video section is accepted when at least one offered rtpmap matches a supported
 *       {@link CodecSpec}: the answer keeps the offer's payload type numbers and order, its fmtp is the codec's
 *       (or the offer's when the codec has none) and its rtcp-fb lines are the offered ones the codec supports
 *       (RFC 4585 §4.2). Extmaps are the offered ones whose URI is supported, with the offer's ids (RFC 8285 §7).
 *       Simulcast send rids are answered as recv rids (RFC 8853 §5.3, RFC 8851 §4.3).</li>
 *   <li>The answer direction is {@code desired.intersect(offered.reverse())} (RFC 8829 §5.3.1, RFC 8866 §6.7).</li>
 *   <li>An application section with {@code webrtc-datachannel} is accepted with {@code a=sctp-port:5000} and
 *       {@code a=max-message-size} (RFC 8841 §5, §6).</li>
 *   <li>Anything else (including audio/video over a non-RTP proto) is rejected: port 0, the offer's formats, its mid, and it leaves the BUNDLE group (RFC 8843
 *       §7.3.3).</li>
 *   <li>Accepted sections carry the local ICE credentials and candidates (RFC 8839 §5), the DTLS fingerprint and
 *       {@code a=setup} answered to the offer's role (passive for actpass, RFC 8842 §5.3), rtcp-mux (RFC 5761) and
 *       rtcp-rsize when offered (RFC 5506).</li>
 * </ul>
 *
 * <p>Not thread-safe; build one answer per instance or reuse it from one thread.
 */
public final class SdpAnswerBuilder {
    /** The SCTP port WebRTC uses (RFC 8841 §5, browsers' default). */
    public static final int SCTP_PORT = 5000;

    private final SessionDescription offer;
    private final String iceUfrag;
    private final String icePwd;
    private final Fingerprint fingerprint;
    private List<Candidate> candidates = List.of();
    private List<CodecSpec> codecs = CodecSpec.defaults();
    private Set<String> extensions = Set.of(
            ExtMap.AUDIO_LEVEL,
            ExtMap.SDES_MID,
            ExtMap.ABS_SEND_TIME,
            ExtMap.TRANSPORT_CC,
            ExtMap.SDES_RTP_STREAM_ID,
            ExtMap.SDES_REPAIRED_RTP_STREAM_ID);
    private Direction defaultDirection = Direction.RECVONLY;
    private final Map<String, Direction> directions = new HashMap<>();
    private long maxMessageSize = 262_144;
    private boolean iceLite;
    private boolean endOfCandidates = true;
    private boolean simulcast = true;
    private Origin origin;

    /**
     * @param offer the remote offer, already validated with {@link WebRtcSdpValidator#validateOffer}
     * @param iceUfrag our ICE username fragment
     * @param icePwd our ICE password
     * @param fingerprint the fingerprint of our DTLS certificate
     */
    public SdpAnswerBuilder(SessionDescription offer, String iceUfrag, String icePwd, Fingerprint fingerprint) {
        this.offer = Objects.requireNonNull(offer, "offer");
        this.iceUfrag = Objects.requireNonNull(iceUfrag, "iceUfrag");
        this.icePwd = Objects.requireNonNull(icePwd, "icePwd");
        this.fingerprint = Objects.requireNonNull(fingerprint, "fingerprint");
        this.origin = new Origin("-", "1", "2", "IN", "IP4", "127.0.0.1");
    }

    /** Our local candidates, written in every accepted section. */
    public SdpAnswerBuilder candidates(List<Candidate> value) {
        this.candidates = List.copyOf(value);
        return this;
    }

    /** The codecs we accept (default {@link CodecSpec#defaults()}). */
    public SdpAnswerBuilder codecs(List<CodecSpec> value) {
        this.codecs = List.copyOf(value);
        return this;
    }

    /** The header extension URIs we accept. */
    public SdpAnswerBuilder extensions(Set<String> uris) {
        this.extensions = Set.copyOf(uris);
        return this;
    }

    /** What we want for every RTP section (default recvonly: the SFU receives what the client publishes). */
    public SdpAnswerBuilder direction(Direction desired) {
        this.defaultDirection = Objects.requireNonNull(desired, "desired");
        return this;
    }

    /** What we want for one mid, overriding {@link #direction(Direction)}. */
    public SdpAnswerBuilder direction(String mid, Direction desired) {
        directions.put(mid, Objects.requireNonNull(desired, "desired"));
        return this;
    }

    public SdpAnswerBuilder maxMessageSize(long value) {
        this.maxMessageSize = value;
        return this;
    }

    /** Adds {@code a=ice-lite} at session level (RFC 8839 §5.3). */
    public SdpAnswerBuilder iceLite(boolean value) {
        this.iceLite = value;
        return this;
    }

    /** Adds {@code a=end-of-candidates} after our candidates (RFC 8840 §8.2); default true. */
    public SdpAnswerBuilder endOfCandidates(boolean value) {
        this.endOfCandidates = value;
        return this;
    }

    /**
     * Whether offered simulcast (RFC 8853) is accepted (default true: send rids answered as recv rids). With false the
     * answer carries no {@code a=rid}/{@code a=simulcast}, so the offerer sends one RTP stream (RFC 8853 §5.3), the
     * first encoding, without an SSRC in the SDP.
     */
    public SdpAnswerBuilder simulcast(boolean accept) {
        this.simulcast = accept;
        return this;
    }

    /** Our o= line; the session id is a decimal string up to 63 bits (RFC 8829 §5.2.1). */
    public SdpAnswerBuilder origin(Origin value) {
        this.origin = Objects.requireNonNull(value, "origin");
        return this;
    }

    public SessionDescription build() {
        Setup offered = offer.setup().orElse(Setup.ACTPASS);
        List<MediaDescription> sections = new ArrayList<>();
        Set<String> accepted = new LinkedHashSet<>();
        for (MediaDescription m : offer.media()) {
            Setup role = offer.setup(m).orElse(offered).answerTo();
            MediaDescription answer = m.isRejected()
                    ? null
                    : switch (m.kind()) {
                        case AUDIO, VIDEO -> m.isRtp() ? answerRtp(m, role) : null;
                        case APPLICATION -> answerData(m, role);
                        default -> null;
                    };
            if (answer == null) {
                sections.add(reject(m));
            } else {
                sections.add(answer);
                m.mid().ifPresent(accepted::add);
            }
        }
        SessionDescription.Builder sb = SessionDescription.builder(origin).field(SdpField.timingZero());
        if (offer.bundleGroup().isPresent()) {
            List<String> mids = new ArrayList<>();
            for (String mid : offer.bundleGroup().get().mids()) {
                if (accepted.contains(mid)) {
                    mids.add(mid);
                }
            }
            if (!mids.isEmpty()) {
                sb.attribute(new Group(Group.BUNDLE, mids));
            }
        }
        if (offer.extmapAllowMixed()) {
            sb.flag("extmap-allow-mixed");
        }
        if (iceLite) {
            sb.flag("ice-lite");
        }
        sb.attribute("msid-semantic", " WMS");
        sections.forEach(sb::media);
        return sb.build();
    }

    private MediaDescription answerRtp(MediaDescription m, Setup role) {
        List<RtpMap> maps = new ArrayList<>();
        List<CodecSpec> specs = new ArrayList<>();
        for (String f : m.formats()) {
            RtpMap map = m.rtpMap(Integer.parseInt(f)).orElse(null);
            if (map == null) {
                continue;
            }
            for (CodecSpec c : codecs) {
                if (c.matches(m.kind(), map)) {
                    maps.add(map);
                    specs.add(c);
                    break;
                }
            }
        }
        if (maps.isEmpty()) {
            return null;
        }
        MediaDescription.Builder b = MediaDescription.builder(m.media(), 9, m.proto());
        transport(b, m, role);
        for (ExtMap e : m.extMaps()) {
            if (extensions.contains(e.uri())) {
                b.attribute(new ExtMap(e.id(), null, e.uri(), e.extensionAttributes()));
            }
        }
        Direction desired = m.mid().map(directions::get).orElse(null);
        Direction dir = (desired == null ? defaultDirection : desired)
                .intersect(offer.direction(m).reverse());
        b.attribute(dir);
        b.flag("rtcp-mux");
        if (m.rtcpRsize()) {
            b.flag("rtcp-rsize");
        }
        for (int i = 0; i < maps.size(); i++) {
            RtpMap map = maps.get(i);
            CodecSpec spec = specs.get(i);
            String fmtp = spec.fmtp() != null
                    ? spec.fmtp()
                    : m.fmtp(map.payloadType()).map(Fmtp::parameters).orElse(null);
            b.codec(map, null);
            for (RtcpFb fb : m.rtcpFbs(map.payloadType())) {
                if (spec.feedback().contains(fb.feedback())) {
                    b.attribute(RtcpFb.of(map.payloadType(), fb.feedback()));
                }
            }
            if (fmtp != null) {
                b.attribute(new Fmtp(map.payloadType(), fmtp));
            }
        }
        if (simulcast
                && dir.receives()
                && m.simulcast().isPresent()
                && !m.simulcast().get().sendRids().isEmpty()) {
            for (Rid r : m.rids()) {
                if (r.direction().equals("send")) {
                    b.attribute(new Rid(r.id(), "recv", null));
                }
            }
            b.attribute(new Simulcast(swapSimulcast(m.simulcast().get().description())));
        }
        addCandidates(b);
        return b.build();
    }

    private MediaDescription answerData(MediaDescription m, Setup role) {
        if (!m.proto().endsWith("SCTP") || !m.formats().contains("webrtc-datachannel")) {
            return null;
        }
        MediaDescription.Builder b =
                MediaDescription.builder(m.media(), 9, m.proto()).format("webrtc-datachannel");
        transport(b, m, role);
        b.attribute("sctp-port", Integer.toString(SCTP_PORT));
        b.attribute("max-message-size", Long.toString(maxMessageSize));
        addCandidates(b);
        return b.build();
    }

    private void transport(MediaDescription.Builder b, MediaDescription m, Setup role) {
        b.field(SdpField.connectionAny());
        b.attribute("ice-ufrag", iceUfrag);
        b.attribute("ice-pwd", icePwd);
        b.attribute(fingerprint);
        b.attribute(role);
        m.mid().ifPresent(b::mid);
    }

    private void addCandidates(MediaDescription.Builder b) {
        b.attributes(candidates);
        if (endOfCandidates && !candidates.isEmpty()) {
            b.flag("end-of-candidates");
        }
    }

    private static MediaDescription reject(MediaDescription m) {
        MediaDescription.Builder b = MediaDescription.builder(m.media(), 0, m.proto())
                .formats(m.formats())
                .field(SdpField.connectionAny());
        m.mid().ifPresent(b::mid);
        return b.build();
    }

    /** "send q;h;f" becomes "recv q;h;f" (RFC 8853 §5.3: the answer reverses the directions). */
    private static String swapSimulcast(String description) {
        List<String> t = SdpText.tokens(description, "simulcast");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < t.size(); i += 2) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(t.get(i).equals("send") ? "recv" : "send").append(' ').append(t.get(i + 1));
        }
        return sb.toString();
    }
}
