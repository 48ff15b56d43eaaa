package io.rtcd.auth;

/**
 * Authentication settings, the {@code [api.security]} section of the rtcd TOML file.
 *
 * @param enableAdmin {@code api.security.enable_admin}: accept Basic auth whose password is the admin secret (any
 *     user name) as the admin principal, which may register and unregister any client
 * @param adminSecretKey {@code api.security.admin_secret_key}: the admin password; at least {@value
 *     #MIN_ADMIN_SECRET_LENGTH} characters when the admin is enabled, never {@code null}
 * @param allowSelfRegistration {@code api.security.allow_self_registration}: let anyone register a client; also
 *     enables {@code /unregister} for clients (of themselves)
 * @param sessionExpirationMinutes {@code api.security.session_cache.expiration_minutes}: lifetime of a bearer
 *     token issued by {@code /login}, in {@value #MIN_SESSION_MINUTES}..{@value #MAX_SESSION_MINUTES}
 */
public record AuthConfig(
        boolean enableAdmin, String adminSecretKey, boolean allowSelfRegistration, int sessionExpirationMinutes) {

    public static final int MIN_ADMIN_SECRET_LENGTH = 8;
    public static final int MIN_SESSION_MINUTES = 1;
    /** One year. */
    public static final int MAX_SESSION_MINUTES = 525_600;

    public static final int DEFAULT_SESSION_MINUTES = 1440;

    public AuthConfig {
        if (adminSecretKey == null) {
            throw new IllegalArgumentException("api.security.admin_secret_key must not be null (use \"\" to unset)");
        }
        if (enableAdmin && adminSecretKey.isEmpty()) {
            throw new IllegalArgumentException(
                    "api.security.admin_secret_key must not be empty when api.security.enable_admin is true");
        }
        if (enableAdmin && adminSecretKey.length() < MIN_ADMIN_SECRET_LENGTH) {
            // Never echo the secret itself, only its length.
            throw new IllegalArgumentException("api.security.admin_secret_key must be at least "
                    + MIN_ADMIN_SECRET_LENGTH + " characters when api.security.enable_admin is true, got "
                    + adminSecretKey.length());
        }
        if (sessionExpirationMinutes < MIN_SESSION_MINUTES || sessionExpirationMinutes > MAX_SESSION_MINUTES) {
            throw new IllegalArgumentException("api.security.session_cache.expiration_minutes must be in "
                    + MIN_SESSION_MINUTES + ".." + MAX_SESSION_MINUTES + ", got " + sessionExpirationMinutes);
        }
    }

    /** Admin disabled, no secret, self-registration disabled, 1440-minute bearer sessions (rtcd defaults). */
    public static AuthConfig defaults() {
        return new AuthConfig(false, "", false, DEFAULT_SESSION_MINUTES);
    }

    /** Redacts the admin secret. */
    @Override
    public String toString() {
        return "AuthConfig[enableAdmin=" + enableAdmin + ", adminSecretKey=" + (adminSecretKey.isEmpty() ? "" : "***")
                + ", allowSelfRegistration=" + allowSelfRegistration + ", sessionExpirationMinutes="
                + sessionExpirationMinutes + "]";
    }
}
