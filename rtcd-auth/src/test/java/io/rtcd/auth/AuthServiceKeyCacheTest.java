package io.rtcd.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** {@link AuthService} with its key cache: bcrypt once per client and key, never for free on a wrong key. */
class AuthServiceKeyCacheTest {
    private static final String KEY = "k".repeat(32);
    private static final String WRONG = "w".repeat(32);
    private static final String NEW_KEY = "n".repeat(32);

    private final FakeClientKeyStore store = new FakeClientKeyStore();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final AtomicLong nanos = new AtomicLong();
    private final BcryptRateLimiter limiter = new BcryptRateLimiter(1000.0, Duration.ofDays(1), nanos::get, n -> {});

    /** Runs submitted tasks only when told to. */
    private static final class HeldExecutor implements Executor {
        final ArrayDeque<Runnable> tasks = new ArrayDeque<>();

        @Override
        public synchronized void execute(Runnable r) {
            tasks.add(r);
        }

        void runOne() {
            Runnable r;
            synchronized (this) {
                r = tasks.poll();
            }
            r.run();
        }

        synchronized int size() {
            return tasks.size();
        }

        synchronized int runAll() {
            int n = 0;
            while (!tasks.isEmpty()) {
                tasks.poll().run();
                n++;
            }
            return n;
        }
    }

    private AuthService service(int ttlSeconds, Executor executor) {
        AuthConfig config = new AuthConfig(false, "", true, 60, ttlSeconds, 16);
        return new AuthService(config, store, clock, 4, limiter, new SecureRandom(), executor);
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static AuthException.Kind failure(CompletableFuture<Principal> f) {
        CompletionException e = assertThrows(CompletionException.class, f::join);
        return assertInstanceOf(AuthException.class, e.getCause()).kind();
    }

    @Test
    void aSecondAuthenticationWithTheSameKeyRunsNoBcrypt() {
        AuthService auth = service(600, Runnable::run);
        auth.register(Optional.empty(), "c1", KEY);
        long afterRegister = limiter.granted();
        assertEquals(Principal.ofClient("c1"), auth.authenticate(basic("c1", KEY)));
        assertEquals(afterRegister + 1, limiter.granted());
        for (int i = 0; i < 50; i++) {
            assertEquals(Principal.ofClient("c1"), auth.authenticate(basic("c1", KEY)));
        }
        assertEquals("c1", auth.authenticate(basic("c1", KEY)).clientId());
        assertEquals(afterRegister + 1, limiter.granted(), "bcrypt once for 52 authentications");
        assertEquals(51, auth.keyCacheHits());
        assertEquals(1, auth.keyCacheMisses());
        assertFalse(auth.login("c1", KEY).isEmpty(), "login uses the cache too");
        assertEquals(afterRegister + 1, limiter.granted());
    }

    @Test
    void aWrongKeyForACachedClientStillPaysBcryptAndIsNeverCached() {
        AuthService auth = service(600, Runnable::run);
        auth.register(Optional.empty(), "c1", KEY);
        auth.authenticate(basic("c1", KEY));
        long before = limiter.granted();
        for (int i = 1; i <= 3; i++) {
            AuthException e = assertThrows(AuthException.class, () -> auth.authenticate(basic("c1", WRONG)));
            assertEquals(AuthException.Kind.UNAUTHORIZED, e.kind());
            assertEquals(before + i, limiter.granted(), "every wrong try takes a limiter permit and runs bcrypt");
        }
        assertEquals(4, auth.keyCacheMisses());
        assertEquals(Principal.ofClient("c1"), auth.authenticate(basic("c1", KEY)), "the good key is still cached");
        assertEquals(before + 3, limiter.granted());
    }

    @Test
    void expiredEntriesPayBcryptAgain() {
        AuthService auth = service(60, Runnable::run);
        auth.register(Optional.empty(), "c1", KEY);
        auth.authenticate(basic("c1", KEY));
        long before = limiter.granted();
        clock.advance(Duration.ofSeconds(59));
        auth.authenticate(basic("c1", KEY));
        assertEquals(before, limiter.granted());
        clock.advance(Duration.ofSeconds(1));
        auth.authenticate(basic("c1", KEY));
        assertEquals(before + 1, limiter.granted(), "bcrypt again once the TTL ran out");
    }

    @Test
    void unregisterAndReRegisterDropTheRememberedKey() {
        AuthService auth = service(600, Runnable::run);
        auth.register(Optional.empty(), "c1", KEY);
        auth.authenticate(basic("c1", KEY));
        auth.unregister(Principal.ofClient("c1"), "c1");
        assertEquals(
                AuthException.Kind.UNAUTHORIZED,
                assertThrows(AuthException.class, () -> auth.authenticate(basic("c1", KEY)))
                        .kind(),
                "an unregistered client's cached key no longer works");
        auth.register(Optional.empty(), "c1", NEW_KEY);
        long before = limiter.granted();
        assertThrows(AuthException.class, () -> auth.authenticate(basic("c1", KEY)));
        assertEquals(before + 1, limiter.granted(), "the old key goes to bcrypt against the new hash, and fails");
        assertEquals(Principal.ofClient("c1"), auth.authenticate(basic("c1", NEW_KEY)));
    }

    @Test
    void aHashReplacedBehindTheServiceIsAMiss() {
        AuthService auth = service(600, Runnable::run);
        auth.register(Optional.empty(), "c1", KEY);
        auth.authenticate(basic("c1", KEY));
        String other = store.hashes.get("c1");
        store.hashes.put("c1", new BcryptHasher(4, new SecureRandom()).hash(NEW_KEY));
        assertThrows(AuthException.class, () -> auth.authenticate(basic("c1", KEY)));
        store.hashes.put("c1", other);
    }

    @Test
    void concurrentChecksOfOneKeyShareOneBcryptRun() {
        HeldExecutor bcrypt = new HeldExecutor();
        AuthService auth = service(600, bcrypt);
        store.hashes.put("c1", new BcryptHasher(4, new SecureRandom()).hash(KEY));
        CompletableFuture<Principal> a = auth.authenticateAsync(basic("c1", KEY));
        CompletableFuture<Principal> b = auth.authenticateAsync(basic("c1", KEY));
        CompletableFuture<Principal> c = auth.authenticateAsync(basic("c1", KEY));
        assertFalse(a.isDone() || b.isDone() || c.isDone(), "nothing completes before bcrypt ran");
        assertEquals(1, bcrypt.runAll(), "one bcrypt run for three concurrent checks");
        assertEquals(Principal.ofClient("c1"), a.join());
        assertEquals(Principal.ofClient("c1"), b.join());
        assertEquals(Principal.ofClient("c1"), c.join());
        assertEquals(1, auth.keyCacheMisses());
        assertEquals(2, auth.keyCacheHits());
        assertTrue(auth.authenticateAsync(basic("c1", KEY)).isDone(), "a remembered key completes at once");
    }

    @Test
    void concurrentWrongKeysEachPayTheirOwnBcrypt() {
        HeldExecutor bcrypt = new HeldExecutor();
        AuthService auth = service(600, bcrypt);
        store.hashes.put("c1", new BcryptHasher(4, new SecureRandom()).hash(KEY));
        CompletableFuture<Principal> a = auth.authenticateAsync(basic("c1", WRONG));
        CompletableFuture<Principal> b = auth.authenticateAsync(basic("c1", WRONG));
        bcrypt.runOne();
        assertEquals(AuthException.Kind.UNAUTHORIZED, failure(a));
        assertFalse(b.isDone(), "the second try does not take the first one's failure for free");
        assertEquals(1, bcrypt.runAll(), "it runs its own check");
        assertEquals(AuthException.Kind.UNAUTHORIZED, failure(b));
        assertEquals(2, limiter.granted());
        assertEquals(2, auth.keyCacheMisses());
        assertEquals(0, auth.keyCacheHits());
    }

    @Test
    void aSaturatedBcryptExecutorIsTooManyRequests() {
        AuthService auth = service(600, r -> {
            throw new RejectedExecutionException("full");
        });
        store.hashes.put("c1", new BcryptHasher(4, new SecureRandom()).hash(KEY));
        assertEquals(AuthException.Kind.TOO_MANY_REQUESTS, failure(auth.authenticateAsync(basic("c1", KEY))));
        AuthException e = assertThrows(AuthException.class, () -> auth.authenticate(basic("c1", KEY)));
        assertEquals(429, e.kind().httpStatus());
    }

    @Test
    void atMost16BlockingCallersWaitForBcryptTheNextIsRefusedAtOnce() throws Exception {
        HeldExecutor bcrypt = new HeldExecutor();
        AuthService auth = service(600, bcrypt);
        store.hashes.put("c1", new BcryptHasher(4, new SecureRandom()).hash(KEY));
        List<CompletableFuture<Principal>> waiting = new ArrayList<>();
        for (int i = 0; i < AuthService.MAX_BLOCKED_CALLERS; i++) {
            waiting.add(CompletableFuture.supplyAsync(
                    () -> auth.authenticate(basic("c1", KEY)), Thread::startVirtualThread));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (auth.blockedCallers() < AuthService.MAX_BLOCKED_CALLERS) {
            assertTrue(System.nanoTime() < deadline, "only " + auth.blockedCallers() + " callers waiting");
            Thread.sleep(5);
        }
        AuthException e = assertThrows(AuthException.class, () -> auth.authenticate(basic("c1", KEY)));
        assertEquals(AuthException.Kind.TOO_MANY_REQUESTS, e.kind(), "the 17th waiter is refused, not held");
        assertEquals(1, bcrypt.runAll(), "the waiting callers share one bcrypt run");
        for (CompletableFuture<Principal> w : waiting) {
            assertEquals(Principal.ofClient("c1"), w.get(10, TimeUnit.SECONDS));
        }
        assertEquals(0, auth.blockedCallers());
        assertEquals(Principal.ofClient("c1"), auth.authenticate(basic("c1", KEY)), "a cache hit never waits");
    }

    @Test
    void registrationHashesOnTheBcryptExecutor() {
        HeldExecutor bcrypt = new HeldExecutor();
        AuthService auth = service(600, bcrypt);
        CompletableFuture<String> registered = CompletableFuture.supplyAsync(
                () -> auth.register(Optional.empty(), "c1", KEY), Thread::startVirtualThread);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (bcrypt.size() == 0) {
            assertTrue(System.nanoTime() < deadline, "registration never reached the bcrypt executor");
            Thread.onSpinWait();
        }
        assertFalse(registered.isDone());
        bcrypt.runAll();
        assertEquals("c1", registered.join());
        assertTrue(store.hashes.get("c1").startsWith("$2a$04$"));
    }

    @Test
    void cacheOffMeansBcryptEveryTime() {
        AuthService auth = service(0, Runnable::run);
        auth.register(Optional.empty(), "c1", KEY);
        long before = limiter.granted();
        auth.authenticate(basic("c1", KEY));
        auth.authenticate(basic("c1", KEY));
        assertEquals(before + 2, limiter.granted());
        assertEquals(2, auth.keyCacheMisses());
    }
}
