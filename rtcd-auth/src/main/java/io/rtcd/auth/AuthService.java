package io.rtcd.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client registration, authentication and bearer sessions, as rtcd's {@code service/auth} plus {@code
 * service/auth.go} (spec §2 and §5), hardened:
 *
 * <ul>
 *   <li>client IDs are 1..64 characters of {@code [A-Za-z0-9_.-]}; keys are 32 characters up to 72 UTF-8 bytes
 *       (bcrypt's input limit, which Go's bcrypt also enforces);
 *   <li>only bcrypt hashes (cost 10) are stored; the admin secret and bearer tokens are compared in constant time;
 *   <li>bcrypt runs behind a token bucket (12 x CPUs per second, burst 1, wait at most 10 s, then
 *       {@link AuthException.Kind#TOO_MANY_REQUESTS}); unknown client IDs and impossible keys fail before any
 *       bcrypt work, with the same generic message as a wrong key (so the message never reveals whether a client
 *       exists; the shorter answer time of an unknown ID does, as in rtcd, accepted to keep bcrypt off that path);
 *   <li>a successful key check is remembered ({@link VerifiedKeyCache}: a keyed hash, bounded, expiring after
 *       {@link AuthConfig#keyCacheExpirationSeconds()}, forgotten on unregister and register), so a backend that
 *       opens hundreds of sockets with one key pays bcrypt once. Concurrent checks of the same client, stored hash
 *       and key share one bcrypt run. A wrong key is never remembered and always pays the limiter and bcrypt.
 * </ul>
 *
 * <p><b>Registration gap kept from rtcd:</b> with {@code allow_self_registration = false}, registration requires an
 * authenticated caller, but <em>any registered client</em> qualifies, not only the admin, so one client can create
 * others. The plugin relies on this; deployments that need admin-only provisioning must keep the API private.
 *
 * <p>Threading: thread-safe. bcrypt (with its limiter wait) runs on the executor given at construction: {@link
 * #authenticateAsync} never blocks its caller, the other methods wait for the executor's answer (up to the limiter
 * wait plus the hash time), at most {@value #MAX_BLOCKED_CALLERS} callers at once. An executor that refuses work, or
 * one caller too many, counts as saturated (TOO_MANY_REQUESTS).
 * Never logs keys, tokens, secrets or Authorization headers; client IDs are logged at DEBUG.
 */
public final class AuthService {
    private static final Logger LOG = LoggerFactory.getLogger(AuthService.class);

    static final int MIN_KEY_LENGTH = 32;
    /** Longest Authorization header examined; longer ones fail without decoding. */
    static final int MAX_HEADER_LENGTH = 4096;

    /**
     * Key checks worth queueing per bcrypt thread (one per CPU): what the limiter (12 per CPU and second) serves
     * within its longest wait (10 s). A check queued beyond that would be refused by the limiter anyway.
     */
    public static final int BCRYPT_QUEUE_PER_CPU = 120;

    /**
     * Most callers of the blocking methods ({@link #authenticate}, {@link #login}, {@link #register}) that wait for
     * bcrypt at once; these are HTTP threads, which also read the WebSocket connections.
     */
    public static final int MAX_BLOCKED_CALLERS = 16;

    static final String AUTH_FAILED = "authentication failed";
    static final String LOGIN_FAILED = "login failed: authentication failed";

    private final AuthConfig config;
    private final ClientKeyStore store;
    private final BcryptHasher hasher;
    private final BcryptRateLimiter limiter;
    private final BearerTokens tokens;
    private final byte[] adminSecretDigest;
    private final VerifiedKeyCache keyCache;
    private final Executor bcryptExecutor;
    /** Key checks running now, by {@link VerifiedKeyCache#mac} (Base64): later identical checks share the result. */
    private final ConcurrentHashMap<String, CompletableFuture<Boolean>> inFlight = new ConcurrentHashMap<>();

    private final Semaphore blockedCallers = new Semaphore(MAX_BLOCKED_CALLERS);
    private final LongAdder keyCacheHits = new LongAdder();
    private final LongAdder keyCacheMisses = new LongAdder();

    /**
     * Production wiring: bcrypt cost 10, bcrypt limiter 12 x CPUs per second waiting at most 10 s, bcrypt on the
     * calling thread.
     */
    public AuthService(AuthConfig config, ClientKeyStore store, Clock clock) {
        this(config, store, clock, Runnable::run);
    }

    /**
     * Production wiring with bcrypt (and its limiter wait) on {@code bcryptExecutor}: give it a bounded pool of its
     * own, so a storm of first-time authentications never holds the threads of anything else.
     */
    public AuthService(AuthConfig config, ClientKeyStore store, Clock clock, Executor bcryptExecutor) {
        this(
                config,
                store,
                clock,
                BcryptHasher.DEFAULT_COST,
                BcryptRateLimiter.production(),
                new SecureRandom(),
                bcryptExecutor);
    }

    /** Test wiring: a cheaper bcrypt cost and a custom limiter, bcrypt on the calling thread. */
    AuthService(
            AuthConfig config,
            ClientKeyStore store,
            Clock clock,
            int bcryptCost,
            BcryptRateLimiter limiter,
            SecureRandom random) {
        this(config, store, clock, bcryptCost, limiter, random, Runnable::run);
    }

    AuthService(
            AuthConfig config,
            ClientKeyStore store,
            Clock clock,
            int bcryptCost,
            BcryptRateLimiter limiter,
            SecureRandom random,
            Executor bcryptExecutor) {
        this.config = Objects.requireNonNull(config, "config");
        this.store = Objects.requireNonNull(store, "store");
        Objects.requireNonNull(clock, "clock");
        this.hasher = new BcryptHasher(bcryptCost, random);
        this.limiter = Objects.requireNonNull(limiter, "limiter");
        this.tokens = new BearerTokens(clock, Duration.ofMinutes(config.sessionExpirationMinutes()), random);
        this.adminSecretDigest = sha256(config.adminSecretKey().getBytes(StandardCharsets.UTF_8));
        this.keyCache = new VerifiedKeyCache(
                Duration.ofSeconds(config.keyCacheExpirationSeconds()), config.keyCacheMaxEntries(), clock, random);
        this.bcryptExecutor = Objects.requireNonNull(bcryptExecutor, "bcryptExecutor");
    }

    /**
     * Authenticates an HTTP {@code Authorization} header value: {@code Basic base64(clientID:authKey)} (or any user
     * name with the admin secret as password, when the admin is enabled) or {@code Bearer <token>} from
     * {@link #login}. Scheme names are case-insensitive (RFC 9110 §11.1).
     *
     * @throws AuthException {@link AuthException.Kind#UNAUTHORIZED} with the message {@code authentication failed}
     *     for a missing, malformed or wrong credential; {@link AuthException.Kind#TOO_MANY_REQUESTS} when bcrypt is
     *     saturated
     */
    public Principal authenticate(String authorizationHeader) {
        return await(authenticateAsync(authorizationHeader));
    }

    /**
     * {@link #authenticate} without blocking: what needs no bcrypt (bearer tokens, the admin secret, refusals before
     * bcrypt, a remembered key) completes before this returns; a key check runs on the bcrypt executor and the
     * future completes there.
     *
     * @return completes with the principal, or exceptionally with the {@link AuthException} {@link #authenticate}
     *     would throw
     */
    public CompletableFuture<Principal> authenticateAsync(String authorizationHeader) {
        try {
            if (authorizationHeader == null
                    || authorizationHeader.isBlank()
                    || authorizationHeader.length() > MAX_HEADER_LENGTH) {
                throw unauthorized();
            }
            String header = authorizationHeader.strip();
            if (hasScheme(header, "Basic")) {
                return authenticateBasic(header.substring("Basic".length()).strip());
            }
            if (hasScheme(header, "Bearer")) {
                return CompletableFuture.completedFuture(
                        authenticateBearer(header.substring("Bearer".length()).strip()));
            }
            throw unauthorized();
        } catch (AuthException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Basic authentications answered without bcrypt: from the key cache or a concurrent check of the same key. */
    public long keyCacheHits() {
        return keyCacheHits.sum();
    }

    /** Basic authentications and logins of a registered client that ran bcrypt (a new, expired or wrong key). */
    public long keyCacheMisses() {
        return keyCacheMisses.sum();
    }

    /**
     * Registers {@code clientId} with the client-chosen {@code authKey} (stored as a bcrypt hash only).
     *
     * @param caller the authenticated caller, if the request carried credentials; required (admin or a registered
     *     client, see the class comment) unless self-registration is enabled
     * @return {@code clientId}
     * @throws AuthException UNAUTHORIZED without a valid caller when one is required; BAD_REQUEST for an empty or
     *     invalid client ID, a key shorter than 32 characters ({@code registration failed: key not long enough}) or
     *     longer than 72 bytes, or an existing client ({@code registration failed: already registered});
     *     TOO_MANY_REQUESTS when bcrypt is saturated
     */
    public String register(Optional<Principal> caller, String clientId, String authKey) {
        Objects.requireNonNull(caller, "caller");
        if (!config.allowSelfRegistration() && !isLiveCaller(caller)) {
            throw unauthorized();
        }
        if (clientId == null || clientId.isEmpty()) {
            throw badRequest("registration failed: empty clientID");
        }
        if (!ClientIds.isValid(clientId)) {
            throw badRequest("registration failed: " + ClientIds.RULE);
        }
        if (authKey == null || authKey.length() < MIN_KEY_LENGTH) {
            throw badRequest("registration failed: key not long enough");
        }
        if (BcryptHasher.utf8Length(authKey) > BcryptHasher.MAX_KEY_BYTES) {
            throw badRequest("registration failed: key too long (at most " + BcryptHasher.MAX_KEY_BYTES + " bytes)");
        }
        if (store.findKeyHash(clientId).isPresent()) {
            throw badRequest("registration failed: already registered");
        }
        String hash = await(onBcrypt(() -> {
            limiter.acquire();
            return hasher.hash(authKey);
        }));
        keyCache.forget(clientId);
        if (!store.insertKeyHash(clientId, hash)) {
            throw badRequest("registration failed: already registered");
        }
        LOG.debug("auth: registered client {} (by {})", clientId, describe(caller));
        return clientId;
    }

    /**
     * Unregisters {@code clientId} and drops its bearer token.
     *
     * @throws AuthException FORBIDDEN {@code unregister not enabled} unless the admin or self-registration is
     *     enabled; UNAUTHORIZED without a caller; BAD_REQUEST for an empty client ID; FORBIDDEN when a client
     *     unregisters another one; BAD_REQUEST for an unknown client
     */
    public void unregister(Principal caller, String clientId) {
        if (!config.enableAdmin() && !config.allowSelfRegistration()) {
            throw new AuthException(AuthException.Kind.FORBIDDEN, "unregister not enabled");
        }
        if (caller == null) {
            throw unauthorized();
        }
        if (clientId == null || clientId.isEmpty()) {
            throw badRequest("unregister failed: empty clientID");
        }
        if (!caller.admin() && !caller.clientId().equals(clientId)) {
            throw new AuthException(
                    AuthException.Kind.FORBIDDEN, "unregister failed: a client may only unregister itself");
        }
        if (!store.deleteKeyHash(clientId)) {
            throw badRequest("unregister failed: unknown clientID");
        }
        keyCache.forget(clientId);
        tokens.revoke(clientId);
        LOG.debug("auth: unregistered client {} (by {})", clientId, describe(Optional.of(caller)));
    }

    /**
     * Verifies the credentials and issues a bearer token (32 URL-safe characters) valid for {@code
     * session_cache.expiration_minutes}; a client's previous token stops working.
     *
     * @throws AuthException BAD_REQUEST {@code login failed: authentication failed} for any wrong credential (rtcd
     *     answers 400 here, not 401); TOO_MANY_REQUESTS when bcrypt is saturated
     */
    public String login(String clientId, String authKey) {
        if (!await(verifyKey(clientId, authKey))) {
            LOG.debug("auth: login failed for client {}", ClientIds.isValid(clientId) ? clientId : "<invalid>");
            throw badRequest(LOGIN_FAILED);
        }
        String token = tokens.issue(clientId);
        LOG.debug("auth: client {} logged in", clientId);
        return token;
    }

    /** All registered client IDs, sorted. */
    public List<String> clients() {
        List<String> ids = new ArrayList<>(store.clientIds());
        ids.sort(null);
        return List.copyOf(ids);
    }

    private CompletableFuture<Principal> authenticateBasic(String encoded) {
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw unauthorized();
        }
        String credentials = new String(decoded, StandardCharsets.UTF_8);
        int colon = credentials.indexOf(':');
        if (colon < 0) {
            throw unauthorized();
        }
        String clientId = credentials.substring(0, colon);
        String key = credentials.substring(colon + 1);
        if (config.enableAdmin() && isAdminSecret(key)) {
            return CompletableFuture.completedFuture(Principal.ofAdmin());
        }
        return verifyKey(clientId, key).thenApply(ok -> {
            if (!ok) {
                LOG.debug(
                        "auth: basic authentication failed for client {}",
                        ClientIds.isValid(clientId) ? clientId : "<invalid>");
                throw unauthorized();
            }
            return Principal.ofClient(clientId);
        });
    }

    private Principal authenticateBearer(String token) {
        if (token.isEmpty()) {
            throw unauthorized();
        }
        return tokens.resolve(token).map(Principal::ofClient).orElseThrow(AuthService::unauthorized);
    }

    /**
     * Whether {@code key} is the registered key of {@code clientId}. Client IDs and keys that cannot have been
     * registered, and unknown clients, fail without bcrypt work; a remembered key succeeds without it; otherwise the
     * check takes a limiter permit and runs bcrypt on the bcrypt executor, unless an identical check is running, whose
     * success is then shared (its failure is not: the caller pays its own bcrypt).
     */
    private CompletableFuture<Boolean> verifyKey(String clientId, String key) {
        if (!ClientIds.isValid(clientId)
                || key == null
                || key.length() < MIN_KEY_LENGTH
                || BcryptHasher.utf8Length(key) > BcryptHasher.MAX_KEY_BYTES) {
            return CompletableFuture.completedFuture(false);
        }
        Optional<String> stored = store.findKeyHash(clientId);
        if (stored.isEmpty()) {
            return CompletableFuture.completedFuture(false);
        }
        String hash = stored.get();
        if (!keyCache.enabled()) {
            keyCacheMisses.increment();
            return check(clientId, hash, key, null);
        }
        byte[] mac = keyCache.mac(clientId, hash, key);
        if (keyCache.contains(clientId, mac)) {
            keyCacheHits.increment();
            return CompletableFuture.completedFuture(true);
        }
        String flight = Base64.getEncoder().encodeToString(mac);
        CompletableFuture<Boolean> mine = new CompletableFuture<>();
        CompletableFuture<Boolean> running = inFlight.putIfAbsent(flight, mine);
        if (running == null) {
            keyCacheMisses.increment();
            check(clientId, hash, key, mac).whenComplete((ok, e) -> {
                inFlight.remove(flight, mine);
                if (e != null) {
                    mine.completeExceptionally(e);
                } else {
                    mine.complete(ok);
                }
            });
            return mine;
        }
        return running.handle((ok, e) -> e == null && ok).thenCompose(shared -> {
            if (shared) {
                keyCacheHits.increment();
                return CompletableFuture.completedFuture(true);
            }
            keyCacheMisses.increment();
            return check(clientId, hash, key, mac);
        });
    }

    /** Limiter permit + bcrypt on the bcrypt executor; remembers a success under {@code mac} (if not null). */
    private CompletableFuture<Boolean> check(String clientId, String hash, String key, byte[] mac) {
        return onBcrypt(() -> {
            limiter.acquire();
            boolean ok = hasher.matches(hash, key);
            if (ok && mac != null) {
                keyCache.remember(clientId, mac);
            }
            return ok;
        });
    }

    /** Runs {@code work} (which takes a limiter permit) on the bcrypt executor; a refusal is TOO_MANY_REQUESTS. */
    private <T> CompletableFuture<T> onBcrypt(Supplier<T> work) {
        try {
            return CompletableFuture.supplyAsync(work, bcryptExecutor);
        } catch (RejectedExecutionException e) {
            LOG.warn("auth: bcrypt executor saturated, refusing a key check");
            return CompletableFuture.failedFuture(throttled());
        }
    }

    /**
     * Waits for {@code f}; an {@link AuthException} it failed with is rethrown as is. At most {@value
     * #MAX_BLOCKED_CALLERS} callers wait for bcrypt at once; one more is refused (TOO_MANY_REQUESTS) rather than held,
     * so a flood of uncached or wrong keys on the HTTP API cannot take the server threads that read sockets.
     */
    private <T> T await(CompletableFuture<T> f) {
        if (f.isDone()) {
            return join(f);
        }
        if (!blockedCallers.tryAcquire()) {
            LOG.warn("auth: {} callers already wait for bcrypt, refusing another", MAX_BLOCKED_CALLERS);
            throw throttled();
        }
        try {
            return join(f);
        } finally {
            blockedCallers.release();
        }
    }

    /** Callers waiting for bcrypt now (tests). */
    int blockedCallers() {
        return MAX_BLOCKED_CALLERS - blockedCallers.availablePermits();
    }

    private static <T> T join(CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof AuthException ae) {
                throw ae;
            }
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw e;
        }
    }

    private boolean isLiveCaller(Optional<Principal> caller) {
        return caller.map(p -> p.admin() || store.findKeyHash(p.clientId()).isPresent())
                .orElse(false);
    }

    /** Constant time in the secret's and the candidate's content: both are compared as SHA-256 digests. */
    private boolean isAdminSecret(String candidate) {
        byte[] digest = sha256(candidate.getBytes(StandardCharsets.UTF_8));
        return MessageDigest.isEqual(digest, adminSecretDigest);
    }

    private static boolean hasScheme(String header, String scheme) {
        return header.length() > scheme.length()
                && header.regionMatches(true, 0, scheme, 0, scheme.length())
                && header.charAt(scheme.length()) == ' ';
    }

    private static String describe(Optional<Principal> caller) {
        return caller.map(p -> p.admin() ? "admin" : "client " + p.clientId()).orElse("self-registration");
    }

    private static AuthException throttled() {
        return new AuthException(AuthException.Kind.TOO_MANY_REQUESTS, "too many authentication requests");
    }

    private static AuthException unauthorized() {
        return new AuthException(AuthException.Kind.UNAUTHORIZED, AUTH_FAILED);
    }

    private static AuthException badRequest(String message) {
        return new AuthException(AuthException.Kind.BAD_REQUEST, message);
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    @Override
    public String toString() {
        return "AuthService[" + config + "]";
    }
}
