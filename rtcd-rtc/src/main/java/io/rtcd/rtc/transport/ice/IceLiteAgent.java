package io.rtcd.rtc.transport.ice;

import io.rtcd.rtc.transport.DatagramSender;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ICE-lite agent of one session (RFC 8445 §2.5, §6.1.1, §7.3): it never sends checks, it only answers Binding
 * requests from the remote full agent, which is always controlling, and it selects the 5-tuple the controlling agent
 * nominates. Design choice (lead): an own lite agent on the single shared UDP socket instead of ice4j's single-port
 * harvester: one reader thread, one demux, no per-packet allocation on media, and browsers interoperate with lite
 * servers (mediasoup and Janus are lite too).
 *
 * <p>Checks on every request (RFC 8489 §9.1.3, RFC 8445 §7.3): USERNAME must be {@code localUfrag:remoteUfrag} (the
 * remote part is not checked until {@link #setRemoteUfrag} is called), MESSAGE-INTEGRITY keyed with our password and
 * FINGERPRINT must verify. <b>Error-response choice:</b> requests failing those checks are dropped silently and counted,
 * with no 400/401 answer. An unauthenticated error response would turn the public SFU port into a reflector and gives
 * the sender nothing it can act on (mediasoup does the same for unknown usernames). The one error response we send is
 * 487 Role Conflict, and only to an authenticated request carrying ICE-CONTROLLED: a lite agent is always controlled
 * and can never switch role.
 *
 * <p>Selection: a request with USE-CANDIDATE (regular or aggressive nomination) selects its source address; if
 * nothing is selected yet, the first valid request selects its source provisionally, so DTLS can start at once (as
 * mediasoup does). A later nomination of another address re-selects (ICE restart without new credentials, network
 * change). Every selection is reported to {@link Listener#onSelected}.
 *
 * <p>Valid pairs (RFC 8445 §7.3.1.4, §12.2 "agents MUST be prepared to receive data on any candidate pair that is
 * valid"): every other source address that passed an authenticated check is reported once to {@link
 * Listener#onValidated} (at most {@link #MAX_VALID_PATHS}), so the transport can accept DTLS and media from it. A
 * controlling agent may nominate one pair and send data on another it checked earlier (werift does, when it has two
 * host candidates: the nomination of the second pair crosses the first); data arriving on such a valid path selects it
 * ({@link #selectByData}), as mediasoup does for its lite server, so our replies reach the peer where it listens.
 *
 * <p>ICE restart (RFC 8445 §9, RFC 8839 §4.4.1.1.1): {@link #restart} installs new credentials, local ones (a restart
 * the remote offered, or the server's own) or only remote ones (an answer that changed {@code a=ice-ufrag}: strictly
 * a client bug, but pion sends it). The previous generation stays valid, so checks with the old credentials are still
 * answered (and consent stays fresh) until the first authenticated check with the new ones; then only the new
 * credentials count. At most two generations exist.
 *
 * <p>Consent freshness (RFC 7675): once started, the session is dead if neither a valid request from the selected
 * address nor authenticated media ({@link #consentActivity}) arrived for {@code consentTimeout} (30 s by default; before any selection the same timeout applies, but the
 * transport's shorter ICE connect timer normally ends such a session first, as an ICE timeout, and the transport
 * reports an expiry before any selection as one too). {@link Listener#onConsentExpired} then fires once.
 *
 * <p>Threading: {@link #handleBindingRequest} is called by the UDP reader thread (it is cheap and does no blocking
 * I/O: one HMAC, one CRC and one send). It is {@code synchronized} with {@link #setRemoteUfrag} and {@link #close}.
 * {@link #checkConsent()} runs on the scheduler passed to {@link #start}.
 */
public final class IceLiteAgent implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IceLiteAgent.class);
    private static final int RESPONSE_CAPACITY = 128;
    /** Valid non-selected paths remembered per agent (a peer has a few host candidates, not more). */
    public static final int MAX_VALID_PATHS = 8;

    /** Callbacks of one agent. Implementations must not block. */
    public interface Listener {
        /** A 5-tuple was selected. Fires on the UDP reader thread (or the thread calling handleBindingRequest). */
        void onSelected(InetSocketAddress remote);

        /**
         * A path was selected: {@code remote} reached through {@code via} (the shared UDP port, or one ICE-TCP
         * connection, RFC 6544). Same thread as {@link #onSelected(InetSocketAddress)}, which it calls by default.
         */
        default void onSelected(InetSocketAddress remote, DatagramSender via) {
            onSelected(remote);
        }

        /**
         * {@code remote} passed an authenticated check through {@code via} but is not the selected path. Fires once
         * per path (at most {@link #MAX_VALID_PATHS} per agent), on the thread of the check. Default: ignored.
         */
        default void onValidated(InetSocketAddress remote, DatagramSender via) {}

        /** Consent expired or ICE never connected. Fires once, on the scheduler thread passed to {@link #start}. */
        void onConsentExpired();

        /**
         * The selected path has had no valid check for half the consent timeout: the peer may have lost its path while
         * its signalling lives on, so an ICE restart offered now can still save the session (RFC 8445 §9). Fires once
         * per stale spell (again only after consent was refreshed), on the scheduler thread. Default: ignored.
         */
        default void onConsentStale() {}
    }

    /** One set of credentials: our ufrag and password and the remote ufrag they pair with. */
    private static final class Generation {
        final IceCredentials local;
        final StunIntegrity integrity;
        final byte[] localUfragColon;
        /** The remote ufrag from the SDP; {@code null} accepts any non-empty remote part. */
        final byte[] remoteUfrag;

        Generation(IceCredentials local, StunIntegrity integrity, byte[] remoteUfrag) {
            this.local = local;
            this.integrity = integrity;
            this.localUfragColon = (local.ufrag() + ":").getBytes(StandardCharsets.US_ASCII);
            this.remoteUfrag = remoteUfrag;
        }

        Generation withRemote(byte[] remote) {
            return new Generation(local, integrity, remote);
        }
    }

    private final long consentTimeoutNanos;
    private final DatagramSender sender;
    private final LongSupplier nanoClock;
    private final Listener listener;
    private final StunMessageWriter writer = new StunMessageWriter();
    private final byte[] response = new byte[RESPONSE_CAPACITY];

    /** The credentials in force; written under the lock, read by {@link #localCredentials} without it. */
    private volatile Generation current;
    /** The credentials before the last {@link #restart}, valid until a check with {@link #current} arrives. */
    private Generation previous;

    private volatile InetSocketAddress selected;
    private DatagramSender selectedVia;
    private final InetSocketAddress[] validFrom = new InetSocketAddress[MAX_VALID_PATHS];
    private final DatagramSender[] validVia = new DatagramSender[MAX_VALID_PATHS];
    private int validCount;
    private volatile long lastConsentNanos;
    /** A count that grows while authenticated media arrives from the peer; see {@link #consentActivity}. */
    private LongSupplier activity = () -> 0;

    private long lastActivity;
    private boolean closed;
    private boolean expired;
    /** {@link Listener#onConsentStale} fired for the current spell without consent. */
    private boolean staleReported;

    private ScheduledFuture<?> consentTask;

    /**
     * @param nanoClock monotonic time source, {@link System#nanoTime} in production; tests inject a fake one
     */
    public IceLiteAgent(
            IceCredentials local,
            Duration consentTimeout,
            DatagramSender sender,
            LongSupplier nanoClock,
            Listener listener) {
        Objects.requireNonNull(local, "local");
        this.consentTimeoutNanos = consentTimeout.toNanos();
        this.sender = Objects.requireNonNull(sender, "sender");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.current = new Generation(local, new StunIntegrity(local.password()), null);
        this.lastConsentNanos = nanoClock.getAsLong();
    }

    /** Our credentials in force (the newest generation). */
    public IceCredentials localCredentials() {
        return current.local;
    }

    public String localUfrag() {
        return current.local.ufrag();
    }

    /** The remote ufrag from the SDP (a=ice-ufrag). Until it is set, any non-empty remote part is accepted. */
    public synchronized void setRemoteUfrag(String ufrag) {
        current = current.withRemote(ufrag == null ? null : ufrag.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * ICE restart (RFC 8445 §9): {@code newLocal} (or the current local credentials when it is {@code null} or equal:
     * only the remote side changed) paired with {@code remoteUfrag} ({@code null}: any, until the answer to our own
     * restart offer tells the peer's) become current; the credentials in force until now
     * stay valid until the first authenticated check with the new ones. A generation older than that is forgotten.
     *
     * @return our ufrags still accepted after this call (the current one first), for the mux routing table
     */
    public synchronized List<String> restart(IceCredentials newLocal, String remoteUfrag) {
        Generation cur = current;
        byte[] remote = remoteUfrag == null ? null : remoteUfrag.getBytes(StandardCharsets.UTF_8);
        Generation next = newLocal == null || newLocal.equals(cur.local)
                ? cur.withRemote(remote)
                : new Generation(newLocal, new StunIntegrity(newLocal.password()), remote);
        previous = cur;
        current = next;
        LOG.debug("ice {} restart: local {} remote {}", cur.local.ufrag(), next.local.ufrag(), remoteUfrag);
        return acceptedLocalUfrags();
    }

    /** Our ufrags accepted in checks right now: the current one, and the previous one while it is still valid. */
    public synchronized List<String> acceptedLocalUfrags() {
        Generation p = previous;
        if (p == null || p.local.ufrag().equals(current.local.ufrag())) {
            return List.of(current.local.ufrag());
        }
        return List.of(current.local.ufrag(), p.local.ufrag());
    }

    /**
     * A count of packets from the peer that prove it still holds the session's keys (authenticated SRTP/SRTCP). When it
     * grows between two consent checks, consent counts as fresh. RFC 7675 has the sender verify consent with STUN;
     * this agent only answers checks, and pion 3.x (Mattermost's stack) sends none while media flows in both
     * directions, so authenticated media from the selected peer is taken as the same evidence, as pion's own agent
     * does. Call before {@link #start}.
     */
    public synchronized void consentActivity(LongSupplier count) {
        this.activity = Objects.requireNonNull(count, "count");
    }

    /** The selected remote address, or {@code null} while ICE has not connected. */
    public InetSocketAddress selectedAddress() {
        return selected;
    }

    /**
     * Starts the consent freshness timer: {@link #checkConsent()} runs every {@code period} on {@code scheduler}.
     * The timeout restarts now.
     */
    public synchronized void start(ScheduledExecutorService scheduler, Duration period) {
        if (closed || consentTask != null) {
            return;
        }
        lastConsentNanos = nanoClock.getAsLong();
        long p = Math.max(1, period.toMillis());
        consentTask = scheduler.scheduleWithFixedDelay(this::checkConsent, p, p, TimeUnit.MILLISECONDS);
    }

    /**
     * Handles one parsed Binding request from {@code from}. The caller (the mux) has already checked the message
     * type and that the USERNAME starts with our ufrag. Sends the response itself through the {@link DatagramSender}.
     */
    public StunCheckResult handleBindingRequest(StunMessage request, InetSocketAddress from) {
        return handleBindingRequest(request, from, sender);
    }

    /**
     * Same, for a request that arrived through {@code via} (an ICE-TCP connection, RFC 6544 §3): the response goes
     * back through {@code via}, and a path is identified by both the remote address and {@code via}, so a UDP and a
     * TCP path from the same ip:port are different paths.
     */
    public synchronized StunCheckResult handleBindingRequest(
            StunMessage request, InetSocketAddress from, DatagramSender via) {
        if (closed) {
            return StunCheckResult.CLOSED;
        }
        Generation gen = current;
        if (!usernameMatches(request, gen)) {
            gen = previous;
            if (gen == null || !usernameMatches(request, gen)) {
                return StunCheckResult.BAD_USERNAME;
            }
        }
        StunIntegrity integrity = gen.integrity;
        if (!integrity.verifyIntegrity(request)) {
            return StunCheckResult.BAD_INTEGRITY;
        }
        // RFC 8489 §14.7: FINGERPRINT is mandatory for ICE (RFC 8445 §7.1.1 "MUST include FINGERPRINT").
        if (!integrity.verifyFingerprint(request)) {
            return StunCheckResult.BAD_FINGERPRINT;
        }
        if (gen == current && previous != null) {
            previous = null; // the peer uses the new credentials: the old ones are no longer answered
        }
        if (request.iceControlled()) {
            // RFC 8445 §7.3.1.1: we are controlled and, being lite, cannot switch to controlling.
            int n = writer.start(
                            response, 0, StunMessage.BINDING_ERROR, request.buffer(), request.transactionIdOffset())
                    .errorCode(487, "Role Conflict")
                    .messageIntegrity(integrity)
                    .fingerprint(integrity)
                    .length();
            via.send(from, response, 0, n);
            return StunCheckResult.ROLE_CONFLICT;
        }
        int n = writer.start(response, 0, StunMessage.BINDING_SUCCESS, request.buffer(), request.transactionIdOffset())
                .xorMappedAddress(from)
                .messageIntegrity(integrity)
                .fingerprint(integrity)
                .length();
        via.send(from, response, 0, n);

        InetSocketAddress current = selected;
        boolean samePath = current != null && current.equals(from) && selectedVia == via;
        boolean select = current == null || (request.useCandidate() && !samePath);
        if (select) {
            if (current != null) {
                rememberValid(current, selectedVia); // the previous path stays valid (RFC 8445 §12.2)
            }
            selected = from;
            selectedVia = via;
            lastConsentNanos = nanoClock.getAsLong();
            LOG.debug("ice {} selected {} (use-candidate={})", gen.local.ufrag(), from, request.useCandidate());
            listener.onSelected(from, via);
            return StunCheckResult.SELECTED;
        }
        if (samePath) {
            lastConsentNanos = nanoClock.getAsLong();
        } else if (rememberValid(from, via)) {
            listener.onValidated(from, via);
        }
        return StunCheckResult.ACCEPTED;
    }

    /** Records a valid path; {@code false} if already known or the table is full. */
    private boolean rememberValid(InetSocketAddress from, DatagramSender via) {
        if (indexOfValid(from, via) >= 0 || validCount == MAX_VALID_PATHS) {
            return false;
        }
        validFrom[validCount] = from;
        validVia[validCount] = via;
        validCount++;
        return true;
    }

    private int indexOfValid(InetSocketAddress from, DatagramSender via) {
        for (int i = 0; i < validCount; i++) {
            if (validVia[i] == via && validFrom[i].equals(from)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * DTLS or media arrived from {@code from} through {@code via}: if that is a valid path (it passed an authenticated
     * check) other than the selected one, it becomes the selected path and {@link Listener#onSelected} fires; the
     * previous selection stays valid. Any thread (the UDP reader in practice).
     *
     * @return whether the selection changed
     */
    public synchronized boolean selectByData(InetSocketAddress from, DatagramSender via) {
        if (closed || (from.equals(selected) && via == selectedVia) || indexOfValid(from, via) < 0) {
            return false;
        }
        InetSocketAddress previous = selected;
        DatagramSender previousVia = selectedVia;
        selected = from;
        selectedVia = via;
        lastConsentNanos = nanoClock.getAsLong();
        if (previous != null && indexOfValid(previous, previousVia) < 0) {
            rememberValid(previous, previousVia);
        }
        LOG.debug("ice {} selected {} (data arrived on a valid pair)", current.local.ufrag(), from);
        listener.onSelected(from, via);
        return true;
    }

    private static boolean usernameMatches(StunMessage request, Generation gen) {
        if (!request.hasUsername()) {
            return false;
        }
        byte[] b = request.buffer();
        int off = request.usernameOffset();
        int len = request.usernameLength();
        byte[] localUfragColon = gen.localUfragColon;
        int prefix = localUfragColon.length;
        if (len <= prefix) {
            return false;
        }
        for (int i = 0; i < prefix; i++) {
            if (b[off + i] != localUfragColon[i]) {
                return false;
            }
        }
        byte[] remote = gen.remoteUfrag;
        if (remote == null) {
            return true;
        }
        if (len - prefix != remote.length) {
            return false;
        }
        for (int i = 0; i < remote.length; i++) {
            if (b[off + prefix + i] != remote[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Declares the session dead if consent is older than the timeout. Normally run by the timer from {@link #start};
     * public so tests can drive it with a fake clock.
     *
     * @return {@code true} if consent is (now or already) expired
     */
    public boolean checkConsent() {
        boolean stale;
        synchronized (this) {
            if (closed) {
                return expired;
            }
            if (expired) {
                return true;
            }
            long now = nanoClock.getAsLong();
            long act = activity.getAsLong();
            if (act != lastActivity) {
                lastActivity = act;
                if (selected != null) {
                    lastConsentNanos = now;
                }
            }
            long age = now - lastConsentNanos;
            if (age < consentTimeoutNanos) {
                stale = selected != null && age >= consentTimeoutNanos / 2 && !staleReported;
                staleReported = age >= consentTimeoutNanos / 2;
                if (!stale) {
                    return false;
                }
            } else {
                stale = false;
                expired = true;
            }
        }
        if (stale) {
            LOG.debug("ice {} consent stale (selected {})", current.local.ufrag(), selected);
            listener.onConsentStale();
            return false;
        }
        synchronized (this) {
            if (consentTask != null) {
                consentTask.cancel(false);
            }
        }
        LOG.debug("ice {} consent expired (selected {})", current.local.ufrag(), selected);
        listener.onConsentExpired();
        return true;
    }

    /** Stops the consent timer; later requests are ignored. Idempotent. */
    @Override
    public synchronized void close() {
        closed = true;
        if (consentTask != null) {
            consentTask.cancel(false);
        }
    }
}
