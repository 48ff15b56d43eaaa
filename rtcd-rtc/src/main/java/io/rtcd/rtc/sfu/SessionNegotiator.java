package io.rtcd.rtc.sfu;

import io.rtcd.rtc.sdp.Attribute;
import io.rtcd.rtc.sdp.CodecSpec;
import io.rtcd.rtc.sdp.Direction;
import io.rtcd.rtc.sdp.ExtMap;
import io.rtcd.rtc.sdp.Fingerprint;
import io.rtcd.rtc.sdp.Fmtp;
import io.rtcd.rtc.sdp.GenericAttribute;
import io.rtcd.rtc.sdp.Group;
import io.rtcd.rtc.sdp.MediaDescription;
import io.rtcd.rtc.sdp.MediaKind;
import io.rtcd.rtc.sdp.Msid;
import io.rtcd.rtc.sdp.Origin;
import io.rtcd.rtc.sdp.RtcpFb;
import io.rtcd.rtc.sdp.RtpMap;
import io.rtcd.rtc.sdp.SdpAnswerBuilder;
import io.rtcd.rtc.sdp.SdpField;
import io.rtcd.rtc.sdp.SdpParseException;
import io.rtcd.rtc.sdp.SdpParser;
import io.rtcd.rtc.sdp.SdpWriter;
import io.rtcd.rtc.sdp.SessionDescription;
import io.rtcd.rtc.sdp.Setup;
import io.rtcd.rtc.sdp.SsrcAttribute;
import io.rtcd.rtc.sdp.SsrcGroup;
import io.rtcd.rtc.sdp.WebRtcSdpValidator;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Offer/answer state of one session (RFC 8829 JSEP, RFC 3264), without sockets.
 *
 * <p>Sections: the client's own m-lines ("client sections", answered recvonly: what it publishes) and the SFU's
 * sendonly m-lines, one per forwarded track ("forward sections", mids {@code f0, f1, ...}, added by server offers).
 * A removed track leaves its section {@code inactive}; a later track of the same kind reuses it.
 *
 * <p>Rules:
 *
 * <ul>
 *   <li>The first offer comes from the client. Until it is answered nothing else is possible.
 *   <li>Server offers run one at a time: while one waits for its answer, further changes only mark the state dirty
 *       and are coalesced into the next offer, created after the answer (or the answer timeout).
 *   <li><b>Glare</b>: a client offer that arrives while a server offer is pending is refused ({@link SfuException}
 *       "glare"). The server is the impolite peer, as in rtcd; the client (polite) rolls back, applies the server's
 *       offer and offers again after answering. This choice is deterministic and needs no rollback on the server.
 *   <li>Server offers are only created once the transport is connected (the session asks {@link #wantsOffer()} then):
 *       a client whose transport has not started takes an early re-offer for a change of remote ICE credentials.
 *       The first tracks need no offer at all: a client offer's {@code recvonly} sections (of a kind and codec a
 *       pending forward can use) carry them in the answer ({@code sendonly}, msid and ssrc), and later tracks reuse
 *       such sections before new ones are added.
 *   <li>ICE restart (RFC 8445 §9, RFC 8839 §4.4.1.1.1): new {@code ice-ufrag}/{@code ice-pwd} in a client offer are
 *       answered with new local credentials (RFC 8829 §5.3.1); new credentials in a client <em>answer</em> (which
 *       JSEP does not allow, but pion sends when a re-offer reaches it early) are taken as the remote side's new
 *       credentials. Either way the caller gets an {@link IceChange} and moves the transport to the new credentials;
 *       DTLS stays. A DTLS fingerprint change is refused (it would need a new handshake).
 * </ul>
 *
 * <p>Not thread-safe: owned by the session's serial executor.
 */
final class SessionNegotiator {
    /** Feedback offered on forwarded video (without transport-cc: the SFU does not run TWCC). */
    private static final List<String> VIDEO_FEEDBACK = List.of("nack", "nack pli", "ccm fir", "goog-remb");

    /**
     * Codecs accepted from publishers and passed through to subscribers unchanged (payload bytes untouched, payload
     * type rewritten): Opus, VP8, AV1, VP9, H.264. The answer keeps the offer's order, so a browser keeps sending its
     * preferred codec.
     */
    static final List<CodecSpec> CODECS =
            List.of(CodecSpec.opus(), CodecSpec.vp8(), CodecSpec.av1(), CodecSpec.vp9(), CodecSpec.h264());

    private static final String FORWARD_MID_PREFIX = "f";
    private static final String PROTO = "UDP/TLS/RTP/SAVPF";

    /** An SFU sendonly section. */
    private static final class ForwardSection {
        /** Our own {@code fN}, or the mid of a client {@code recvonly} section this forward was bound to. */
        String mid;

        final MediaKind kind;
        /** The subscription this section should carry; null = inactive. */
        Subscription wanted;
        /** The subscription in the last offer sent. */
        Subscription offered;
        /** The codec last offered on this section (kept while inactive). */
        CodecSpec codec;

        ForwardSection(String mid, MediaKind kind) {
            this.mid = mid;
            this.kind = kind;
        }
    }

    /**
     * What accepting a client offer changed.
     *
     * @param refused client sections answered {@code inactive} by the {@link PublishPolicy}: mid to reason
     */
    record OfferOutcome(
            String answer,
            List<PublishedSource> added,
            List<String> removedMids,
            List<Subscription> activated,
            Map<String, String> refused,
            IceChange iceChange) {}

    /**
     * What applying an answer changed.
     *
     * @param iceChange non-null when the answer carried new remote ICE credentials
     */
    record AnswerOutcome(List<Subscription> activated, IceChange iceChange) {}

    /**
     * New ICE credentials: {@code localUfrag}/{@code localPwd} are ours from now on ({@code null} when ours did not
     * change: the remote side changed in an answer), {@code remoteUfrag} is the peer's.
     */
    record IceChange(String localUfrag, String localPwd, String remoteUfrag) {
        boolean localChanged() {
            return localUfrag != null;
        }
    }

    /** Fresh local ICE credentials for an ICE restart: {ufrag, password}. */
    interface CredentialSource {
        String[] next();
    }

    /** Whether the client may publish a section it sends on (permissions, screen sharer rule). */
    interface PublishPolicy {
        /** @return null if allowed, else the reason given to the client (the section is answered inactive) */
        String refusal(MediaKind kind, String streamId);
    }

    private final String sessionId;
    private final CredentialSource credentials;
    private LocalTransport local;
    private String remoteIceUfrag;
    private String remoteIcePwd;
    private final String originSessionId;
    private final List<ForwardSection> forwards = new ArrayList<>();
    private final Map<String, PublishedSource> published = new LinkedHashMap<>();
    private SessionDescription remote;
    private SessionDescription localDescription;
    private SessionDescription pendingOffer;
    private long version = 1;
    private boolean dirty;
    /** The next server offer restarts ICE with new local credentials (the session saw consent go stale). */
    private boolean iceRestartWanted;
    /** The ICE change of the last server offer, or null. */
    private IceChange offerIceChange;

    private PublishPolicy policy = (kind, stream) -> null;

    SessionNegotiator(String sessionId, LocalTransport local, long originSessionId, CredentialSource credentials) {
        this.sessionId = sessionId;
        this.local = local;
        this.credentials = credentials;
        this.originSessionId = Long.toString(originSessionId & Long.MAX_VALUE);
    }

    /** Installs the policy consulted for every client section in later offers (default: everything allowed). */
    void publishPolicy(PublishPolicy value) {
        this.policy = value;
    }

    boolean negotiated() {
        return localDescription != null;
    }

    boolean offerPending() {
        return pendingOffer != null;
    }

    /**
     * Asks for a server ICE restart (RFC 8445 §9): the next offer carries new local credentials ({@link
     * #offerIceChange()}). Ignored before the first answer.
     */
    void requestIceRestart() {
        if (localDescription != null) {
            iceRestartWanted = true;
            dirty = true;
        }
    }

    /** New local credentials the offer just created carries (the caller moves the transport first), or null. */
    IceChange offerIceChange() {
        return offerIceChange;
    }

    /** A server offer should be created now. */
    boolean wantsOffer() {
        return dirty && localDescription != null && pendingOffer == null;
    }

    /** Tracks currently published by the client, by mid. */
    Map<String, PublishedSource> published() {
        return Map.copyOf(published);
    }

    /** Remote ICE ufrag and DTLS role learnt from the client's offer. */
    SessionDescription remote() {
        return remote;
    }

    /**
     * Accepts a client offer and builds the answer.
     *
     * @throws SdpParseException malformed or non-WebRTC SDP (nothing changes)
     * @throws SfuException glare, ICE restart or fingerprint change (nothing changes)
     */
    OfferOutcome acceptOffer(String sdp) {
        if (pendingOffer != null) {
            throw new SfuException("glare: a server offer is pending; apply it, answer, then offer again");
        }
        SessionDescription offer = SdpParser.parse(sdp);
        WebRtcSdpValidator.validateOffer(offer);
        MediaDescription first =
                firstActive(offer).orElseThrow(() -> new SdpParseException("offer has no active m= section"));
        String offerUfrag = offer.iceUfrag(first).orElse("");
        String offerPwd = offer.icePwd(first).orElse("");
        LocalTransport answerLocal = local;
        IceChange iceChange = null;
        if (remote != null) {
            if (!offer.fingerprints(first).equals(remoteFingerprints())) {
                throw new SfuException("DTLS fingerprint change is not supported; rejoin instead");
            }
            if (!offerUfrag.equals(remoteIceUfrag) || !offerPwd.equals(remoteIcePwd)) {
                String[] fresh = credentials.next();
                answerLocal = new LocalTransport(fresh[0], fresh[1], local.fingerprint(), local.candidates());
                iceChange = new IceChange(fresh[0], fresh[1], offerUfrag);
            }
        }
        Map<ForwardSection, String> unbound = new LinkedHashMap<>();
        for (ForwardSection f : forwards) {
            if (f.wanted != null && !negotiatedSection(f.mid)) {
                unbound.put(f, f.mid);
                bindToClientSection(f, offer);
            }
        }
        try {
            return answerOffer(offer, offerUfrag, offerPwd, answerLocal, iceChange);
        } catch (RuntimeException e) {
            unbound.forEach((f, mid) -> f.mid = mid); // nothing changes when the offer fails
            throw e;
        }
    }

    private OfferOutcome answerOffer(
            SessionDescription offer,
            String offerUfrag,
            String offerPwd,
            LocalTransport answerLocal,
            IceChange iceChange) {
        SdpAnswerBuilder b = new SdpAnswerBuilder(
                        offer, answerLocal.iceUfrag(), answerLocal.icePwd(), answerLocal.fingerprint())
                .candidates(answerLocal.candidates())
                .iceLite(true)
                .simulcast(false)
                .codecs(CODECS)
                .origin(origin())
                .direction(Direction.RECVONLY);
        for (ForwardSection f : forwards) {
            b.direction(f.mid, f.wanted != null ? Direction.SENDONLY : Direction.INACTIVE);
        }
        // RFC 3264 §6: an answerer that will not receive a stream answers it inactive; the transceiver survives
        // (port 0 would stop it and could drop the BUNDLE tag), the client's sender stops (RFC 8829 §5.10).
        Map<String, String> refused = new LinkedHashMap<>();
        for (MediaDescription m : offer.media()) {
            String mid = m.mid().orElse(null);
            if (mid == null
                    || m.isRejected()
                    || !m.isRtp()
                    || forward(mid) != null
                    || !offer.direction(m).sends()
                    || (m.kind() != MediaKind.AUDIO && m.kind() != MediaKind.VIDEO)) {
                continue;
            }
            String reason = policy.refusal(m.kind(), streamId(m));
            if (reason != null) {
                b.direction(mid, Direction.INACTIVE);
                refused.put(mid, reason);
            }
        }
        SessionDescription answer = decorateForwards(b.build());
        // compute outcome before committing state, so a failure leaves nothing behind
        Map<String, PublishedSource> nowPublished = new LinkedHashMap<>();
        List<Subscription> activated = new ArrayList<>();
        for (MediaDescription a : answer.media()) {
            String mid = a.mid().orElse("");
            ForwardSection f = forward(mid);
            if (f != null) {
                continue;
            }
            MediaDescription o = offer.mediaByMid(mid).orElse(null);
            if (o == null || a.isRejected() || !a.direction().receives() || !o.isRtp()) {
                continue;
            }
            source(o, a).ifPresent(s -> nowPublished.put(mid, s));
        }
        List<PublishedSource> added = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        for (Map.Entry<String, PublishedSource> e : nowPublished.entrySet()) {
            PublishedSource old = published.get(e.getKey());
            if (old == null || old.ssrc() != e.getValue().ssrc()) {
                if (old != null) {
                    removed.add(e.getKey());
                }
                added.add(e.getValue());
            }
        }
        for (String mid : published.keySet()) {
            if (!nowPublished.containsKey(mid)) {
                removed.add(mid);
            }
        }
        boolean stillWanted = false;
        for (ForwardSection f : forwards) {
            MediaDescription a = answer.mediaByMid(f.mid).orElse(null);
            if (f.wanted != null
                    && a != null
                    && !a.isRejected()
                    && a.direction().sends()) {
                if (!f.wanted.active()) {
                    activated.add(f.wanted);
                }
                apply(f.wanted, a, f.mid);
            } else if (f.wanted != null) {
                f.wanted.deactivate();
            }
            // a forward with no section in this answer still needs a server offer
            stillWanted |= a == null && f.wanted != null;
            f.offered = f.wanted;
        }
        published.clear();
        published.putAll(nowPublished);
        remote = offer;
        remoteIceUfrag = offerUfrag;
        remoteIcePwd = offerPwd;
        local = answerLocal;
        localDescription = answer;
        dirty = stillWanted;
        version++;
        return new OfferOutcome(SdpWriter.write(answer), added, removed, activated, refused, iceChange);
    }

    /** The first section of {@code d} that is not rejected (port 0): the one carrying the BUNDLE transport. */
    static Optional<MediaDescription> firstActive(SessionDescription d) {
        return d.media().stream().filter(m -> !m.isRejected()).findFirst();
    }

    /** The DTLS fingerprints of the client's last offer (its transport section). */
    private List<Fingerprint> remoteFingerprints() {
        return remote.fingerprints(firstActive(remote).orElseThrow());
    }

    /** Whether {@code mid} is a section of the negotiated session (the last local description). */
    private boolean negotiatedSection(String mid) {
        return localDescription != null && localDescription.mediaByMid(mid).isPresent();
    }

    /**
     * Binds a forward that has no section yet to a client {@code recvonly} section of {@code desc} (the client offer
     * being answered, or the negotiated session) of the same kind, listing the track's codec, that no forward uses
     * yet: the answer (or next offer) carries the track there, without a section of our own.
     */
    private void bindToClientSection(ForwardSection f, SessionDescription desc) {
        SessionDescription offered = desc == localDescription ? remote : desc;
        CodecSpec codec = f.wanted.track.codec();
        for (MediaDescription m : offered.media()) {
            String mid = m.mid().orElse(null);
            if (mid == null
                    || m.isRejected()
                    || !m.isRtp()
                    || m.kind() != f.kind
                    || offered.direction(m) != Direction.RECVONLY
                    || forward(mid) != null
                    || published.containsKey(mid)
                    || (desc == localDescription && desc.mediaByMid(mid).isEmpty())) {
                continue;
            }
            boolean codecOffered = false;
            for (RtpMap r : m.rtpMaps()) {
                codecOffered |= m.formats().contains(Integer.toString(r.payloadType()))
                        && r.matches(codec.name(), codec.clockRate(), codec.channels());
            }
            if (codecOffered) {
                f.mid = mid;
                return;
            }
        }
    }

    /** Schedules forwarding of {@code s} in the next server offer. */
    void addForward(Subscription s) {
        MediaKind kind = s.track.kind;
        ForwardSection free = null;
        for (ForwardSection f : forwards) {
            if (f.kind == kind && f.wanted == null && f.offered == null) {
                free = f;
                break;
            }
        }
        if (free == null) {
            free = new ForwardSection(FORWARD_MID_PREFIX + forwards.size(), kind);
            forwards.add(free);
            free.wanted = s;
            if (localDescription != null && pendingOffer == null) {
                bindToClientSection(free, localDescription); // reuse a client recvonly section answered inactive
            }
        }
        free.wanted = s;
        dirty = true;
    }

    /** Schedules the section of {@code s} to become inactive in the next server offer. */
    void removeForward(Subscription s) {
        for (ForwardSection f : forwards) {
            if (f.wanted == s) {
                f.wanted = null;
                dirty = true;
            }
        }
        s.deactivate();
    }

    /**
     * What the SFU's sections carry in the offer just created (for rtcd's MediaMap, §4.6): mid → {track type label,
     * sender session id}.
     */
    Map<String, String[]> forwardMediaMap() {
        Map<String, String[]> m = new LinkedHashMap<>();
        for (ForwardSection f : forwards) {
            if (f.offered != null) {
                m.put(f.mid, new String[] {f.offered.track.type.label(), f.offered.track.publisherSessionId});
            }
        }
        return m;
    }

    /** Builds the next server offer (RFC 8829 §5.2.2 subsequent offer) and marks it pending. */
    String createOffer() {
        if (!wantsOffer()) {
            throw new IllegalStateException("no offer wanted");
        }
        SessionDescription base = localDescription;
        offerIceChange = null;
        if (iceRestartWanted) {
            String[] fresh = credentials.next();
            local = new LocalTransport(fresh[0], fresh[1], local.fingerprint(), local.candidates());
            offerIceChange = new IceChange(fresh[0], fresh[1], null);
            iceRestartWanted = false;
        }
        SessionDescription.Builder sb = SessionDescription.builder(origin()).field(SdpField.timingZero());
        List<String> bundle = new ArrayList<>();
        List<MediaDescription> sections = new ArrayList<>();
        Map<String, Integer> extIds = sessionExtIds(base);
        Map<String, Integer> pts = payloadTypes(base);
        for (MediaDescription m : base.media()) {
            String mid = m.mid().orElse("");
            ForwardSection f = forward(mid);
            MediaDescription s = f != null ? forwardSection(f, base, extIds, pts) : asOffer(m, local);
            sections.add(s);
            if (!s.isRejected()) {
                bundle.add(mid);
            }
        }
        for (ForwardSection f : forwards) {
            if (base.mediaByMid(f.mid).isEmpty()) {
                sections.add(forwardSection(f, base, extIds, pts));
                bundle.add(f.mid);
            }
        }
        sb.attribute(new Group(Group.BUNDLE, bundle));
        if (base.extmapAllowMixed()) {
            sb.flag("extmap-allow-mixed");
        }
        sb.flag("ice-lite");
        sb.attribute("msid-semantic", " WMS");
        sections.forEach(sb::media);
        SessionDescription offer = sb.build();
        for (ForwardSection f : forwards) {
            f.offered = f.wanted;
        }
        pendingOffer = offer;
        dirty = false;
        version++;
        return SdpWriter.write(offer);
    }

    /**
     * Applies the client's answer to the pending server offer.
     *
     * @return subscriptions that start flowing now (a new video subscriber gets a keyframe request)
     * @throws SdpParseException malformed answer (the offer stays pending until its timeout)
     * @throws SfuException no offer is pending
     */
    AnswerOutcome acceptAnswer(String sdp) {
        if (pendingOffer == null) {
            throw new SfuException("unexpected answer: no server offer is pending");
        }
        SessionDescription answer = SdpParser.parse(sdp);
        WebRtcSdpValidator.validateAnswer(answer);
        MediaDescription first = firstActive(answer).orElse(null);
        IceChange iceChange = null;
        if (first != null && remote != null) {
            List<Fingerprint> fps = answer.fingerprints(first);
            if (!fps.isEmpty() && !fps.equals(remoteFingerprints())) {
                throw new SfuException("DTLS fingerprint change is not supported; rejoin instead");
            }
            String ufrag = answer.iceUfrag(first).orElse(remoteIceUfrag);
            String pwd = answer.icePwd(first).orElse(remoteIcePwd);
            if (!ufrag.equals(remoteIceUfrag) || !pwd.equals(remoteIcePwd)) {
                iceChange = new IceChange(null, null, ufrag);
                remoteIceUfrag = ufrag;
                remoteIcePwd = pwd;
            }
        }
        List<Subscription> activated = new ArrayList<>();
        for (ForwardSection f : forwards) {
            Subscription s = f.offered;
            if (s == null) {
                continue;
            }
            MediaDescription a = answer.mediaByMid(f.mid).orElse(null);
            if (f.wanted != s) {
                // Removed while this offer was pending (its publisher left): the answer must not revive it; the
                // next offer sets the section inactive.
                s.deactivate();
            } else if (a != null
                    && !a.isRejected()
                    && a.direction().receives()
                    && !a.formats().isEmpty()) {
                boolean was = s.active();
                apply(s, a, f.mid);
                if (!was) {
                    activated.add(s);
                }
            } else {
                s.deactivate();
            }
        }
        localDescription = pendingOffer;
        pendingOffer = null;
        return new AnswerOutcome(activated, iceChange);
    }

    /** The pending offer got no answer in time: forget it; its changes are offered again. */
    void offerTimedOut() {
        if (pendingOffer == null) {
            return;
        }
        pendingOffer = null;
        for (ForwardSection f : forwards) {
            if (f.offered != null && !f.offered.active()) {
                f.offered = null;
            }
            dirty |= f.offered != f.wanted;
        }
    }

    /** The subscriber accepted {@code a}: forward with the payload type of the track's codec in it. */
    private static void apply(Subscription s, MediaDescription a, String mid) {
        s.negotiated(payloadTypeFor(s.track.codec(), a), HeaderExtension.idsOf(a), mid);
    }

    /**
     * The payload type of {@code a} carrying {@code codec}: same name, clock and fmtp; else same name and clock; else
     * the first format (an answer to our one-codec offer has only that one).
     */
    private static int payloadTypeFor(CodecSpec codec, MediaDescription a) {
        int byName = -1;
        for (RtpMap r : a.rtpMaps()) {
            if (!a.formats().contains(Integer.toString(r.payloadType()))
                    || !r.matches(codec.name(), codec.clockRate(), codec.channels())) {
                continue;
            }
            String fmtp = a.fmtp(r.payloadType()).map(Fmtp::parameters).orElse(null);
            if (java.util.Objects.equals(fmtp, codec.fmtp())) {
                return r.payloadType();
            }
            if (byName < 0) {
                byName = r.payloadType();
            }
        }
        return byName >= 0 ? byName : Integer.parseInt(a.formats().get(0));
    }

    private ForwardSection forward(String mid) {
        for (ForwardSection f : forwards) {
            if (f.mid.equals(mid)) {
                return f;
            }
        }
        return null;
    }

    private Origin origin() {
        return new Origin("-", originSessionId, Long.toString(version), "IN", "IP4", "127.0.0.1");
    }

    /**
     * Answered client section rewritten as part of an offer: setup actpass (RFC 8842 §5.2), same direction, our
     * current ICE credentials (new ones after a restart).
     */
    private static MediaDescription asOffer(MediaDescription m, LocalTransport local) {
        if (m.isRejected()) {
            return m;
        }
        List<Attribute> attrs = new ArrayList<>();
        for (Attribute a : m.attributes()) {
            if (a instanceof Setup) {
                attrs.add(Setup.ACTPASS);
            } else if (a.key().equals("ice-ufrag")) {
                attrs.add(new GenericAttribute("ice-ufrag", local.iceUfrag()));
            } else if (a.key().equals("ice-pwd")) {
                attrs.add(new GenericAttribute("ice-pwd", local.icePwd()));
            } else {
                attrs.add(a);
            }
        }
        MediaDescription.Builder fresh = MediaDescription.builder(m.media(), m.port(), m.proto())
                .formats(m.formats())
                .attributes(attrs);
        m.fields().forEach(fresh::field);
        return fresh.build();
    }

    /** Adds msid and ssrc lines (RFC 8830, RFC 5576) to our sendonly sections of an answer. */
    private SessionDescription decorateForwards(SessionDescription answer) {
        if (forwards.isEmpty()) {
            return answer;
        }
        SessionDescription.Builder sb = SessionDescription.builder(answer.origin());
        answer.fields().forEach(sb::field);
        answer.attributes().forEach(sb::attribute);
        for (MediaDescription m : answer.media()) {
            ForwardSection f = forward(m.mid().orElse(""));
            if (f == null || f.wanted == null || m.isRejected()) {
                sb.media(m);
            } else {
                MediaDescription.Builder b = m.toBuilder();
                sourceAttributes(b, f.wanted);
                sb.media(b.build());
            }
        }
        return sb.build();
    }

    private static void sourceAttributes(MediaDescription.Builder b, Subscription s) {
        String stream = s.track.publisherSessionId;
        b.attribute(new Msid(stream, s.track.trackId));
        b.attribute(new SsrcAttribute(s.outSsrc, "cname", stream));
        b.attribute(new SsrcAttribute(s.outSsrc, "msid", stream + " " + s.track.trackId));
    }

    private MediaDescription forwardSection(
            ForwardSection f, SessionDescription base, Map<String, Integer> extIds, Map<String, Integer> pts) {
        if (f.wanted != null) {
            f.codec = f.wanted.track.codec();
        } else if (f.codec == null) {
            f.codec = f.kind == MediaKind.AUDIO ? CodecSpec.opus() : CodecSpec.vp8();
        }
        CodecSpec spec = f.codec;
        int pt = payloadType(pts, spec);
        MediaDescription.Builder b = MediaDescription.builder(f.kind == MediaKind.AUDIO ? "audio" : "video", 9, PROTO);
        b.field(SdpField.connectionAny());
        b.attribute("ice-ufrag", local.iceUfrag());
        b.attribute("ice-pwd", local.icePwd());
        b.attribute(local.fingerprint());
        b.attribute(Setup.ACTPASS);
        b.mid(f.mid);
        for (HeaderExtension h : HeaderExtension.all()) {
            Integer id = extIds.get(h.uri());
            boolean wanted = h == HeaderExtension.MID
                    || h == HeaderExtension.ABS_SEND_TIME
                    || (h == HeaderExtension.AUDIO_LEVEL && f.kind == MediaKind.AUDIO);
            if (wanted && id != null) {
                b.attribute(ExtMap.of(id, h.uri()));
            }
        }
        b.attribute(f.wanted != null ? Direction.SENDONLY : Direction.INACTIVE);
        if (f.wanted != null) {
            sourceAttributes(b, f.wanted);
        }
        b.flag("rtcp-mux");
        b.flag("rtcp-rsize");
        b.codec(new RtpMap(pt, spec.name(), spec.clockRate(), spec.channels()), null);
        // the publisher's codec as it sends it (fmtp included), RFC 8829 §5.2.2: packetization is not touched
        if (f.kind == MediaKind.VIDEO) {
            for (String fb : VIDEO_FEEDBACK) {
                b.attribute(RtcpFb.of(pt, fb));
            }
        }
        if (spec.fmtp() != null) {
            b.attribute(new Fmtp(pt, spec.fmtp()));
        }
        b.attributes(local.candidates());
        if (!local.candidates().isEmpty()) {
            b.flag("end-of-candidates");
        }
        return b.build();
    }

    /** Key of one codec configuration for payload type reuse: name, clock, channels (absent = 1), fmtp. */
    private static String codecKey(String name, int clock, int channels, String fmtp) {
        return name.toLowerCase(java.util.Locale.ROOT) + "/" + clock + "/" + Math.max(1, channels) + "/"
                + (fmtp == null ? "" : fmtp);
    }

    /** Payload types already mapped in the negotiated session, by codec configuration (first mapping wins). */
    private static Map<String, Integer> payloadTypes(SessionDescription base) {
        Map<String, Integer> pts = new LinkedHashMap<>();
        for (MediaDescription m : base.media()) {
            if (m.isRejected()) {
                continue;
            }
            for (RtpMap r : m.rtpMaps()) {
                String fmtp = m.fmtp(r.payloadType()).map(Fmtp::parameters).orElse(null);
                pts.putIfAbsent(codecKey(r.encoding(), r.clockRate(), r.channels(), fmtp), r.payloadType());
                pts.putIfAbsent("#" + r.payloadType(), r.payloadType());
            }
        }
        return pts;
    }

    /**
     * The payload type for {@code spec} in a forward section: the one the session already uses for exactly this
     * configuration (the subscriber's own sections), else the publisher's number if still free, else a free dynamic
     * one; one number per configuration across the BUNDLE (RFC 8843 §9.1). Records what it picks in {@code pts}.
     */
    private static int payloadType(Map<String, Integer> pts, CodecSpec spec) {
        String key = codecKey(spec.name(), spec.clockRate(), spec.channels(), spec.fmtp());
        Integer known = pts.get(key);
        if (known != null) {
            return known;
        }
        int pt = spec.payloadType();
        if (pts.containsKey("#" + pt)) {
            pt = -1;
            for (int c = 96; c <= 127 && pt < 0; c++) {
                if (!pts.containsKey("#" + c)) {
                    pt = c;
                }
            }
            for (int c = 35; c <= 63 && pt < 0; c++) {
                if (!pts.containsKey("#" + c)) {
                    pt = c;
                }
            }
            if (pt < 0) {
                pt = spec.payloadType();
            }
        }
        pts.put(key, pt);
        pts.put("#" + pt, pt);
        return pt;
    }

    /**
     * Extension ids valid for the whole BUNDLE (RFC 8843 §9.1: one id per URI): the client's, completed with free ids
     * 1..14 for URIs it did not offer.
     */
    private static Map<String, Integer> sessionExtIds(SessionDescription base) {
        Map<String, Integer> ids = new LinkedHashMap<>();
        Set<Integer> used = new HashSet<>();
        for (MediaDescription m : base.media()) {
            for (ExtMap e : m.extMaps()) {
                ids.putIfAbsent(e.uri(), e.id());
                used.add(e.id());
            }
        }
        int next = 1;
        for (HeaderExtension h : HeaderExtension.all()) {
            if (!ids.containsKey(h.uri())) {
                while (used.contains(next)) {
                    next++;
                }
                if (next > 14) {
                    break;
                }
                ids.put(h.uri(), next);
                used.add(next);
            }
        }
        return ids;
    }

    /**
     * What the client publishes on an answered section. A section without SSRCs but with rids (Chromium's simulcast
     * offer, RFC 8853) is answered without simulcast, so one stream comes; its SSRC is learnt from the first packet
     * whose {@code sdes:mid} extension names the section ({@link PublishedTrack#UNKNOWN_SSRC} until then), which needs
     * the mid extension negotiated.
     */
    private static Optional<PublishedSource> source(MediaDescription offer, MediaDescription answer) {
        List<Long> ssrcs = offer.ssrcIds();
        if (answer.formats().isEmpty()) {
            return Optional.empty();
        }
        // Without SSRCs only a rid-only simulcast section publishes (its SSRC is learnt from the mid extension). A
        // sendrecv section with neither (a transceiver without a track, a load tool's listener) publishes nothing:
        // announcing it would offer every other participant a silent track and grow every SDP with the call.
        if (ssrcs.isEmpty()
                && (offer.rids().isEmpty() || HeaderExtension.idsOf(answer)[HeaderExtension.MID.ordinal()] == 0)) {
            return Optional.empty();
        }
        long ssrc = ssrcs.isEmpty() ? PublishedTrack.UNKNOWN_SSRC : ssrcs.get(0);
        for (SsrcGroup g : offer.ssrcGroups()) {
            if (g.semantics().equals("FID") && !g.ssrcs().isEmpty()) {
                ssrc = g.ssrcs().get(0);
            }
        }
        String stream = streamId(offer);
        int pt = Integer.parseInt(answer.formats().get(0));
        RtpMap map = answer.rtpMap(pt).orElse(null);
        if (map == null) {
            return Optional.empty();
        }
        List<String> feedback = new ArrayList<>();
        for (RtcpFb fb : answer.rtcpFbs(pt)) {
            feedback.add(fb.feedback());
        }
        CodecSpec codec = new CodecSpec(
                answer.kind(),
                map.encoding(),
                pt,
                map.clockRate(),
                map.channels(),
                answer.fmtp(pt).map(Fmtp::parameters).orElse(null),
                feedback);
        return Optional.of(new PublishedSource(
                offer.mid().orElse(""),
                answer.kind(),
                ssrc,
                stream,
                pt,
                map.clockRate(),
                HeaderExtension.idsOf(answer),
                codec));
    }

    /** The msid stream id of a client section (RFC 8830 a=msid, else the a=ssrc msid attribute), or "-". */
    static String streamId(MediaDescription offer) {
        if (!offer.msids().isEmpty()) {
            return offer.msids().get(0).streamId();
        }
        for (SsrcAttribute a : offer.ssrcs()) {
            if (a.attribute().equals("msid") && a.attributeValue() != null) {
                return a.attributeValue().split(" ")[0];
            }
        }
        return "-";
    }

    String sessionId() {
        return sessionId;
    }
}
