package io.rtcd.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code rtcd tokens create}: mint a join token and the invite link to the call page (docs/protocol.md). */
@Command(
        name = "tokens",
        aliases = "token",
        mixinStandardHelpOptions = true,
        description = "Mint join tokens and invite links for the browser face.",
        subcommands = {TokensCommand.Create.class})
final class TokensCommand {

    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description = "Mint a join token for one user in one cospace; prints the token and an invite URL"
                    + " (<base>/#token=...) to open in a browser.")
    static final class Create implements Callable<Integer> {
        @Mixin
        ServerOptions server;

        @Mixin
        CospacesCommand.Caller caller;

        @Mixin
        Output out;

        @Parameters(index = "0", paramLabel = "COSPACE", description = "Cospace id (from 'cospaces host') or any name.")
        String cospace;

        @Parameters(index = "1", paramLabel = "USER", description = "The user's id (shown to the others).")
        String user;

        @Option(
                names = "--ttl",
                paramLabel = "DURATION",
                defaultValue = "1h",
                description = "How long the token is valid: 90s, 30m, 8h, up to 24h (default: ${DEFAULT-VALUE}).")
        String ttl;

        @Option(
                names = "--permissions",
                paramLabel = "PERM",
                split = ",",
                description = "publish, publish_audio, publish_video, publish_data, moderate"
                        + " (default: the three publish permissions).")
        List<String> permissions;

        @Option(names = "--listener", description = "No permission at all: hears and sees, cannot publish.")
        boolean listener;

        @Option(
                names = "--base",
                paramLabel = "URL",
                description = "Base of the invite URL, as browsers reach the server (default: --url).")
        String base;

        @Override
        public Integer call() {
            if (listener && permissions != null) {
                throw CliException.usage("--listener and --permissions exclude each other");
            }
            long seconds = seconds(ttl);
            ObjectNode body = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            body.put("cospace", cospace);
            body.put("userId", user);
            body.put("ttlSeconds", seconds);
            if (listener) {
                body.putArray("permissions");
            } else if (permissions != null) {
                permissions.forEach(body.withArray("permissions")::add);
            }
            JsonNode r = caller.client(server).call("POST", "/realtime/tokens", body, 201);
            String token = r.path("token").asText();
            String invite = inviteBase() + "/#token=" + token;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("token", token);
            m.put("expiresAt", r.path("expiresAt").asLong());
            m.put("connectUrl", r.path("connectUrl").asText());
            m.put("inviteUrl", invite);
            out.print(
                    m,
                    "token   " + token + "\ninvite  " + invite + "\nexpires "
                            + java.time.Instant.ofEpochSecond(
                                    r.path("expiresAt").asLong()));
            return 0;
        }

        private String inviteBase() {
            String b = base != null ? base : server.url().toString();
            return b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
        }
    }

    /** {@code 300}, {@code 90s}, {@code 30m}, {@code 8h}, {@code 1d} → seconds; 1 s .. 24 h. */
    static long seconds(String text) {
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("(\\d{1,9})([smhd]?)").matcher(text.strip());
        if (!m.matches()) {
            throw CliException.usage("--ttl '" + text + "' is not a duration (e.g. 90s, 30m, 8h)");
        }
        long n = Long.parseLong(m.group(1));
        long s = switch (m.group(2)) {
            case "m" -> n * 60;
            case "h" -> n * 3600;
            case "d" -> n * 86400;
            default -> n;
        };
        if (s < 1 || s > 86400) {
            throw CliException.usage("--ttl '" + text + "' must be between 1s and 24h");
        }
        return s;
    }
}
