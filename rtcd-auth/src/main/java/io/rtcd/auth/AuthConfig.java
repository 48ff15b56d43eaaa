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
 * @param keyCacheExpirationSeconds {@code api.security.key_cache.expiration_seconds}: how long a successful bcrypt
 *     check of a client key is remembered (as a keyed hash, never the key), in 0..{@value #MAX_KEY_CACHE_SECONDS};
 *     0 = not remembered (bcrypt on every Basic authentication)
 * @param keyCacheMaxEntries {@code api.security.key_cache.max_entries}: most clients remembered at once, in
 *     1..{@value #MAX_KEY_CACHE_ENTRIES}
 */
public record AuthConfig(
        boolean enableAdmin,
        String adminSecretKey,
        boolean allowSelfRegistration,
        int sessionExpirationMinutes,
        int keyCacheExpirationSeconds,
        int keyCacheMaxEntries) {

    public static final int MIN_ADMIN_SECRET_LENGTH = 8;
    public static final int MIN_SESSION_MINUTES = 1;
    /** One year. */
    public static final int MAX_SESSION_MINUTES = 525_600;

    public static final int DEFAULT_SESSION_MINUTES = 1440;

    /** One day. */
    public static final int MAX_KEY_CACHE_SECONDS = 86_400;

    public static final int DEFAULT_KEY_CACHE_SECONDS = 600;
    public static final int MAX_KEY_CACHE_ENTRIES = 1_000_000;
    public static final int DEFAULT_KEY_CACHE_ENTRIES = 1024;

    /** With the default key cache (600 s, 1024 clients). */
    public AuthConfig(
            boolean enableAdmin, String adminSecretKey, boolean allowSelfRegistration, int sessionExpirationMinutes) {
        this(
                enableAdmin,
                adminSecretKey,
                allowSelfRegistration,
                sessionExpirationMinutes,
                DEFAULT_KEY_CACHE_SECONDS,
                DEFAULT_KEY_CACHE_ENTRIES);
    }

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
        if (keyCacheExpirationSeconds < 0 || keyCacheExpirationSeconds > MAX_KEY_CACHE_SECONDS) {
            throw new IllegalArgumentException("api.security.key_cache.expiration_seconds must be in 0.."
                    + MAX_KEY_CACHE_SECONDS + ", got " + keyCacheExpirationSeconds);
        }
        if (keyCacheMaxEntries < 1 || keyCacheMaxEntries > MAX_KEY_CACHE_ENTRIES) {
            throw new IllegalArgumentException("api.security.key_cache.max_entries must be in 1.."
                    + MAX_KEY_CACHE_ENTRIES + ", got " + keyCacheMaxEntries);
        }
    }

    /**
     * Admin disabled, no secret, self-registration disabled, 1440-minute bearer sessions (rtcd defaults); keys
     * remembered 600 s for up to 1024 clients.
     */
    public static AuthConfig defaults() {
        return new AuthConfig(false, "", false, DEFAULT_SESSION_MINUTES);
    }

    /** Redacts the admin secret. */
    @Override
    public String toString() {
        return "AuthConfig[enableAdmin=" + enableAdmin + ", adminSecretKey=" + (adminSecretKey.isEmpty() ? "" : "***")
                + ", allowSelfRegistration=" + allowSelfRegistration + ", sessionExpirationMinutes="
                + sessionExpirationMinutes + ", keyCacheExpirationSeconds=" + keyCacheExpirationSeconds
                + ", keyCacheMaxEntries=" + keyCacheMaxEntries + "]";
    }
}
