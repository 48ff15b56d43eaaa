package io.rtcd.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code rtcd clients register|unregister|list}: manage the backends allowed to use the server (admin). */
@Command(
        name = "clients",
        mixinStandardHelpOptions = true,
        description = "Manage registered clients (needs the server's admin secret).",
        subcommands = {ClientsCommand.Register.class, ClientsCommand.Unregister.class, ClientsCommand.ListClients.class
        })
final class ClientsCommand {

    @Command(name = "register", mixinStandardHelpOptions = true, description = "Register a client ID and auth key.")
    static final class Register implements Callable<Integer> {
        @Mixin
        ServerOptions server;

        @Mixin
        Output out;

        @Parameters(index = "0", paramLabel = "CLIENT_ID", description = "The new client's ID.")
        String clientId;

        @Option(
                names = "--key-file",
                paramLabel = "FILE",
                description =
                        "File with the auth key (>= 32 chars). Default: $RTCD_AUTH_KEY, else a random key is generated and printed.")
        Path keyFile;

        @Override
        public Integer call() {
            boolean generated = false;
            String key = readKey(keyFile);
            if (key == null) {
                key = randomKey();
                generated = true;
            }
            String id = server.adminClient().register(clientId, key);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("clientID", id);
            if (generated) {
                m.put("authKey", key);
            }
            out.print(
                    m,
                    generated
                            ? "registered " + id + "\nauth key (shown once, store it now): " + key
                            : "registered " + id);
            return 0;
        }
    }

    @Command(name = "unregister", mixinStandardHelpOptions = true, description = "Remove a client and its tokens.")
    static final class Unregister implements Callable<Integer> {
        @Mixin
        ServerOptions server;

        @Mixin
        Output out;

        @Parameters(index = "0", paramLabel = "CLIENT_ID")
        String clientId;

        @Override
        public Integer call() {
            server.adminClient().unregister(clientId);
            out.print(Map.of("clientID", clientId, "unregistered", true), "unregistered " + clientId);
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List registered client IDs.")
    static final class ListClients implements Callable<Integer> {
        @Mixin
        ServerOptions server;

        @Mixin
        Output out;

        @Override
        public Integer call() {
            List<String> ids = server.adminClient().clients();
            out.print(Map.of("clients", ids), ids.isEmpty() ? "no clients registered" : String.join("\n", ids));
            return 0;
        }
    }

    /** The auth key from a file or $RTCD_AUTH_KEY, or null when neither is given. */
    static String readKey(Path keyFile) {
        if (keyFile != null) {
            try {
                return Files.readString(keyFile).strip();
            } catch (IOException e) {
                throw new CliException("cannot read key file " + keyFile + ": " + e.getMessage());
            }
        }
        String env = System.getenv("RTCD_AUTH_KEY");
        return env == null || env.isBlank() ? null : env.strip();
    }

    /** 32 URL-safe random characters, as the Calls plugin generates. */
    static String randomKey() {
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
