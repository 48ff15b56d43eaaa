package io.rtcd.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** {@link AuthService} rules (rtcd spec §2/§5 plus hardening), with bcrypt cost 4 and a fake-time limiter. */
class AuthServiceTest {
    private static final String KEY = "k".repeat(32);
    private static final String OTHER_KEY = "o".repeat(40);
    private static final String ADMIN_SECRET = "admin-secret-123";

    private final FakeClientKeyStore store = new FakeClientKeyStore();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final AtomicLong nanos = new AtomicLong();
    /** Generous fake-time limiter: never refuses, never really sleeps; counts bcrypt permits. */
    private BcryptRateLimiter limiter = new BcryptRateLimiter(1000.0, Duration.ofDays(1), nanos::get, n -> {});

    private AuthService service(boolean enableAdmin, boolean selfRegistration) {
        AuthConfig config = new AuthConfig(enableAdmin, enableAdmin ? ADMIN_SECRET : "", selfRegistration, 60);
        return new AuthService(config, store, clock, 4, limiter, new SecureRandom());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static AuthException expect(AuthException.Kind kind, String message, Executable call) {
        AuthException e = assertThrows(AuthException.class, call);
        assertEquals(kind, e.kind(), e.getMessage());
        if (message != null) {
            assertEquals(message, e.getMessage());
        }
        return e;
    }

    // ---- registration ----------------------------------------------------------------------------------------

    @Test
    void selfRegistrationStoresOnlyABcryptHash() {
        AuthService auth = service(false, true);
        assertEquals("client-1", auth.register(Optional.empty(), "client-1", KEY));
        String hash = store.hashes.get("client-1");
        assertTrue(hash.startsWith("$2a$04$"), hash);
        assertFalse(hash.contains(KEY));
        assertEquals(1, limiter.granted(), "one bcrypt permit for the hash");
    }

    @Test
    void withoutSelfRegistrationACallerIsRequired() {
        AuthService auth = service(true, false);
        expect(
                AuthException.Kind.UNAUTHORIZED,
                "authentication failed",
                () -> auth.register(Optional.empty(), "c1", KEY));
        assertEquals("c1", auth.register(Optional.of(Principal.ofAdmin()), "c1", KEY));
        // rtcd's gap, kept on purpose: any registered client may register others.
        assertEquals("c2", auth.register(Optional.of(Principal.ofClient("c1")), "c2", KEY));
        expect(
                AuthException.Kind.UNAUTHORIZED,
                "authentication failed",
                () -> auth.register(Optional.of(Principal.ofClient("ghost")), "c3", KEY));
        assertEquals(List.of("c1", "c2"), auth.clients());
    }

    @Test
    void keysShorterThan32CharactersAreRejected() {
        AuthService auth = service(false, true);
        expect(
                AuthException.Kind.BAD_REQUEST,
                "registration failed: key not long enough",
                () -> auth.register(Optional.empty(), "c1", "x".repeat(31)));
        expect(
                AuthException.Kind.BAD_REQUEST,
                "registration failed: key not long enough",
                () -> auth.register(Optional.empty(), "c1", null));
        assertEquals(0, limiter.granted(), "rejected before bcrypt");
        assertEquals("c1", auth.register(Optional.empty(), "c1", "x".repeat(32)));
    }

    @Test
    void keysLongerThanBcryptAcceptsAreRejected() {
        AuthService auth = service(false, true);
        AuthException e = expect(
                AuthException.Kind.BAD_REQUEST, null, () -> auth.register(Optional.empty(), "c1", "x".repeat(73)));
        assertTrue(e.getMessage().contains("72 bytes"), e.getMessage());
        expect(
                AuthException.Kind.BAD_REQUEST,
                null,
                () -> auth.register(Optional.empty(), "c1", "\u00e9".repeat(37))); // 74 UTF-8 bytes
        assertEquals("c1", auth.register(Optional.empty(), "c1", "x".repeat(72)));
    }

    @Test
    void duplicateRegistrationFailsAndKeepsTheOriginalKey() {
        AuthService auth = service(false, true);
        auth.register(Optional.empty(), "c1", KEY);
        String original = store.hashes.get("c1");
        expect(
                AuthException.Kind.BAD_REQUEST,
                "registration failed: already registered",
                () -> auth.register(Optional.empty(), "c1", OTHER_KEY));
        assertEquals(original, store.hashes.get("c1"));
        assertEquals(1, limiter.granted(), "the duplicate is detected before bcrypt");
    }

    @Test
    void concurrentDuplicateDetectedAtInsertIsAlreadyRegistered() {
        AuthService auth = service(false, true);
        store.failNextInsert = true;
        expect(
                AuthException.Kind.BAD_REQUEST,
                "registration failed: already registered",
                () -> auth.register(Optional.empty(), "c1", KEY));
    }

    @Test
    void clientIdsMustFollowTheRule() {
        AuthService auth = service(false, true);
        expect(
                AuthException.Kind.BAD_REQUEST,
                "registration failed: empty clientID",
                () -> auth.register(Optional.empty(), "", KEY));
        expect(
                AuthException.Kind.BAD_REQUEST,
                "registration failed: empty clientID",
                () -> auth.register(Optional.empty(), null, KEY));
        for (String bad : List.of("a b", "a/b", "a:b", "é", "x".repeat(65))) {
            AuthException e =
                    expect(AuthException.Kind.BAD_REQUEST, null, () -> auth.register(Optional.empty(), bad, KEY));
            assertTrue(e.getMessage().contains("[A-Za-z0-9_.-]"), e.getMessage());
            assertTrue(e.getMessage().contains("64"), e.getMessage());
        }
        String longest = "Az09_.-".repeat(9) + "x"; // 64 characters
        assertEquals(longest, auth.register(Optional.empty(), longest, KEY));
    }

    // ---- Basic and admin authentication ----------------------------------------------------------------------

    @Test
    void basicAuthenticatesARegisteredClient() {
        AuthService auth = service(false, true);
        auth.register(Optional.empty(), "c1", KEY);
        assertEquals(Principal.ofClient("c1"), auth.authenticate(basic("c1", KEY)));
        assertEquals(
                Principal.ofClient("c1"),
                auth.authenticate("bAsIc " + basic("c1", KEY).substring(6)),
                "scheme is case-insensitive");
        AuthException e = expect(
                AuthException.Kind.UNAUTHORIZED,
                "authentication failed",
                () -> auth.authenticate(basic("c1", OTHER_KEY)));
        assertFalse(e.getMessage().contains(OTHER_KEY));
    }

    @Test
    void unknownClientFailsWithoutBcryptAndWithTheSameMessage() {
        AuthService auth = service(false, true);
        auth.register(Optional.empty(), "c1", KEY);
        long before = limiter.granted();
        expect(AuthException.Kind.UNAUTHORIZED, "authentication failed", () -> auth.authenticate(basic("nobody", KEY)));
        expect(AuthException.Kind.UNAUTHORIZED, "authentication failed", () -> auth.authenticate(basic("c1", "short")));
        expect(AuthException.Kind.UNAUTHORIZED, "authentication failed", () -> auth.authenticate(basic("bad id", KEY)));
        assertEquals(before, limiter.granted(), "no bcrypt work for credentials that cannot match");
    }

    @Test
    void malformedOrMissingHeadersAreUnauthorized() {
        AuthService auth = service(true, true);
        for (String header : new String[] {
            null,
            "",
            "   ",
            "Basic",
            "Basic ",
            "Basic !!!notbase64",
            "Basic " + Base64.getEncoder().encodeToString("no-colon".getBytes(StandardCharsets.UTF_8)),
            "Digest abc",
            "Bearer",
            "Bearer ",
            "Basicxyz",
            "Bearer " + "x".repeat(AuthService.MAX_HEADER_LENGTH)
        }) {
            expect(AuthException.Kind.UNAUTHORIZED, "authentication failed", () -> auth.authenticate(header));
        }
    }

    @Test
    void adminIsAnyUserNameWithTheAdminSecret() {
        AuthService auth = service(true, false);
        assertEquals(Principal.ofAdmin(), auth.authenticate(basic("whoever", ADMIN_SECRET)));
        assertEquals(Principal.ofAdmin(), auth.authenticate(basic("", ADMIN_SECRET)));
        expect(
                AuthException.Kind.UNAUTHORIZED,
                "authentication failed",
                () -> auth.authenticate(basic("admin", ADMIN_SECRET + "x")));
        assertEquals(0, limiter.granted(), "admin checks never run bcrypt");
    }

    @Test
    void adminSecretIsIgnoredWhenAdminIsDisabled() {
        AuthConfig config = new AuthConfig(false, ADMIN_SECRET, true, 60);
        AuthService auth = new AuthService(config, store, clock, 4, limiter, new SecureRandom());
        expect(
                AuthException.Kind.UNAUTHORIZED,
                "authentication failed",
                () -> auth.authenticate(basic("admin", ADMIN_SECRET)));
    }

    // ---- login and bearer sessions ---------------------------------------------------------------------------

    @Test
    void loginIssuesA32CharacterUrlSafeBearerToken() {
        AuthService auth = service(false, true);
        auth.register(Optional.empty(), "c1", KEY);
        String token = auth.login("c1", KEY);
        assertEquals(32, token.length());
        assertTrue(token.matches("[A-Za-z0-9_-]{32}"), token);
        assertEquals(Principal.ofClient("c1"), auth.authenticate("Bearer " + token));
        assertEquals(Principal.ofClient("c1"), auth.authenticate("bearer " + token));
        expect(
                AuthException.Kind.UNAUTHORIZED,
                "authentication failed",
                () -> auth.authenticate("Bearer " + token.substring(1) + "A"));
    }

    @Test
    void newLoginReplacesTheOldToken() {
        AuthService auth = service(false, true);
        auth.register(Optional.empty(), "c1", KEY);
        String first = auth.login("c1", KEY);
        String second = auth.login("c1", KEY);
        assertNotEquals(first, second);
        expect(AuthException.Kind.UNAUTHORIZED, "authentication failed", () -> auth.authenticate("Bearer " + first));
        assertEquals(Principal.ofClient("c1"), auth.authenticate("Bearer " + second));
    }

    @Test
    void badLoginCredentialsAreBadRequestLikeRtcd() {
        AuthService auth = service(false, true);
        auth.register(Optional.empty(), "c1", KEY);
        long before = limiter.granted();
        expect(AuthException.Kind.BAD_REQUEST, "login failed: authentication failed", () -> auth.login("nobody", KEY));
        expect(AuthException.Kind.BAD_REQUEST, "login failed: authentication failed", () -> auth.login("", KEY));
        expect(AuthException.Kind.BAD_REQUEST, "login failed: authentication failed", () -> auth.login("c1", null));
        assertEquals(before, limiter.granted(), "unknown clients and impossible keys cost no bcrypt");
        expect(
                AuthException.Kind.BAD_REQUEST,
                "login failed: authentication failed",
                () -> auth.login("c1", OTHER_KEY));
        assertEquals(before + 1, limiter.granted());
    }

    @Test
    void bearerTokensExpireOnTheInjectedClock() {
        AuthService auth = service(false, true);
        auth.register(Optional.empty(), "c1", KEY);
        String token = auth.login("c1", KEY);
        clock.advance(Duration.ofMinutes(60).minusSeconds(1));
        assertEquals(Principal.ofClient("c1"), auth.authenticate("Bearer " + token));
        clock.advance(Duration.ofSeconds(1));
        expect(AuthException.Kind.UNAUTHORIZED, "authentication failed", () -> auth.authenticate("Bearer " + token));
        String fresh = auth.login("c1", KEY);
        assertEquals(Principal.ofClient("c1"), auth.authenticate("Bearer " + fresh));
    }

    @Test
    void expiredSessionsArePurged() {
        BearerTokens tokens = new BearerTokens(clock, Duration.ofMinutes(5), new SecureRandom());
        String a = tokens.issue("a");
        tokens.issue("b");
        assertEquals(2, tokens.size());
        clock.advance(Duration.ofMinutes(5));
        assertTrue(tokens.resolve(a).isEmpty());
        assertEquals(1, tokens.size(), "lazy purge on use");
        tokens.issue("c");
        assertEquals(1, tokens.size(), "expired sessions are swept on issue");
        tokens.revoke("c");
        assertEquals(0, tokens.size());
    }

    // ---- unregister ------------------------------------------------------------------------------------------

    @Test
    void unregisterIsForbiddenWhenNeitherAdminNorSelfRegistrationIsEnabled() {
        AuthService auth = service(false, false);
        store.hashes.put("c1", "$2a$04$whatever");
        expect(
                AuthException.Kind.FORBIDDEN,
                "unregister not enabled",
                () -> auth.unregister(Principal.ofClient("c1"), "c1"));
        assertTrue(store.hashes.containsKey("c1"));
    }

    @Test
    void clientMayUnregisterItselfAndLosesItsToken() {
        AuthService auth = service(false, true);
        auth.register(Optional.empty(), "c1", KEY);
        auth.register(Optional.empty(), "c2", KEY);
        String token = auth.login("c1", KEY);
        Principal c1 = auth.authenticate("Bearer " + token);
        expect(
                AuthException.Kind.FORBIDDEN,
                "unregister failed: a client may only unregister itself",
                () -> auth.unregister(c1, "c2"));
        auth.unregister(c1, "c1");
        assertEquals(List.of("c2"), auth.clients());
        expect(AuthException.Kind.UNAUTHORIZED, "authentication failed", () -> auth.authenticate("Bearer " + token));
        expect(AuthException.Kind.BAD_REQUEST, "unregister failed: unknown clientID", () -> auth.unregister(c1, "c1"));
    }

    @Test
    void adminMayUnregisterAnyClient() {
        AuthService auth = service(true, false);
        auth.register(Optional.of(Principal.ofAdmin()), "c1", KEY);
        expect(
                AuthException.Kind.BAD_REQUEST,
                "unregister failed: empty clientID",
                () -> auth.unregister(Principal.ofAdmin(), ""));
        expect(
                AuthException.Kind.BAD_REQUEST,
                "unregister failed: unknown clientID",
                () -> auth.unregister(Principal.ofAdmin(), "nobody"));
        expect(AuthException.Kind.UNAUTHORIZED, "authentication failed", () -> auth.unregister(null, "c1"));
        auth.unregister(Principal.ofAdmin(), "c1");
        assertEquals(List.of(), auth.clients());
    }

    // ---- limiter integration and production wiring -----------------------------------------------------------

    @Test
    void saturatedBcryptIsTooManyRequests() {
        limiter = new BcryptRateLimiter(1.0, Duration.ZERO, nanos::get, n -> {});
        AuthService auth = service(false, true);
        auth.register(Optional.empty(), "c1", KEY);
        AuthException e = expect(AuthException.Kind.TOO_MANY_REQUESTS, null, () -> auth.authenticate(basic("c1", KEY)));
        assertEquals(429, e.kind().httpStatus());
        expect(AuthException.Kind.TOO_MANY_REQUESTS, null, () -> auth.register(Optional.empty(), "c2", KEY));
        nanos.addAndGet(1_000_000_000L);
        assertEquals(Principal.ofClient("c1"), auth.authenticate(basic("c1", KEY)));
    }

    @Test
    void productionConstructorUsesCost10() {
        AuthService auth = new AuthService(new AuthConfig(false, "", true, 1440), store, clock);
        auth.register(Optional.empty(), "c1", KEY);
        assertTrue(store.hashes.get("c1").startsWith("$2a$10$"), store.hashes.get("c1"));
        assertEquals(Principal.ofClient("c1"), auth.authenticate(basic("c1", KEY)));
    }

    @Test
    void corruptStoredHashNeverMatches() {
        AuthService auth = service(false, true);
        store.hashes.put("c1", "not-a-bcrypt-hash");
        expect(AuthException.Kind.UNAUTHORIZED, "authentication failed", () -> auth.authenticate(basic("c1", KEY)));
    }
}
