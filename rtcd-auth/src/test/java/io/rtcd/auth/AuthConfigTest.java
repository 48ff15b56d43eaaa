package io.rtcd.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AuthConfigTest {

    @Test
    void defaultsMatchRtcd() {
        AuthConfig c = AuthConfig.defaults();
        assertFalse(c.enableAdmin());
        assertEquals("", c.adminSecretKey());
        assertFalse(c.allowSelfRegistration());
        assertEquals(1440, c.sessionExpirationMinutes());
    }

    @Test
    void enabledAdminNeedsASecret() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> new AuthConfig(true, "", false, 1440));
        assertTrue(e.getMessage().contains("api.security.admin_secret_key"), e.getMessage());
        assertTrue(e.getMessage().contains("api.security.enable_admin"), e.getMessage());
    }

    @Test
    void shortAdminSecretIsRejectedWithoutEchoingIt() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> new AuthConfig(true, "s3cr3t!", false, 1440));
        assertTrue(e.getMessage().contains("api.security.admin_secret_key"), e.getMessage());
        assertTrue(e.getMessage().contains("at least 8"), e.getMessage());
        assertFalse(e.getMessage().contains("s3cr3t!"), e.getMessage());
        assertEquals(
                8,
                new AuthConfig(true, "12345678", false, 1440).adminSecretKey().length());
    }

    @Test
    void secretIsNotRequiredWhenAdminIsDisabled() {
        assertEquals("x", new AuthConfig(false, "x", true, 1440).adminSecretKey());
    }

    @Test
    void nullSecretIsRejected() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> new AuthConfig(false, null, false, 1440));
        assertTrue(e.getMessage().contains("api.security.admin_secret_key"), e.getMessage());
    }

    @Test
    void sessionExpirationMustBeInRange() {
        for (int bad : new int[] {0, -1, 525_601}) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> new AuthConfig(false, "", false, bad));
            assertTrue(e.getMessage().contains("api.security.session_cache.expiration_minutes"), e.getMessage());
            assertTrue(e.getMessage().contains("1..525600"), e.getMessage());
            assertTrue(e.getMessage().contains(Integer.toString(bad)), e.getMessage());
        }
        assertEquals(1, new AuthConfig(false, "", false, 1).sessionExpirationMinutes());
        assertEquals(525_600, new AuthConfig(false, "", false, 525_600).sessionExpirationMinutes());
    }

    @Test
    void toStringRedactsTheSecret() {
        String s = new AuthConfig(true, "very-secret-admin", true, 60).toString();
        assertFalse(s.contains("very-secret-admin"), s);
        assertTrue(s.contains("enableAdmin=true"), s);
    }

    @Test
    void principalInvariants() {
        assertTrue(Principal.ofAdmin().admin());
        assertEquals("", Principal.ofAdmin().clientId());
        assertEquals("c1", Principal.ofClient("c1").clientId());
        assertThrows(IllegalArgumentException.class, () -> new Principal("c1", true));
        assertThrows(IllegalArgumentException.class, () -> new Principal("", false));
        assertThrows(NullPointerException.class, () -> new Principal(null, false));
    }

    @Test
    void exceptionKindsCarryHttpStatus() {
        assertEquals(400, AuthException.Kind.BAD_REQUEST.httpStatus());
        assertEquals(401, AuthException.Kind.UNAUTHORIZED.httpStatus());
        assertEquals(403, AuthException.Kind.FORBIDDEN.httpStatus());
        assertEquals(404, AuthException.Kind.NOT_FOUND.httpStatus());
        assertEquals(429, AuthException.Kind.TOO_MANY_REQUESTS.httpStatus());
        assertEquals(AuthException.Kind.FORBIDDEN, new AuthException(AuthException.Kind.FORBIDDEN, "x").kind());
    }
}
