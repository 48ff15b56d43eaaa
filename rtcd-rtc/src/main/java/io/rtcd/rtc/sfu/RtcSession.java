package io.rtcd.rtc.sfu;

import io.rtcd.rtc.RtcException;
import io.rtcd.rtc.sdp.MediaDescription;
import io.rtcd.rtc.sdp.MediaKind;
import io.rtcd.rtc.sdp.SdpParser;
import io.rtcd.rtc.sdp.SessionDescription;
import io.rtcd.rtc.sdp.Setup;
import io.rtcd.rtc.transport.PacketKind;
import io.rtcd.rtc.transport.TransportSession;
import io.rtcd.rtc.transport.dtls.DtlsFingerprint;
import io.rtcd.rtc.transport.dtls.DtlsRole;
import io.rtcd.rtc.transport.ice.IceCredentials;
import io.rtcd.rtc.transport.srtp.SrtpProfile;
import io.rtcd.rtc.transport.udp.UdpBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One participant's peer connection in a call: negotiation, its transport, the tracks it publishes and the
 * subscriptions it receives.
 *
 * <p>Threading: every method that mutates state runs on the session's {@link SessionExecutor}
 * (the "serial thread"): signals, timers, transport callbacks and inbound media are all handed to it. The UDP reader
 * thread only enqueues ({@link #onMedia}). Published tracks' fan-out runs on the publisher's serial thread and sends
 * through subscribers' {@link MediaLink}s; PLIs from a subscriber are sent to the publisher's link from the
 * subscriber's serial thread. Fields without {@code volatile} are confined to the serial thread.
 */
final class RtcSession implements TransportSession.Listener, DataChannelHost.Session {
    private static final Logger LOG = LoggerFactory.getLogger(RtcSession.class);
    private static final PublishedTrack[] NO_TRACKS = new PublishedTrack[0];
    /** A client holding the renegotiation lock longer than this loses it (rtcd's lock timeout, §4.13). */
    private static final long CLIENT_LOCK_TIMEOUT_MILLIS = 5_000;

    private final SessionSpec spec;
    private final SfuContext ctx;
    private final SessionExecutor executor;
    private final SessionNegotiator negotiator;
    private final IceCredentials ice;
    private final MediaLink link;
    private final RtpForwarder forwarder;
    private final NackResponder nack;
    private final TransportCcResponder transportCc = new TransportCcResponder();
    private final SessionTimeline timeline;
    private final Map<String, Subscription> subscriptions = new HashMap<>();
    private final Map<String, PublishedTrack> publishedByMid = new HashMap<>();
    private volatile PublishedTrack[] published = NO_TRACKS;
    private volatile SessionState state = SessionState.WAITING_OFFER;
    private volatile boolean muted;
    private volatile int subscriptionCount;
    private final int[] scratch = new int[1];
    private Call call;
    private SessionTransport transport;
    private DtlsRole dtlsRole;
    private DataChannelHost dataChannels;
    /** True while an offer that came over calls-dc is handled: its answer goes back over calls-dc. */
    private boolean offerViaDc;

    private boolean clientLock;
    private ScheduledFuture<?> clientLockTimeout;
    private String screenStreamId;
    /** A screen stream refused by the single-sharer rule or permissions: its sections are answered inactive. */
    private String refusedScreenStreamId;
    /** Client mids already told they were refused (one ERROR per section, not one per renegotiation). */
    private final Set<String> refusedMids = new HashSet<>();

    private String videoStreamId;
    private ScheduledFuture<?> signalingTimeout;
    private ScheduledFuture<?> answerTimeout;

    RtcSession(SessionSpec spec, SfuContext ctx) {
        this.spec = spec;
        this.ctx = ctx;
        this.timeline = new SessionTimeline(System.nanoTime());
        this.executor =
                new SessionExecutor(ctx.worker(), ctx.config().sessionQueueCapacity(), this::onPacket, ctx.counters());
        this.ice = IceCredentials.random();
        this.negotiator = new SessionNegotiator(
                spec.sessionId(),
                new LocalTransport(ice.ufrag(), ice.password(), ctx.fingerprint(), ctx.candidates()),
                ctx.random().nextLong(),
                () -> {
                    IceCredentials c = IceCredentials.random();
                    return new String[] {c.ufrag(), c.password()};
                });
        this.negotiator.publishPolicy(this::publishRefusal);
        this.link = new MediaLink(ctx.pool(), ctx.counters(), ctx.randomSsrc());
        this.forwarder = new RtpForwarder(ctx.counters());
        this.nack = new NackResponder(ctx.counters(), forwarder);
    }

    SessionSpec spec() {
        return spec;
    }

    SessionState state() {
        return state;
    }

    /** Called once by the registry, under its lock, before any task runs. */
    void attach(Call c) {
        this.call = c;
    }

    void execute(Runnable task) {
        executor.execute(task);
    }

    /** Serial thread: starts the first-offer timer and subscribes to what the call already publishes. */
    void start(List<PublishedTrack> existing) {
        long ms = ctx.config().signalingTimeout().toMillis();
        signalingTimeout = ctx.timers().schedule(() -> execute(() -> onSignalingTimeout()), ms, TimeUnit.MILLISECONDS);
        subscribe(existing);
    }

    SessionInfo info() {
        List<String> ids = new ArrayList<>();
        for (PublishedTrack t : published) {
            ids.add(t.trackId);
        }
        return new SessionInfo(spec, state, muted, ids, subscriptionCount);
    }

    // ---------------------------------------------------------------- signalling (serial thread)

    void onSignal(RtcSignal s) {
        if (state == SessionState.CLOSED) {
            return;
        }
        try {
            switch (s.type()) {
                case SDP_OFFER -> onOffer(s.payload());
                case SDP_ANSWER -> onAnswer(s.payload());
                case ICE_CANDIDATE -> {
                    // ICE-lite: the remote address is learnt from its checks (RFC 8445 §2.5); trickled candidates
                    // are not needed.
                }
                case MUTE -> setMuted(true);
                case UNMUTE -> setMuted(false);
                case SCREEN_ON -> screenOn(s.payload());
                case SCREEN_OFF -> {
                    screenStreamId = null;
                    refusedScreenStreamId = null;
                    call.releaseScreen(spec.sessionId());
                    unpublishTypes(TrackType.SCREEN, TrackType.SCREEN_AUDIO);
                }
                case VIDEO_ON -> videoStreamId = s.payload();
                case VIDEO_OFF -> {
                    videoStreamId = null;
                    unpublishTypes(TrackType.VIDEO);
                }
                default -> error("unsupported signal " + s.type());
            }
        } catch (RtcException | IllegalArgumentException e) {
            // SdpParseException and SfuException messages are written for clients; no stack trace leaves.
            error(e.getMessage());
        }
    }

    private void onOffer(String sdp) {
        boolean first = !negotiator.negotiated();
        SessionTransport created = null;
        if (first) {
            created = createTransport(sdp);
        }
        SessionNegotiator.OfferOutcome out;
        try {
            out = negotiator.acceptOffer(sdp);
        } catch (RuntimeException e) {
            if (created != null) {
                created.close();
            }
            throw e;
        }
        if (first) {
            transport = created;
            cancel(signalingTimeout);
            state = SessionState.CONNECTING;
            transport.start();
        } else if (out.iceChange() != null) {
            restartIce(out.iceChange(), "client", "offer"); // before the answer leaves: its checks may follow at once
        }
        sendSdp(RtcSignal.Type.SDP_ANSWER, out.answer(), offerViaDc);
        for (Map.Entry<String, String> r : out.refused().entrySet()) {
            if (refusedMids.add(r.getKey())) {
                countRefusal(r.getValue());
                error(r.getValue() + " (mid " + r.getKey() + ")");
            }
        }
        refusedMids.retainAll(out.refused().keySet());
        for (String mid : out.removedMids()) {
            PublishedTrack t = publishedByMid.remove(mid);
            if (t != null) {
                unpublish(t);
            }
        }
        List<PublishedTrack> added = new ArrayList<>();
        for (PublishedSource src : out.added()) {
            PublishedTrack t = publish(src);
            if (t != null) {
                added.add(t);
            }
        }
        call.publish(spec.sessionId(), added);
        keyframesFor(out.activated());
        updateSubscriptionCount();
        maybeOffer();
    }

    private void updateSubscriptionCount() {
        int n = 0;
        for (Subscription s : subscriptions.values()) {
            if (s.active()) {
                n++;
            }
        }
        subscriptionCount = n;
    }

    /** Validates what the transport needs from the first offer, then creates (not starts) it. */
    private SessionTransport createTransport(String sdp) {
        timeline.offer(System.nanoTime());
        SessionDescription offer = SdpParser.parse(sdp);
        MediaDescription m = SessionNegotiator.firstActive(offer)
                .orElseThrow(() -> new SfuException("offer has no active m= section"));
        String ufrag = offer.iceUfrag(m).orElseThrow(() -> new SfuException("missing a=ice-ufrag"));
        List<io.rtcd.rtc.sdp.Fingerprint> fps = offer.fingerprints(m);
        if (fps.isEmpty()) {
            throw new SfuException("missing a=fingerprint");
        }
        DtlsFingerprint fp = DtlsFingerprint.parse(fps.get(0).value());
        Setup setup = offer.setup(m).orElseThrow(() -> new SfuException("missing a=setup"));
        DtlsRole role = DtlsRole.forRemoteSetup(setup.value());
        SessionTransport t = ctx.transports().create(ice, ufrag, fp, role, this);
        dtlsRole = role;
        return t;
    }

    /**
     * Sends an offer or answer over calls-dc when asked to and the channel is open (rtcd's dcSignaling,
     * docs/protocol.md: server offers go over the DC, an offer is answered on the transport it came on), else over the
     * signalling sink.
     */
    private void sendSdp(RtcSignal.Type type, String sdp, boolean viaDc) {
        String kind = type == RtcSignal.Type.SDP_OFFER ? "offer" : "answer";
        if (viaDc && dataChannels != null && dataChannels.sendSdp(kind, sdp)) {
            return;
        }
        ctx.signal(outbound(type, sdp));
    }

    /** A description that came over calls-dc (serial thread, from {@link DataChannelHost}). */
    @Override
    public void onDcSdp(byte[] message) {
        if (state == SessionState.CLOSED) {
            return;
        }
        try {
            DcSdpCodec.Description d = DcSdpCodec.decode(message);
            offerViaDc = d.offer();
            if (d.offer()) {
                onOffer(d.sdp());
            } else {
                onAnswer(d.sdp());
            }
        } catch (RtcException | IllegalArgumentException e) {
            error(e.getMessage());
        } finally {
            offerViaDc = false;
        }
    }

    private void onAnswer(String sdp) {
        boolean ourRestart = negotiator.offerIceChange() != null;
        SessionNegotiator.AnswerOutcome out = negotiator.acceptAnswer(sdp);
        cancel(answerTimeout);
        if (out.iceChange() != null) {
            // new credentials in the answer to our own restart offer are the client's side of that restart
            restartIce(out.iceChange(), ourRestart ? null : "client", "answer");
        }
        keyframesFor(out.activated());
        updateSubscriptionCount();
        maybeOffer();
    }

    /**
     * ICE restart (RFC 8445 §9): the transport accepts checks with the new credentials (and the old ones until the
     * peer uses the new ones); DTLS and SRTP stay. Counted and logged as started by {@code initiator} ({@code
     * "client"} or {@code "server"}; {@code null}: the second half of a restart already counted), carried by {@code
     * via} ({@code "offer"} or {@code "answer"}).
     */
    private void restartIce(SessionNegotiator.IceChange change, String initiator, String via) {
        SessionTransport t = transport;
        if (t == null) {
            return;
        }
        IceCredentials local =
                change.localChanged() ? new IceCredentials(change.localUfrag(), change.localPwd()) : null;
        t.restartIce(local, change.remoteUfrag());
        if (initiator != null) {
            ctx.counters().iceRestart(initiator, via);
            LOG.info(
                    "session {}: ICE restart by the {} ({}): new {} credentials",
                    spec.sessionId(),
                    initiator,
                    via,
                    local == null ? "client" : change.remoteUfrag() == null ? "server" : "client and server");
        }
    }

    /**
     * Sends the next server offer when one is wanted, none is outstanding, the client holds no renegotiation lock and
     * the transport is connected (ICE + DTLS): a client whose transport has not started yet may take an early re-offer
     * for an ICE restart (pion does). Changes made meanwhile are coalesced into that one offer.
     */
    private void maybeOffer() {
        if (state != SessionState.CONNECTED || clientLock || !negotiator.wantsOffer()) {
            return;
        }
        String offer = negotiator.createOffer();
        SessionNegotiator.IceChange restart = negotiator.offerIceChange();
        if (restart != null) {
            // consent went stale: the client's answer tells its new ufrag; until then any remote ufrag pairs with ours
            restartIce(restart, "server", "offer");
        }
        if (dataChannels != null) {
            dataChannels.sendMediaMap(negotiator.forwardMediaMap());
        }
        // calls-dc rides the path that went stale: a restart offer goes over the signalling connection
        sendSdp(RtcSignal.Type.SDP_OFFER, offer, spec.dcSignaling() && restart == null);
        long ms = ctx.config().offerAnswerTimeout().toMillis();
        answerTimeout = ctx.timers().schedule(() -> execute(this::onAnswerTimeout), ms, TimeUnit.MILLISECONDS);
    }

    private void onAnswerTimeout() {
        if (negotiator.offerPending()) {
            LOG.warn(
                    "session {}: no answer to the server offer within {}",
                    spec.sessionId(),
                    ctx.config().offerAnswerTimeout());
            negotiator.offerTimedOut();
            maybeOffer();
        }
    }

    private void onSignalingTimeout() {
        if (state == SessionState.WAITING_OFFER) {
            close(SessionEndReason.SIGNALING_TIMEOUT);
        }
    }

    private void setMuted(boolean value) {
        if (muted == value) {
            return;
        }
        muted = value;
        for (PublishedTrack t : published) {
            if (t.type != TrackType.VOICE) {
                continue;
            }
            if (value) {
                if (t.vad != null && t.vad.reset()) {
                    ctx.signal(outbound(RtcSignal.Type.VOICE_OFF, ""));
                }
            } else {
                for (Subscription s : t.subscriptions()) {
                    s.resume();
                }
            }
        }
    }

    // ---------------------------------------------------------------- tracks (serial thread)

    /** Registers a track announced by the client; the caller announces it to the call. @return null if refused */
    private PublishedTrack publish(PublishedSource src) {
        TrackType type = classify(src);
        if (type == null) {
            LOG.debug(
                    "session {}: unexpected video track (stream {}), not forwarded", spec.sessionId(), src.streamId());
            return null;
        }
        if (type == TrackType.VOICE) {
            for (PublishedTrack old : published) {
                if (old.type == TrackType.VOICE) {
                    publishedByMid.values().remove(old);
                    unpublish(old);
                }
            }
        }
        String trackId = type.label() + "_" + spec.sessionId() + "_" + ctx.randomSuffix();
        PublishedTrack t = new PublishedTrack(
                trackId,
                type,
                src.kind(),
                src.ssrc(),
                spec.sessionId(),
                src.streamId(),
                src.mid(),
                src.clockRate(),
                src.payloadType(),
                src.extIds(),
                link,
                ctx.config().keyframeMinInterval().toNanos());
        t.attach(this, src.kind() == MediaKind.VIDEO ? new RtpPacketCache() : null, src.codec());
        publishedByMid.put(src.mid(), t);
        PublishedTrack[] cur = published;
        PublishedTrack[] next = Arrays.copyOf(cur, cur.length + 1);
        next[cur.length] = t;
        published = next;
        return t;
    }

    /**
     * SCREEN_ON: needs the screen permission and the call's single sharer slot; refused with an
     * ERROR ({@code forbidden:} / {@code screen_busy:}) otherwise, and that stream's sections are answered inactive.
     */
    private void screenOn(String streamId) {
        if (!spec.publish().contains(PublishPermission.SCREEN)) {
            refusedScreenStreamId = streamId;
            ctx.counters().media().onScreenShareRefused();
            error(PublishRules.FORBIDDEN_PUBLISH + PublishPermission.SCREEN.label());
            return;
        }
        String holder = call.claimScreen(spec.sessionId());
        if (holder != null) {
            refusedScreenStreamId = streamId;
            ctx.counters().media().onScreenShareRefused();
            error("screen_busy: another participant is sharing a screen in this call; try again when it stops");
            return;
        }
        refusedScreenStreamId = null;
        screenStreamId = streamId;
    }

    /** {@link SessionNegotiator.PublishPolicy}: permissions (SessionSpec) and the refused screen stream. */
    private String publishRefusal(MediaKind kind, String streamId) {
        return PublishRules.refusal(kind, streamId, screenStreamId, refusedScreenStreamId, spec.publish());
    }

    private void countRefusal(String reason) {
        PublishPermission p = PublishRules.refusedPermission(reason);
        if (p != null) {
            ctx.counters().media().onPublishRefused(p);
        }
    }

    private TrackType classify(PublishedSource src) {
        if (src.streamId().equals(refusedScreenStreamId)) {
            return null;
        }
        if (src.kind() == MediaKind.AUDIO) {
            return src.streamId().equals(screenStreamId) ? TrackType.SCREEN_AUDIO : TrackType.VOICE;
        }
        if (src.streamId().equals(screenStreamId)) {
            return TrackType.SCREEN;
        }
        if (src.streamId().equals(videoStreamId)) {
            return TrackType.VIDEO;
        }
        return null;
    }

    private void unpublishTypes(TrackType... types) {
        for (PublishedTrack t : published) {
            if (Arrays.asList(types).contains(t.type)) {
                publishedByMid.values().remove(t);
                unpublish(t);
            }
        }
    }

    private void unpublish(PublishedTrack t) {
        PublishedTrack[] cur = published;
        List<PublishedTrack> rest = new ArrayList<>(Arrays.asList(cur));
        rest.remove(t);
        published = rest.toArray(NO_TRACKS);
        call.unpublish(t);
    }

    /** Serial thread of this (subscribing) session: starts receiving {@code tracks}, in one renegotiation. */
    void subscribe(List<PublishedTrack> tracks) {
        for (PublishedTrack t : tracks) {
            subscribe(t);
        }
        maybeOffer();
    }

    private void subscribe(PublishedTrack t) {
        if (state == SessionState.CLOSED || t.removed() || subscriptions.containsKey(t.trackId)) {
            return;
        }
        Subscription s = new Subscription(
                t, spec.sessionId(), link, ctx.randomSsrc(), ctx.random().nextInt(0x10000));
        subscriptions.put(t.trackId, s);
        t.add(s);
        negotiator.addForward(s);
    }

    /** Serial thread of this (subscribing) session: stops receiving {@code t} and renegotiates. */
    void unsubscribe(PublishedTrack t) {
        Subscription s = subscriptions.remove(t.trackId);
        if (s == null) {
            return;
        }
        t.remove(s);
        if (state != SessionState.CLOSED) {
            negotiator.removeForward(s);
            updateSubscriptionCount();
            maybeOffer();
        }
    }

    private void keyframesFor(List<Subscription> activated) {
        long now = System.nanoTime();
        for (Subscription s : activated) {
            if (s.track.kind == MediaKind.VIDEO && link.ready()) {
                requestKeyframe(s.track, now, true);
            }
        }
    }

    /** Sends a PLI (RFC 4585 §6.3.1) to the publisher of {@code t}, rate-limited per track. Any serial thread. */
    private void requestKeyframe(PublishedTrack t, long now, boolean force) {
        FeedbackSender.pli(t, now, force, ctx.counters());
    }

    // ---------------------------------------------------------------- transport callbacks

    @Override
    public void onConnected(SrtpProfile profile) {
        execute(() -> {
            if (state == SessionState.CLOSED || transport == null) {
                return;
            }
            link.connect(transport);
            state = SessionState.CONNECTED;
            dataChannels = new DataChannelHost(
                    dtlsRole == DtlsRole.CLIENT,
                    this,
                    ctx.timers(),
                    this::execute,
                    ctx.counters().dataChannels());
            dataChannels.connect();
            LOG.debug("session {}: connected ({})", spec.sessionId(), profile);
            List<Subscription> active = new ArrayList<>();
            for (Subscription s : subscriptions.values()) {
                if (s.active()) {
                    active.add(s);
                }
            }
            keyframesFor(active);
            maybeOffer(); // tracks the answer could not carry, and changes while connecting
            updateSubscriptionCount();
        });
    }

    /** UDP reader thread: hand-off only. */
    @Override
    public void onMedia(UdpBuffer packet) {
        executor.offerPacket(packet);
    }

    /** DTLS executor thread: {@code buf} is reused after return, so the record is copied (control plane). */
    @Override
    public void onApplicationData(byte[] buf, int off, int len) {
        byte[] copy = Arrays.copyOfRange(buf, off, off + len);
        execute(() -> {
            if (dataChannels != null && state != SessionState.CLOSED) {
                dataChannels.receive(copy);
            }
        });
    }

    // ---------------------------------------------------------------- calls-dc lock (serial thread, §4.6)

    @Override
    public boolean sendApplicationData(byte[] packet) {
        SessionTransport t = transport;
        return t != null && t.sendApplicationData(packet, 0, packet.length);
    }

    /** Binary semaphore shared with server offers: granted only when no server offer is in flight. */
    @Override
    public boolean tryLockForClient() {
        if (clientLock || negotiator.offerPending()) {
            return false;
        }
        clientLock = true;
        long ms = CLIENT_LOCK_TIMEOUT_MILLIS;
        clientLockTimeout = ctx.timers().schedule(() -> execute(this::unlockFromClient), ms, TimeUnit.MILLISECONDS);
        return true;
    }

    /** The client applied its renegotiation (or the lock timed out): deferred server offers go now. */
    @Override
    public void unlockFromClient() {
        if (!clientLock) {
            return;
        }
        clientLock = false;
        cancel(clientLockTimeout);
        maybeOffer();
    }

    // ---------------------------------------------------------------- data-channel relay (serial threads)

    @Override
    public String sessionId() {
        return spec.sessionId();
    }

    @Override
    public boolean mayPublishData() {
        return spec.mayPublishData();
    }

    /** This session's serial thread: hands a wrapped message to the other participants' serial threads. */
    @Override
    public void relay(String label, byte[] envelope, boolean binary) {
        call.relayData(spec.sessionId(), label, envelope, binary);
    }

    /** Serial thread of this (receiving) session: another participant's wrapped data-channel message. */
    void deliverData(String label, byte[] envelope, boolean binary) {
        if (dataChannels == null || state == SessionState.CLOSED) {
            ctx.counters().dataChannels().drop(DataChannelCounters.Drop.NO_CHANNEL);
            return;
        }
        dataChannels.deliverRelayed(label, envelope, binary);
    }

    /** Scheduler thread: no consent for half its timeout while connected; offer an ICE restart (RFC 8445 §9). */
    @Override
    public void onConsentStale() {
        execute(() -> {
            if (state == SessionState.CONNECTED) {
                negotiator.requestIceRestart();
                maybeOffer();
            }
        });
    }

    @Override
    public void onDisconnected(TransportSession.DisconnectReason reason) {
        execute(() -> close(SessionEndReason.of(reason)));
    }

    // ---------------------------------------------------------------- media (serial thread)

    private void onPacket(UdpBuffer b) {
        try {
            SessionTransport t = transport;
            if (t == null || state == SessionState.CLOSED) {
                ctx.counters().drop(SfuCounters.Drop.NOT_CONNECTED);
                return;
            }
            if (b.getLength() < 8) {
                ctx.counters().drop(SfuCounters.Drop.MALFORMED_RTP);
                return;
            }
            boolean rtcp = PacketKind.isRtcp(b.getBuffer()[b.getOffset() + 1]);
            if (!t.unprotect(b)) {
                ctx.counters().drop(SfuCounters.Drop.UNPROTECT_FAILED);
                return;
            }
            if (rtcp) {
                onRtcp(b);
            } else {
                timeline.mediaIn();
                onRtp(b);
            }
        } finally {
            b.release();
        }
    }

    /** Also the entry point of socket-free tests: a decrypted RTP packet from this participant. */
    void onRtp(UdpBuffer b) {
        byte[] a = b.getBuffer();
        int off = b.getOffset();
        int len = b.getLength();
        if (RtpView.payloadOffset(a, off, len) < 0) {
            ctx.counters().drop(SfuCounters.Drop.MALFORMED_RTP);
            return;
        }
        long ssrc = RtpView.ssrc(a, off);
        PublishedTrack t = null;
        for (PublishedTrack x : published) {
            if (x.sourceSsrc == ssrc) {
                t = x;
                break;
            }
        }
        if (t == null) {
            t = learnSsrc(a, off, len, ssrc);
        }
        if (t == null) {
            ctx.counters().drop(SfuCounters.Drop.UNKNOWN_SSRC);
            return;
        }
        if (RtpView.payloadType(a, off) != t.payloadType) {
            ctx.counters().drop(SfuCounters.Drop.UNKNOWN_PAYLOAD_TYPE);
            return;
        }
        t.received(RtpView.sequence(a, off));
        long now = System.nanoTime();
        int tcc = RtpView.findExtension(a, off, len, t.extIds[HeaderExtension.TRANSPORT_CC.ordinal()], scratch);
        if (tcc >= 0 && scratch[0] == 2) {
            transportCc.received(RtpView.u16(a, tcc), now);
            if (transportCc.due(now)) {
                sendTransportCc(t, now);
            }
        }
        if (muted && t.type == TrackType.VOICE) {
            ctx.counters().drop(SfuCounters.Drop.MUTED);
            return;
        }
        if (t.vad != null) {
            int at = RtpView.findExtension(a, off, len, t.extIds[HeaderExtension.AUDIO_LEVEL.ordinal()], scratch);
            if (at >= 0) {
                VoiceActivityDetector.Transition tr = t.vad.update(a[at], now);
                if (tr == VoiceActivityDetector.Transition.ON) {
                    ctx.signal(outbound(RtcSignal.Type.VOICE_ON, ""));
                } else if (tr == VoiceActivityDetector.Transition.OFF) {
                    ctx.signal(outbound(RtcSignal.Type.VOICE_OFF, ""));
                }
            }
        }
        RtpPacketCache history = t.cache();
        if (history != null) {
            history.put(a, off, len, RtpView.sequence(a, off));
        }
        forwarder.forward(t, b, now);
    }

    /** Transport-wide CC feedback to this publisher (RR + RTPFB fmt 15), about every 50 ms while it sends. */
    private void sendTransportCc(PublishedTrack t, long now) {
        FeedbackSender.transportCc(link, transportCc, t.sourceSsrc, now, ctx.counters());
    }

    /**
     * A track whose SSRC the SDP did not announce (rid-only simulcast offer, answered without simulcast) takes the
     * SSRC of the first packet whose {@code sdes:mid} extension (RFC 8843 §15) names its section. Allocation-free.
     */
    private PublishedTrack learnSsrc(byte[] a, int off, int len, long ssrc) {
        for (PublishedTrack x : published) {
            if (x.sourceSsrc != PublishedTrack.UNKNOWN_SSRC) {
                continue;
            }
            int at = RtpView.findExtension(a, off, len, x.extIds[HeaderExtension.MID.ordinal()], scratch);
            if (at >= 0 && Arrays.equals(a, at, at + scratch[0], x.midBytes, 0, x.midBytes.length)) {
                x.sourceSsrc = ssrc;
                ctx.counters().media().onSsrcLearnt();
                return x;
            }
        }
        return null;
    }

    /** A decrypted RTCP compound packet from this participant (RFC 3550 §6.1). */
    void onRtcp(UdpBuffer b) {
        byte[] a = b.getBuffer();
        int p = b.getOffset();
        int end = p + b.getLength();
        long now = System.nanoTime();
        while (p < end) {
            int n = RtcpPackets.packetLength(a, p, end);
            if (n < 0) {
                ctx.counters().drop(SfuCounters.Drop.MALFORMED_RTCP);
                return;
            }
            ctx.counters().media().onRtcpReceived(a, p, n);
            long target = RtcpPackets.keyframeTarget(a, p, n);
            if (target < 0) {
                onNack(a, p, n);
            } else {
                for (Subscription s : subscriptions.values()) {
                    if (s.outSsrc == target) {
                        requestKeyframe(s.track, now, false);
                        break;
                    }
                }
            }
            p += n;
        }
    }

    /**
     * A subscriber's Generic NACK (RFC 4585 §6.2.1) for a track it receives: the lost numbers are copied (control
     * rate, not per media packet) and answered on the publisher's serial thread, which owns the history and the
     * sequence rewriter.
     */
    private void onNack(byte[] a, int p, int n) {
        int[] lost = new int[NackResponder.MAX_SEQUENCES];
        int count = NackResponder.lostSequences(a, p, n, lost);
        if (count <= 0) {
            return;
        }
        long target = NackResponder.mediaSsrc(a, p);
        for (Subscription s : subscriptions.values()) {
            if (s.outSsrc == target) {
                RtcSession pub = s.track.publisher();
                if (pub == null || s.track.kind != MediaKind.VIDEO) {
                    ctx.counters().media().onNackRequested(count);
                    return;
                }
                pub.execute(() -> pub.retransmit(s, lost, count));
                return;
            }
        }
    }

    /** Publisher's serial thread: answers one subscriber's NACK from the track's history. */
    void retransmit(Subscription s, int[] lost, int count) {
        if (state == SessionState.CLOSED) {
            return;
        }
        nack.respond(s.track, s, lost, count, System.nanoTime());
    }

    /**
     * Periodic reports (serial thread): RR to this participant for each track it publishes, SR to each subscriber of
     * those tracks (the rewriter state they read is owned by this thread).
     */
    void sendReports() {
        if (state != SessionState.CONNECTED) {
            return;
        }
        if (dataChannels != null) {
            dataChannels.publishStats();
        }
        SessionReports.send(published, link, ctx.counters());
    }

    // ---------------------------------------------------------------- close (serial thread)

    /** Idempotent. Detaches everything, counts and logs why, then tells the participant (payload: the label). */
    void close(SessionEndReason reason) {
        if (state == SessionState.CLOSED) {
            return;
        }
        state = SessionState.CLOSED;
        cancel(signalingTimeout);
        cancel(answerTimeout);
        cancel(clientLockTimeout);
        if (dataChannels != null) {
            dataChannels.close();
        }
        for (PublishedTrack t : published) {
            call.unpublish(t);
        }
        call.releaseScreen(spec.sessionId());
        published = NO_TRACKS;
        for (Subscription s : subscriptions.values()) {
            s.deactivate();
            s.track.remove(s);
        }
        subscriptions.clear();
        subscriptionCount = 0;
        ctx.registry().remove(this);
        link.disconnect();
        if (transport != null) {
            transport.close();
        }
        executor.shutdown();
        ctx.counters().sessionClosed(reason);
        timeline.logEnd(spec, reason, transport, link.firstRtpSentNanos());
        ctx.signal(outbound(RtcSignal.Type.SESSION_CLOSED, reason.label()));
    }

    // ---------------------------------------------------------------- helpers

    private void error(String message) {
        ctx.signal(outbound(RtcSignal.Type.ERROR, message == null ? "error" : message));
    }

    private RtcSignal outbound(RtcSignal.Type type, String payload) {
        return new RtcSignal(spec.groupId(), spec.callId(), spec.sessionId(), spec.userId(), type, payload);
    }

    private static void cancel(ScheduledFuture<?> f) {
        if (f != null) {
            f.cancel(false);
        }
    }
}
