package io.rtcd.rtc.sctp;

import io.rtcd.rtc.sctp.packet.AbortChunk;
import io.rtcd.rtc.sctp.packet.Chunk;
import io.rtcd.rtc.sctp.packet.ChunkType;
import io.rtcd.rtc.sctp.packet.CookieAckChunk;
import io.rtcd.rtc.sctp.packet.CookieEchoChunk;
import io.rtcd.rtc.sctp.packet.DataChunk;
import io.rtcd.rtc.sctp.packet.ErrorCause;
import io.rtcd.rtc.sctp.packet.ErrorChunk;
import io.rtcd.rtc.sctp.packet.ForwardTsnChunk;
import io.rtcd.rtc.sctp.packet.HeartbeatChunk;
import io.rtcd.rtc.sctp.packet.InitChunk;
import io.rtcd.rtc.sctp.packet.ReConfigChunk;
import io.rtcd.rtc.sctp.packet.SackChunk;
import io.rtcd.rtc.sctp.packet.SctpDropReason;
import io.rtcd.rtc.sctp.packet.SctpPacket;
import io.rtcd.rtc.sctp.packet.SctpPacketCodec;
import io.rtcd.rtc.sctp.packet.SctpParam;
import io.rtcd.rtc.sctp.packet.ShutdownAckChunk;
import io.rtcd.rtc.sctp.packet.ShutdownChunk;
import io.rtcd.rtc.sctp.packet.ShutdownCompleteChunk;
import io.rtcd.rtc.sctp.packet.UnknownChunk;
import java.util.ArrayDeque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;
import javax.crypto.Mac;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sans-I/O SCTP association for WebRTC data channels (RFC 9260 over DTLS, RFC 8261/8831), in the style of
 * WebRTC's dcSCTP: the host feeds received packets to {@link #receivePacket}, drains {@link #pollOutgoingPacket()}
 * into DTLS, and drives timers with {@link #nextTimeoutMillis()} / {@link #handleTimeout(long)}. No threads, no
 * sockets, no clocks of its own.
 *
 * <p>Implements: handshake with a stateless HMAC state cookie (§5.1, §5.1.3, §5.1.5) including INIT collision
 * (§5.2.1), verification tag rules (§8.5, §8.5.1), out-of-the-blue handling (§8.4), DATA/SACK with delayed acks
 * (§6.2), T1/T2/T3 timers with RTO per §6.3 (RFC 6298 rules), congestion control and fast retransmit (§7.2),
 * bundling up to the MTU (§6.10), fragmentation and reassembly (§6.9), heartbeats (§8.3), graceful shutdown (§9.2),
 * ABORT (§9.1), PR-SCTP FORWARD TSN (RFC 3758) and stream reset (RFC 6525 §5.1.2, §5.2.2).
 *
 * <p>Size: this class is the state machine (§4) and chunk dispatch; per-role work lives in the send path ({@code
 * DataTransmitter}), receive path ({@code DataReceiver}), stream reset and INIT negotiation helpers.
 *
 * <p>Threading: not thread-safe. All methods must be called from one serial owner (the session's executor); listener
 * callbacks run synchronously on that thread. Nothing throws for malformed input: drops are counted by reason.
 */
public final class SctpAssociation {
    private static final Logger LOG = LoggerFactory.getLogger(SctpAssociation.class);
    private static final int[] NO_STREAMS = new int[0];

    private final SctpOptions options;
    private final SctpAssociationListener listener;
    private final LongSupplier clock;
    private final RandomGenerator random;
    private final Mac mac;
    private final ArrayDeque<byte[]> outbox = new ArrayDeque<>();
    private final PacketAssembler out;
    private final RtoEstimator rto;
    private final SendQueue sendQueue = new SendQueue();
    private final SctpTimer t1 = new SctpTimer();
    private final SctpTimer t2 = new SctpTimer();
    private final SctpTimer t3 = new SctpTimer();
    private final SctpTimer heartbeatTimer = new SctpTimer();
    private final SctpTimer delayedAckTimer = new SctpTimer();
    private final Map<SctpDropReason, Long> drops = new EnumMap<>(SctpDropReason.class);
    private final long heartbeatNonce;

    private SctpState state = SctpState.CLOSED;
    private boolean terminated;
    private boolean busy;
    private int localTag;
    private int peerTag;
    private int localInitialTsn;
    private InitChunk pendingInit;
    private CookieEchoChunk pendingCookieEcho;

    private DataReceiver rx;
    private DataTransmitter tx;
    private StreamResetHandler resets;
    private int peerInboundStreams;
    private boolean peerForwardTsn;
    private int errorCount;
    private boolean heartbeatOutstanding;

    private long packetsIn;
    private long messagesIn;
    private long bytesIn;
    private long messagesOut;
    private long bytesOut;
    private long initsReceived;

    /**
     * Creates a closed association; nothing is sent until {@link #connect()} or a peer INIT.
     *
     * @param options validated options
     * @param listener event sink, called on the owner thread
     * @param clock host clock in milliseconds, used by API calls that take no explicit time
     * @param random source of verification tags, initial TSNs and the cookie secret (seeded in tests; a
     *     {@link java.security.SecureRandom} in production)
     */
    public SctpAssociation(
            SctpOptions options, SctpAssociationListener listener, LongSupplier clock, RandomGenerator random) {
        this.options = options;
        this.listener = listener;
        this.clock = clock;
        this.random = random;
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        this.mac = StateCookie.newMac(secret);
        this.heartbeatNonce = random.nextLong();
        this.out = new PacketAssembler(options.localPort(), options.remotePort(), options.mtu(), outbox);
        this.rto = new RtoEstimator(options.rtoInitialMillis(), options.rtoMinMillis(), options.rtoMaxMillis());
    }

    // ------------------------------------------------------------------ public API

    /** Current state. */
    public SctpState state() {
        return state;
    }

    /** True once the association has ended (shutdown, abort or failure); it never reopens. */
    public boolean isTerminated() {
        return terminated;
    }

    /** Active open (RFC 9260 §5.1 step A): sends INIT and starts T1-init. Ignored unless CLOSED and unused. */
    public void connect() {
        if (state != SctpState.CLOSED || terminated) {
            return;
        }
        long now = clock.getAsLong();
        localTag = nonZeroTag();
        localInitialTsn = random.nextInt();
        pendingInit = new InitChunk(
                false,
                localTag,
                options.receiveWindow(),
                options.streams(),
                options.streams(),
                localInitialTsn,
                InitNegotiation.localParams());
        out.addAlone(0, pendingInit);
        state = SctpState.COOKIE_WAIT;
        t1.start(now, rto.rto());
        afterCall(now);
    }

    /**
     * Queues a user message (RFC 9260 §6.1, §6.9 fragmentation; RFC 3758 policies from {@code options}). The array
     * is referenced, not copied, until the message is acknowledged or abandoned: the caller must not modify it.
     *
     * @return {@link SendStatus#QUEUED} or why it was refused
     */
    public SendStatus send(int streamId, int ppid, byte[] message, SendOptions sendOptions) {
        if (state != SctpState.ESTABLISHED) {
            return SendStatus.NOT_CONNECTED;
        }
        if (message.length == 0) {
            return SendStatus.EMPTY_MESSAGE;
        }
        if (message.length > options.maxMessageSize()) {
            return SendStatus.MESSAGE_TOO_LARGE;
        }
        if (streamId < 0 || streamId >= Math.min(options.streams(), peerInboundStreams)) {
            return SendStatus.INVALID_STREAM;
        }
        if (sendQueue.isResetPending(streamId)) {
            return SendStatus.STREAM_RESETTING;
        }
        if (bufferedAmount() + message.length > options.maxSendBuffer()) {
            return SendStatus.BUFFER_FULL;
        }
        long now = clock.getAsLong();
        long expires = sendOptions.maxLifetimeMillis() < 0 ? Long.MAX_VALUE : now + sendOptions.maxLifetimeMillis();
        int maxRtx = peerForwardTsn ? sendOptions.maxRetransmits() : -1;
        if (!peerForwardTsn) {
            expires = Long.MAX_VALUE;
        }
        sendQueue.enqueue(new OutgoingMessage(streamId, ppid, message, sendOptions.ordered(), maxRtx, expires));
        messagesOut++;
        bytesOut += message.length;
        afterCall(now);
        return SendStatus.QUEUED;
    }

    /**
     * Resets our outgoing streams (RFC 6525 §5.1.2) once their queued data is sent; the peer resets its matching
     * incoming streams. Used to close data channels (RFC 8831 §6.7). New sends on these streams are refused until
     * {@link SctpAssociationListener#onOutgoingStreamsReset} reports completion.
     */
    public void resetStreams(int... streamIds) {
        if (resets == null || state != SctpState.ESTABLISHED || streamIds.length == 0) {
            return;
        }
        for (int s : streamIds) {
            sendQueue.markResetPending(s);
        }
        resets.request(streamIds);
        afterCall(clock.getAsLong());
    }

    /** Graceful close (RFC 9260 §9.2): sends remaining data, then SHUTDOWN. */
    public void shutdown() {
        long now = clock.getAsLong();
        switch (state) {
            case ESTABLISHED -> state = SctpState.SHUTDOWN_PENDING;
            case COOKIE_WAIT, COOKIE_ECHOED -> {
                terminate();
                listener.onClosed("shutdown before established");
                return;
            }
            default -> {
                return;
            }
        }
        afterCall(now);
    }

    /** Abortive close (RFC 9260 §9.1): sends ABORT with a User-Initiated Abort cause and closes at once. */
    public void abort(String reason) {
        if (terminated || state == SctpState.CLOSED) {
            return;
        }
        if (peerTag != 0) { // before INIT ACK/COOKIE ECHO the peer's tag is unknown: nothing it would accept
            out.addAlone(
                    peerTag, new AbortChunk(false, List.of(ErrorCause.text(ErrorCause.USER_INITIATED_ABORT, reason))));
        }
        terminate();
        listener.onClosed("aborted locally: " + reason);
    }

    /** Next encoded packet to hand to DTLS, or null when none is pending. */
    public byte[] pollOutgoingPacket() {
        return outbox.poll();
    }

    /** Earliest timer deadline in host milliseconds, or {@link Long#MAX_VALUE} when no timer runs. */
    public long nextTimeoutMillis() {
        long next = resets == null ? Long.MAX_VALUE : resets.timer().deadline();
        for (SctpTimer t : new SctpTimer[] {t1, t2, t3, heartbeatTimer, delayedAckTimer}) {
            next = Math.min(next, t.deadline());
        }
        return next;
    }

    /** Bytes accepted by {@link #send} and not yet acknowledged or abandoned. */
    public long bufferedAmount() {
        return sendQueue.unsentBytes() + (tx == null ? 0 : tx.outstandingBytes());
    }

    /** True once established with a peer that advertised RE-CONFIG (RFC 6525 §3.1): streams can be reset. */
    public boolean supportsStreamReset() {
        return resets != null;
    }

    /** Outbound streams usable towards the peer: min of ours and its MIS (RFC 9260 §5.1.1). */
    public int outboundStreams() {
        return Math.min(options.streams(), peerInboundStreams);
    }

    /** Counter snapshot. */
    public SctpStats stats() {
        return new SctpStats(
                state,
                packetsIn,
                out.packetsProduced(),
                messagesIn,
                bytesIn,
                messagesOut,
                bytesOut,
                tx == null ? 0 : tx.retransmitted,
                tx == null ? 0 : tx.fastRetransmits,
                tx == null ? 0 : tx.t3Expirations,
                (tx == null ? 0 : tx.abandoned) + sendQueue.expiredBeforeSend(),
                tx == null ? 0 : tx.forwardTsnSent,
                rx == null ? 0 : rx.forwardTsnReceived,
                initsReceived,
                tx == null ? 0 : tx.cwnd(),
                rto.rto(),
                rto.srtt(),
                bufferedAmount(),
                drops);
    }

    /** Fires every expired timer, then emits whatever became due. */
    public void handleTimeout(long nowMillis) {
        if (terminated) {
            return;
        }
        busy = true;
        try {
            if (t1.expire(nowMillis)) {
                onT1Expired(nowMillis);
            }
            if (!terminated && t2.expire(nowMillis)) {
                onT2Expired(nowMillis);
            }
            if (!terminated && t3.expire(nowMillis)) {
                onT3Expired();
            }
            if (!terminated && delayedAckTimer.expire(nowMillis) && rx != null) {
                rx.requestSack();
            }
            if (!terminated && heartbeatTimer.expire(nowMillis)) {
                onHeartbeatTimer(nowMillis);
            }
            if (!terminated && resets != null && resets.timer().expire(nowMillis)) {
                ReConfigChunk again = resets.retransmit(nowMillis, rto.rto());
                if (again != null) {
                    out.add(peerTag, again);
                }
            }
        } finally {
            busy = false;
        }
        flush(nowMillis);
    }

    /**
     * Processes one packet received from DTLS. Never throws for any content: invalid packets are counted in {@link
     * SctpStats#drops()}.
     */
    public void receivePacket(byte[] buf, int off, int len, long nowMillis) {
        if (terminated) {
            handleAfterTermination(buf, off, len);
            return;
        }
        SctpPacketCodec.Result r = SctpPacketCodec.decode(buf, off, len);
        if (r.packet() == null) {
            drop(r.dropReason());
            return;
        }
        busy = true;
        try {
            process(r.packet(), nowMillis);
        } finally {
            busy = false;
        }
        flush(nowMillis);
    }

    // ------------------------------------------------------------------ inbound dispatch

    private void process(SctpPacket p, long now) {
        if (p.destinationPort() != options.localPort() || p.sourcePort() != options.remotePort()) {
            drop(SctpDropReason.BAD_PORT);
            return;
        }
        List<Chunk> chunks = p.chunks();
        Chunk first = chunks.get(0);
        if (chunks.size() > 1) {
            for (Chunk c : chunks) {
                if (c instanceof InitChunk || c instanceof ShutdownCompleteChunk) {
                    drop(SctpDropReason.ILLEGAL_BUNDLING);
                    return;
                }
            }
        }
        if (first instanceof InitChunk init) {
            // §8.5.1 A: INIT carries tag 0; INIT ACK carries our initiate tag.
            if (p.verificationTag() != (init.ack() ? localTag : 0) || (init.ack() && localTag == 0)) {
                drop(SctpDropReason.BAD_VERIFICATION_TAG);
                return;
            }
            packetsIn++;
            if (init.ack()) {
                onInitAck(init, now);
            } else {
                onInit(init, now);
            }
            return;
        }
        if (state == SctpState.CLOSED && !(first instanceof CookieEchoChunk)) {
            answerOutOfTheBlue(p);
            return;
        }
        if (!tagAcceptable(p.verificationTag(), first)) {
            drop(SctpDropReason.BAD_VERIFICATION_TAG);
            return;
        }
        packetsIn++;
        boolean hadData = false;
        for (Chunk c : chunks) {
            if (terminated) {
                return;
            }
            switch (c) {
                case CookieEchoChunk ce -> {
                    if (!onCookieEcho(ce, p.verificationTag(), now)) {
                        return;
                    }
                }
                case CookieAckChunk ignored -> onCookieAck(now);
                case DataChunk d -> hadData |= onData(d);
                case SackChunk s -> onSack(s, now);
                case HeartbeatChunk hb -> onHeartbeat(hb, now);
                case AbortChunk a -> onAbort(a);
                case ShutdownChunk s -> onShutdown(s, now);
                case ShutdownAckChunk ignored -> onShutdownAck();
                case ShutdownCompleteChunk ignored -> onShutdownComplete();
                case ErrorChunk ignored -> {
                    // Operation errors are informational for us (§3.3.10); nothing to repair.
                }
                case ForwardTsnChunk f -> onForwardTsn(f);
                case ReConfigChunk rc -> onReConfig(rc);
                case UnknownChunk u -> {
                    if (u.report() && peerTag != 0) {
                        out.add(
                                peerTag,
                                new ErrorChunk(
                                        List.of(new SctpParam(ErrorCause.UNRECOGNIZED_CHUNK_TYPE, u.asCauseInfo()))));
                    }
                    if (u.stopProcessing()) {
                        drop(SctpDropReason.UNRECOGNIZED_CHUNK);
                        return;
                    }
                }
                case InitChunk ignored -> drop(SctpDropReason.ILLEGAL_BUNDLING);
            }
        }
        if (hadData) {
            if (rx.protocolViolation()) {
                fail(ErrorCause.PROTOCOL_VIOLATION, "message exceeds the maximum message size");
                return;
            }
            rx.afterDataPacket(now, state != SctpState.ESTABLISHED);
        }
    }

    /** Verification tag rules (RFC 9260 §8.5, §8.5.1). */
    private boolean tagAcceptable(int tag, Chunk first) {
        if (first instanceof CookieEchoChunk) {
            return true; // checked against the cookie's tag in onCookieEcho (§5.1.5 step 2)
        }
        if (state == SctpState.CLOSED) {
            return false;
        }
        if (first instanceof AbortChunk a) {
            return a.tBit() ? tag == peerTag && peerTag != 0 : tag == localTag;
        }
        if (first instanceof ShutdownCompleteChunk sc) {
            return sc.tBit() ? tag == peerTag && peerTag != 0 : tag == localTag;
        }
        return tag == localTag;
    }

    private void handleAfterTermination(byte[] buf, int off, int len) {
        SctpPacketCodec.Result r = SctpPacketCodec.decode(buf, off, len);
        if (r.packet() == null) {
            drop(r.dropReason());
            return;
        }
        if (!answerOutOfTheBlue(r.packet())) {
            drop(SctpDropReason.CLOSED);
        }
    }

    /**
     * Out-of-the-blue packet (RFC 9260 §8.4): a SHUTDOWN ACK is answered with a reflected SHUTDOWN COMPLETE (item
     * 5); everything else is dropped. We deliberately send no ABORT for other OOTB packets (item 8 is a SHOULD):
     * over DTLS the peer is authenticated and an answer would only amplify garbage.
     *
     * @return true when a reply was sent
     */
    private boolean answerOutOfTheBlue(SctpPacket p) {
        if (p.chunks().get(0) instanceof ShutdownAckChunk) {
            out.addAlone(p.verificationTag(), new ShutdownCompleteChunk(true));
            out.flush();
            return true;
        }
        if (!terminated) {
            drop(SctpDropReason.OUT_OF_THE_BLUE);
        }
        return false;
    }

    // ------------------------------------------------------------------ handshake

    private int nonZeroTag() {
        int t;
        do {
            t = random.nextInt();
        } while (t == 0);
        return t;
    }

    /** INIT: answer with a stateless INIT ACK (§5.1 B, §5.1.3), or per §5.2.1 during our own handshake. */
    private void onInit(InitChunk init, long now) {
        int tag;
        int tsn;
        switch (state) {
            case CLOSED -> {
                tag = nonZeroTag();
                tsn = random.nextInt();
            }
            case COOKIE_WAIT, COOKIE_ECHOED -> {
                tag = localTag;
                tsn = localInitialTsn;
            }
            default -> {
                // Restart of an established association (§5.2.2) is not supported: WebRTC never restarts SCTP.
                drop(SctpDropReason.UNEXPECTED_IN_STATE);
                return;
            }
        }
        initsReceived++;
        StateCookie cookie = InitNegotiation.cookieFor(init, now, tag, tsn);
        out.addAlone(init.initiateTag(), InitNegotiation.initAck(init, cookie, mac, options));
    }

    private void onInitAck(InitChunk ack, long now) {
        if (state != SctpState.COOKIE_WAIT) {
            drop(SctpDropReason.UNEXPECTED_IN_STATE);
            return;
        }
        setUpPeer(
                ack.initiateTag(),
                ack.initialTsn(),
                ack.advertisedReceiverWindow(),
                ack.inboundStreams(),
                InitNegotiation.supports(ack, ChunkType.FORWARD_TSN),
                InitNegotiation.supports(ack, ChunkType.RE_CONFIG));
        pendingCookieEcho =
                new CookieEchoChunk(ack.param(SctpParam.STATE_COOKIE).value());
        out.add(peerTag, pendingCookieEcho);
        state = SctpState.COOKIE_ECHOED;
        t1.stop();
        t1.start(now, rto.rto());
    }

    private void setUpPeer(StateCookie c) {
        setUpPeer(
                c.peerTag(),
                c.peerInitialTsn(),
                c.peerRwnd(),
                c.peerInboundStreams(),
                c.peerForwardTsn(),
                c.peerReconfig());
    }

    private void setUpPeer(int tag, int peerTsn, int peerWindow, int peerMis, boolean fwdTsn, boolean reconfig) {
        peerTag = tag;
        peerInboundStreams = peerMis;
        peerForwardTsn = fwdTsn;
        rx = new DataReceiver(options, out, tag, peerTsn, delayedAckTimer, this::deliver);
        tx = new DataTransmitter(
                options,
                out,
                rto,
                t3,
                sendQueue,
                localInitialTsn,
                tag,
                peerWindow & 0xFFFFFFFFL,
                fwdTsn,
                clock.getAsLong());
        resets = reconfig ? new StreamResetHandler(localInitialTsn, peerTsn, out, tag, sendQueue, rx, listener) : null;
    }

    /** COOKIE ECHO (§5.1.5, §5.2.4). */
    /** Returns false when the cookie was rejected: the rest of the packet is then not trusted (§5.1.5). */
    private boolean onCookieEcho(CookieEchoChunk ce, int packetTag, long now) {
        StateCookie c = StateCookie.verify(mac, ce.cookie());
        SctpDropReason rejected = InitNegotiation.checkCookie(c, packetTag, now, options, out);
        if (rejected != null) {
            drop(rejected);
            return false;
        }
        switch (state) {
            case CLOSED -> {
                localTag = c.localTag();
                localInitialTsn = c.localInitialTsn();
                setUpPeer(c);
                establish(now);
            }
            case COOKIE_WAIT, COOKIE_ECHOED -> {
                if (c.localTag() != localTag) {
                    drop(SctpDropReason.BAD_COOKIE);
                    return false;
                }
                if (state == SctpState.COOKIE_WAIT) {
                    setUpPeer(c);
                }
                establish(now);
            }
            default -> {
                if (c.localTag() != localTag || c.peerTag() != peerTag) {
                    drop(SctpDropReason.UNEXPECTED_IN_STATE);
                    return false;
                }
            }
        }
        out.add(peerTag, new CookieAckChunk());
        return true;
    }

    private void onCookieAck(long now) {
        if (state == SctpState.COOKIE_ECHOED) {
            establish(now);
        }
    }

    private void establish(long now) {
        state = SctpState.ESTABLISHED;
        t1.stop();
        pendingInit = null;
        pendingCookieEcho = null;
        heartbeatTimer.start(now, options.heartbeatIntervalMillis() + rto.rto());
        LOG.trace("sctp association established (outbound streams {})", outboundStreams());
        listener.onConnected();
    }

    // ------------------------------------------------------------------ data receive

    private boolean receivingData() {
        return state == SctpState.ESTABLISHED
                || state == SctpState.SHUTDOWN_PENDING
                || state == SctpState.SHUTDOWN_SENT
                || state == SctpState.SHUTDOWN_RECEIVED;
    }

    /** DATA (§6.2). Returns true when the chunk counts for the SACK schedule. */
    private boolean onData(DataChunk d) {
        if (!receivingData()) {
            drop(SctpDropReason.UNEXPECTED_IN_STATE);
            return false;
        }
        SctpDropReason r = rx.onData(d);
        if (r != null) {
            drop(r);
        }
        return true;
    }

    private void deliver(int streamId, int ppid, byte[] message) {
        messagesIn++;
        bytesIn += message.length;
        listener.onMessage(streamId, ppid, message);
    }

    private void onForwardTsn(ForwardTsnChunk f) {
        if (!receivingData()) {
            drop(SctpDropReason.UNEXPECTED_IN_STATE);
            return;
        }
        rx.onForwardTsn(f);
    }

    // ------------------------------------------------------------------ SACK and retransmission

    private boolean sending() {
        return tx != null
                && (state == SctpState.ESTABLISHED
                        || state == SctpState.SHUTDOWN_PENDING
                        || state == SctpState.SHUTDOWN_RECEIVED
                        || state == SctpState.SHUTDOWN_SENT);
    }

    private void onSack(SackChunk s, long now) {
        if (!sending()) {
            drop(SctpDropReason.UNEXPECTED_IN_STATE);
            return;
        }
        if (tx.onSack(s, now)) {
            errorCount = 0;
        }
    }

    private void onT3Expired() {
        if (++errorCount > options.maxAssociationRetransmits()) {
            tx.onRetransmitTimeout();
            fail("too many retransmissions");
            return;
        }
        tx.onRetransmitTimeout();
    }

    private void onT1Expired(long now) {
        if (t1.expirations() > options.maxInitRetransmits()) {
            fail("handshake timed out");
            return;
        }
        rto.backOff();
        if (state == SctpState.COOKIE_WAIT && pendingInit != null) {
            out.addAlone(0, pendingInit);
        } else if (state == SctpState.COOKIE_ECHOED && pendingCookieEcho != null) {
            out.add(peerTag, pendingCookieEcho);
        } else {
            return;
        }
        t1.start(now, rto.rto());
    }

    private void onT2Expired(long now) {
        if (++errorCount > options.maxAssociationRetransmits()) {
            fail("shutdown timed out");
            return;
        }
        rto.backOff();
        if (state == SctpState.SHUTDOWN_SENT) {
            out.add(peerTag, new ShutdownChunk((int) rx.cumulativeTsn()));
        } else if (state == SctpState.SHUTDOWN_ACK_SENT) {
            out.add(peerTag, new ShutdownAckChunk());
        } else {
            return;
        }
        t2.start(now, rto.rto());
    }

    // ------------------------------------------------------------------ heartbeat (§8.3)

    private void onHeartbeatTimer(long now) {
        if (state != SctpState.ESTABLISHED) {
            return;
        }
        if (heartbeatOutstanding && ++errorCount > options.maxAssociationRetransmits()) {
            fail("heartbeat timed out");
            return;
        }
        out.add(peerTag, new HeartbeatChunk(false, HeartbeatInfo.encode(now, heartbeatNonce)));
        heartbeatOutstanding = true;
        heartbeatTimer.start(now, options.heartbeatIntervalMillis() + rto.rto());
    }

    private void onHeartbeat(HeartbeatChunk hb, long now) {
        if (state == SctpState.CLOSED || peerTag == 0) {
            drop(SctpDropReason.UNEXPECTED_IN_STATE);
            return;
        }
        if (!hb.ack()) {
            out.add(peerTag, new HeartbeatChunk(true, hb.info()));
            return;
        }
        long sent = HeartbeatInfo.sentMillis(hb.info(), heartbeatNonce);
        if (sent < 0) {
            return;
        }
        if (sent <= now && now - sent < 120_000) {
            rto.observe(now - sent);
        }
        heartbeatOutstanding = false;
        errorCount = 0;
    }

    // ------------------------------------------------------------------ stream reset (RFC 6525)

    private void onReConfig(ReConfigChunk rc) {
        if (!sending() || resets == null) {
            drop(SctpDropReason.UNEXPECTED_IN_STATE);
            return;
        }
        resets.onReConfig(rc, rx.cumulativeTsn());
    }

    // ------------------------------------------------------------------ shutdown and abort

    private void onShutdown(ShutdownChunk s, long now) {
        if (!sending()) {
            drop(SctpDropReason.UNEXPECTED_IN_STATE);
            return;
        }
        onSack(
                new SackChunk(
                        s.cumulativeTsnAck(),
                        (int) Math.min(0xFFFFFFFFL, tx.peerRwnd() + tx.outstandingBytes()),
                        List.of(),
                        NO_STREAMS),
                now);
        if (state == SctpState.SHUTDOWN_SENT) {
            out.add(peerTag, new ShutdownAckChunk());
            state = SctpState.SHUTDOWN_ACK_SENT;
            t2.start(now, rto.rto());
        } else if (state == SctpState.ESTABLISHED || state == SctpState.SHUTDOWN_PENDING) {
            state = SctpState.SHUTDOWN_RECEIVED;
        }
    }

    private void onShutdownAck() {
        if (state != SctpState.SHUTDOWN_SENT && state != SctpState.SHUTDOWN_ACK_SENT) {
            drop(SctpDropReason.UNEXPECTED_IN_STATE);
            return;
        }
        out.addAlone(peerTag, new ShutdownCompleteChunk(false));
        terminate();
        listener.onClosed("shutdown complete");
    }

    private void onShutdownComplete() {
        if (state != SctpState.SHUTDOWN_ACK_SENT) {
            drop(SctpDropReason.UNEXPECTED_IN_STATE);
            return;
        }
        terminate();
        listener.onClosed("shutdown complete");
    }

    private void onAbort(AbortChunk a) {
        StringBuilder reason = new StringBuilder("peer abort");
        for (SctpParam c : a.causes()) {
            reason.append("; ").append(ErrorCause.describe(c));
        }
        terminate();
        listener.onAborted(reason.toString());
    }

    private void fail(String reason) {
        fail(ErrorCause.USER_INITIATED_ABORT, reason);
    }

    private void fail(int cause, String reason) {
        if (peerTag != 0) {
            out.addAlone(peerTag, new AbortChunk(false, List.of(ErrorCause.text(cause, reason))));
        }
        terminate();
        listener.onAborted(reason);
    }

    private void terminate() {
        LOG.trace("sctp association closed from state {}", state);
        state = SctpState.CLOSED;
        terminated = true;
        t1.stop();
        t2.stop();
        t3.stop();
        heartbeatTimer.stop();
        delayedAckTimer.stop();
        if (resets != null) {
            resets.timer().stop();
        }
        out.flush();
    }

    // ------------------------------------------------------------------ outbound

    private void afterCall(long now) {
        if (!busy) {
            flush(now);
        }
    }

    private void drop(SctpDropReason reason) {
        drops.merge(reason, 1L, Long::sum);
    }

    /** Emits SACK, control chunks, retransmissions, new data, stream resets and FORWARD TSN, bundled (§6.10). */
    private void flush(long now) {
        if (terminated || rx == null) {
            out.flush();
            return;
        }
        if (rx.sackDue() && (receivingData() || state == SctpState.SHUTDOWN_ACK_SENT)) {
            rx.sendSack();
        }
        if (sending()) {
            // §9.2: data accepted before a SHUTDOWN was sent or received is still transmitted
            tx.flush(
                    now,
                    state == SctpState.ESTABLISHED
                            || state == SctpState.SHUTDOWN_PENDING
                            || state == SctpState.SHUTDOWN_RECEIVED);
            if (resets != null && state == SctpState.ESTABLISHED) {
                ReConfigChunk req = resets.maybeBuildRequest(now, rto.rto(), tx.highestSent(), sendQueue::isDrained);
                if (req != null) {
                    out.add(peerTag, req);
                }
            }
            progressShutdown(now);
        }
        out.flush();
    }

    private void progressShutdown(long now) {
        boolean allDone = tx.allAcknowledged();
        if (state == SctpState.SHUTDOWN_PENDING && allDone) {
            out.add(peerTag, new ShutdownChunk((int) rx.cumulativeTsn()));
            state = SctpState.SHUTDOWN_SENT;
            t2.start(now, rto.rto());
            heartbeatTimer.stop();
        } else if (state == SctpState.SHUTDOWN_RECEIVED && allDone) {
            out.add(peerTag, new ShutdownAckChunk());
            state = SctpState.SHUTDOWN_ACK_SENT;
            t2.start(now, rto.rto());
            heartbeatTimer.stop();
        }
    }
}
