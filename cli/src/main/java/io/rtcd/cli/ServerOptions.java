package io.rtcd.cli;

import io.rtcd.service.client.RtcdClient;
import io.rtcd.service.config.ConfigLoader;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Where the server is and how to authenticate as admin. The admin secret is never taken as a plain argument
 * (it would show in {@code ps}): it comes from {@code RTCD_ADMIN_SECRET}, a file, or the server's config file.
 */
final class ServerOptions {
    @Option(
            names = "--url",
            paramLabel = "URL",
            description = "Server base URL (default: $RTCD_URL or http://localhost:8045).")
    String url;

    @Option(names = "--admin-secret-file", paramLabel = "FILE", description = "File holding the admin secret.")
    Path adminSecretFile;

    @Option(
            names = {"-c", "--config"},
            paramLabel = "FILE",
            description = "Read the admin secret (api.security.admin_secret_key) from the server's TOML config.")
    Path config;

    /** Appended to a 401 answered to admin credentials: the secret is wrong, or admin is off on the server. */
    static final String ADMIN_HINT = " - the admin secret is wrong, or admin is off on the server: start it with"
            + " api.security.enable_admin = true and api.security.admin_secret_key set (e.g."
            + " RTCD_API_SECURITY_ENABLEADMIN=true RTCD_API_SECURITY_ADMINSECRETKEY=<secret> ./rtcd serve)";

    /** Set once this command authenticated as admin (the 401 hint applies). */
    boolean adminUsed;

    URI url() {
        String u = url != null
                ? url
                : Optional.ofNullable(System.getenv("RTCD_URL")).orElse("http://localhost:8045");
        String from = url != null ? "--url" : "RTCD_URL";
        URI uri;
        try {
            uri = URI.create(u);
        } catch (IllegalArgumentException e) {
            throw CliException.usage(from + " '" + u + "' is not a valid URL (expected http(s)://host[:port])");
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw CliException.usage(from + " '" + u + "' must be http(s)://host[:port], e.g. http://localhost:8045");
        }
        return uri;
    }

    RtcdClient anonymousClient() {
        return RtcdClient.anonymous(url());
    }

    RtcdClient adminClient() {
        adminUsed = true;
        return RtcdClient.basic(url(), "admin", adminSecret());
    }

    private String adminSecret() {
        if (adminSecretFile != null) {
            try {
                return Files.readString(adminSecretFile).strip();
            } catch (IOException e) {
                throw new CliException("cannot read admin secret file " + adminSecretFile + ": " + e.getMessage());
            }
        }
        String env = System.getenv("RTCD_ADMIN_SECRET");
        if (env != null && !env.isBlank()) {
            return env.strip();
        }
        if (config != null) {
            String secret = ConfigLoader.load(Optional.of(config), System.getenv(), List.of())
                    .config()
                    .auth()
                    .adminSecretKey();
            if (!secret.isBlank()) {
                return secret;
            }
        }
        throw new CliException("no admin secret: set RTCD_ADMIN_SECRET, or pass --admin-secret-file FILE or"
                + " --config FILE (the server must run with api.security.enable_admin = true)");
    }
}
