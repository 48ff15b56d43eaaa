package io.rtcd.ws.guard;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The abuse guard of one WebSocket face: checks each upgrade (attempt rate per client address, then {@code Origin})
 * before anything else runs, hands each accepted connection its {@link MessageRateGuard}, and counts every violation
 * in {@link GuardMetrics}.
 *
 * <p>Client addresses are keyed by IPv4 address or by IPv6 /64 prefix (one host usually owns a whole /64 and could
 * otherwise rotate addresses). The address is the TCP peer: behind a reverse proxy every client shares the proxy's
 * budget; {@code X-Forwarded-For} is not trusted.
 *
 * <p>Thread-safe. The time source is injectable ({@link System#nanoTime} in production).
 */
public final class ConnectionGuard {
    private static final long NANOS_PER_SECOND = TimeUnit.SECONDS.toNanos(1);

    private final String face;
    private final GuardConfig config;
    private final GuardMetrics metrics;
    private final LongSupplier clock;
    private final AttemptLimiter attempts;
    private final OriginPolicy origins;
    private final Runnable connectRate;
    private final Runnable origin;
    private final Runnable messageRate;
    private final Runnable messageFlood;
    private final Runnable messageTooLarge;
    private final ConcurrentHashMap<String, Runnable> other = new ConcurrentHashMap<>();

    /**
     * @param face the {@code face} label of the metrics, e.g. {@code realtime}
     * @param clock monotonic nanoseconds, e.g. {@code System::nanoTime}
     */
    public ConnectionGuard(String face, GuardConfig config, GuardMetrics metrics, LongSupplier clock) {
        this.face = Objects.requireNonNull(face, "face");
        this.config = Objects.requireNonNull(config, "config");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.attempts = config.connectAttemptsPerMinute() == 0
                ? null
                : new AttemptLimiter(
                        config.connectAttemptsPerMinute(), config.maxTrackedAddresses(), clock.getAsLong());
        this.origins = new OriginPolicy(config.allowedOrigins());
        this.connectRate = metrics.series(face, GuardMetrics.CONNECT_RATE);
        this.origin = metrics.series(face, GuardMetrics.ORIGIN);
        this.messageRate = metrics.series(face, GuardMetrics.MESSAGE_RATE);
        this.messageFlood = metrics.series(face, GuardMetrics.MESSAGE_FLOOD);
        this.messageTooLarge = metrics.series(face, GuardMetrics.MESSAGE_TOO_LARGE);
    }

    /** A guard that lets everything through and counts nothing. */
    public static ConnectionGuard unlimited() {
        return new ConnectionGuard("none", GuardConfig.unlimited(), GuardMetrics.none(), System::nanoTime);
    }

    public GuardConfig config() {
        return config;
    }

    /** Why an upgrade is refused: the HTTP status, a message safe for the client, and for 429 the Retry-After. */
    public record Refusal(int status, String message, long retryAfterSeconds) {}

    /**
     * Checks one upgrade attempt; every call counts against the address, whatever happens to the attempt afterwards.
     *
     * @param remote the TCP peer
     * @param originHeader the {@code Origin} header or null
     * @param hostHeader the {@code Host} header or null
     * @return null to proceed, or the refusal (already counted in the metrics)
     */
    public Refusal checkUpgrade(SocketAddress remote, String originHeader, String hostHeader) {
        if (attempts != null) {
            long wait = attempts.tryAcquire(addressKey(remote), clock.getAsLong());
            if (wait > 0) {
                connectRate.run();
                long seconds = Math.max(1, (wait + NANOS_PER_SECOND - 1) / NANOS_PER_SECOND);
                return new Refusal(429, "too many connection attempts; retry after " + seconds + " s", seconds);
            }
        }
        if (!origins.allows(originHeader, hostHeader)) {
            origin.run();
            return new Refusal(403, "origin not allowed", 0);
        }
        return null;
    }

    /** A fresh message budget for one new connection. */
    public MessageRateGuard newMessageGuard() {
        if (config.messagesPerSecond() == 0) {
            return MessageRateGuard.unlimited();
        }
        return new MessageRateGuard(
                config.messagesPerSecond(), config.messageBurst(), config.messageFloodLimit(), clock.getAsLong());
    }

    /** The guard's time in ns, for {@link MessageRateGuard#onMessage}. */
    public long now() {
        return clock.getAsLong();
    }

    /** Counts a message dropped for rate. */
    public void countMessageDropped() {
        messageRate.run();
    }

    /** Counts a connection closed for flooding. */
    public void countFlood() {
        messageFlood.run();
    }

    /** Counts a connection closed for an oversized message. */
    public void countTooLarge() {
        messageTooLarge.run();
    }

    /** Counts an upgrade refused by the face's own acceptor (e.g. {@code token_expired}). */
    public void countRefused(String reason) {
        other.computeIfAbsent(reason, r -> metrics.series(face, r)).run();
    }

    /** Number of client addresses the attempt limiter tracks (0 when it is off). */
    public int trackedAddresses() {
        return attempts == null ? 0 : attempts.trackedKeys();
    }

    /** The limiter key of a peer: the IPv4 address, or the IPv6 /64 prefix. */
    static String addressKey(SocketAddress remote) {
        if (remote instanceof InetSocketAddress isa && isa.getAddress() != null) {
            InetAddress a = isa.getAddress();
            if (a instanceof Inet6Address) {
                byte[] b = a.getAddress();
                StringBuilder sb = new StringBuilder(24);
                for (int i = 0; i < 8; i += 2) {
                    sb.append(Integer.toHexString(((b[i] & 0xff) << 8) | (b[i + 1] & 0xff)))
                            .append(':');
                }
                return sb.append(":/64").toString();
            }
            return a.getHostAddress();
        }
        return String.valueOf(remote);
    }
}
