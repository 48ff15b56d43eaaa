package io.rtcd.service.cospace;

import io.rtcd.auth.JoinClaims;
import io.rtcd.ws.IdGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's cospaces (docs/protocol.md "Cospaces"): hosted ones ({@link #host}, one per model root at a time, kept
 * until {@link #close}d) and implicit ones (created by the first connect to an unknown id, removed when their last
 * participant is gone). Enforces {@code max_cospaces}; cospace-level limits are enforced by {@link Cospace}.
 *
 * <p>Threading: lookups are lock-free (concurrent maps); creating and removing cospaces takes this registry's lock
 * briefly. Lock order: a cospace's lock may be held when the registry's is taken ({@link #removed}), never the
 * reverse, so the registry never calls into a cospace while holding its lock.
 */
public final class CospaceRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(CospaceRegistry.class);

    /**
     * How long the id of a closed hosted cospace stays refused to connects: the longest join token lifetime plus its
     * clock skew, so no token for it can still be valid afterwards.
     */
    static final Duration TOMBSTONE_TTL = Duration.ofSeconds(86_400 + 30);

    static final int MAX_TOMBSTONES = 100_000;
    private static final int JOIN_ATTEMPTS = 3;

    private final CospaceConfig config;
    private final Clock clock;
    private final ScheduledExecutorService timers;
    private final CospaceMetrics metrics;
    private final Map<String, Cospace> byId = new ConcurrentHashMap<>();
    private final Map<ModelRoot, Cospace> byRoot = new ConcurrentHashMap<>();
    /** Ids of closed hosted cospaces and when they may be reused; guarded by {@link #lock}. */
    private final Map<String, Instant> tombstones = new LinkedHashMap<>();

    private final Object lock = new Object();

    public CospaceRegistry(CospaceConfig config, Clock clock, ScheduledExecutorService timers, CospaceMetrics metrics) {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.timers = Objects.requireNonNull(timers, "timers");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    /** The result of {@link #host}: the cospace and whether this call created it. */
    public record Hosted(Cospace cospace, boolean created) {}

    /**
     * Hosts {@code root} in a new cospace, or returns the one already hosting it (idempotent).
     *
     * @param owner the hosting client ID ({@code ""} for the admin)
     * @param maxParticipants per-cospace limit, or {@code null} for the server's; at most the server's
     * @param maxPublishers per-cospace limit, or {@code null} for the server's; at most the server's
     * @throws CospaceException {@code server_full} (503) at {@code max_cospaces}
     * @throws IllegalArgumentException a limit above the server's
     */
    public Hosted host(ModelRoot root, String owner, Integer maxParticipants, Integer maxPublishers) {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(owner, "owner");
        int participants = limit("maxParticipants", maxParticipants, 1, config.maxParticipants());
        int publishers = limit("maxPublishers", maxPublishers, 0, config.maxPublishers());
        synchronized (lock) {
            Cospace existing = byRoot.get(root);
            if (existing != null) {
                return new Hosted(existing, false);
            }
            checkCapacity();
            String id = newId();
            Cospace c = new Cospace(id, root, owner, clock.instant(), participants, publishers, this);
            byId.put(id, c);
            byRoot.put(root, c);
            LOG.atInfo()
                    .addKeyValue("cospace", id)
                    .addKeyValue("modelRoot", root)
                    .addKeyValue("clientID", owner)
                    .log("cospace: hosted");
            return new Hosted(c, true);
        }
    }

    private static int limit(String name, Integer value, int min, int serverMax) {
        if (value == null) {
            return serverMax;
        }
        if (value < min || value > serverMax) {
            throw new IllegalArgumentException(
                    "options." + name + " must be in " + min + ".." + serverMax + " (the server's limit)");
        }
        return value;
    }

    private String newId() {
        String id;
        do {
            id = IdGenerator.newId();
        } while (byId.containsKey(id) || tombstones.containsKey(id));
        return id;
    }

    private void checkCapacity() {
        if (byId.size() >= config.maxCospaces()) {
            throw new CospaceException(
                    "server_full",
                    503,
                    "server is full: max_cospaces (" + config.maxCospaces() + ") cospaces are hosted");
        }
    }

    /**
     * Admits a participant to cospace {@code id}, creating it implicitly if it does not exist.
     *
     * @throws CospaceException {@code cospace_closed} (a closed hosted cospace), {@code server_full},
     *     {@code cospace_full}
     */
    public Cospace join(String id, JoinClaims claims, ParticipantLink link, List<String> requested) {
        for (int attempt = 1; ; attempt++) {
            Cospace c = joinable(id);
            try {
                c.join(claims, link, requested);
                return c;
            } catch (CospaceException e) {
                // An implicit cospace emptied and closed between lookup and join: a fresh one is created next time.
                if (!"cospace_closed".equals(e.code()) || !c.implicit() || attempt >= JOIN_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private Cospace joinable(String id) {
        Cospace c = byId.get(id);
        if (c != null) {
            return c;
        }
        synchronized (lock) {
            c = byId.get(id);
            if (c != null) {
                return c;
            }
            checkClosed(id);
            checkCapacity();
            c = new Cospace(id, null, null, clock.instant(), config.maxParticipants(), config.maxPublishers(), this);
            byId.put(id, c);
            return c;
        }
    }

    /** Throws {@code cospace_closed} if {@code id} is a recently closed hosted cospace. */
    public void checkClosed(String id) {
        synchronized (lock) {
            Instant until = tombstones.get(id);
            if (until != null && clock.instant().isBefore(until)) {
                throw new CospaceException("cospace_closed", 410, "cospace " + id + " was closed");
            }
        }
    }

    public Optional<Cospace> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** Every cospace, in no particular order. */
    public List<Cospace> all() {
        return new ArrayList<>(byId.values());
    }

    /**
     * Closes cospace {@code id} ({@link Cospace#close}); its id is then refused to connects for
     * {@link #TOMBSTONE_TTL}. {@code false} if there is no such cospace.
     */
    public boolean close(String id, String reason) {
        Cospace c;
        synchronized (lock) {
            c = byId.remove(id);
            if (c == null) {
                return false;
            }
            if (c.modelRoot() != null) {
                byRoot.remove(c.modelRoot(), c);
            }
            tombstone(id);
        }
        c.close(reason);
        return true;
    }

    private void tombstone(String id) {
        Instant now = clock.instant();
        Iterator<Map.Entry<String, Instant>> it = tombstones.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, Instant> e = it.next();
            if (tombstones.size() < MAX_TOMBSTONES && now.isBefore(e.getValue())) {
                break; // insertion order = expiry order: the rest are newer
            }
            it.remove();
        }
        tombstones.put(id, now.plus(TOMBSTONE_TTL));
    }

    /** Called by an implicit cospace (under its lock) when its last participant is gone. */
    void removed(Cospace c) {
        synchronized (lock) {
            byId.remove(c.id(), c);
        }
        LOG.atDebug().addKeyValue("cospace", c.id()).log("cospace: implicit cospace emptied");
    }

    /** Closes every cospace (server shutdown). */
    public void closeAll(String reason) {
        for (Cospace c : all()) {
            close(c.id(), reason);
        }
    }

    public int cospaceCount() {
        return byId.size();
    }

    public int participantCount() {
        int n = 0;
        for (Cospace c : byId.values()) {
            n += c.size();
        }
        return n;
    }

    /** How full the server is: {@code /system}'s and {@code /realtime/status}'s {@code server} object. */
    public Map<String, Object> capacity() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cospaces", cospaceCount());
        m.put("maxCospaces", config.maxCospaces());
        m.put("participants", participantCount());
        m.put("maxParticipantsPerCospace", config.maxParticipants());
        return m;
    }

    /** {@code realtime.max_message_bytes}: the largest app message payload or activity data. */
    public int maxMessageBytes() {
        return config.maxMessageBytes();
    }

    CospaceConfig config() {
        return config;
    }

    CospaceMetrics metrics() {
        return metrics;
    }

    Instant now() {
        return clock.instant();
    }

    ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit) {
        return timers.schedule(
                () -> {
                    try {
                        task.run();
                    } catch (RuntimeException e) {
                        LOG.error("cospace: timer task failed", e);
                    }
                },
                delay,
                unit);
    }
}
