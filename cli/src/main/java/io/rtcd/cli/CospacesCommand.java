package io.rtcd.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.rtcd.service.client.RtcdClient;
import io.rtcd.service.client.RtcdClientException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code rtcd cospaces host|list|show|close}: the browser face's cospaces (docs/protocol.md "Cospaces"). As the admin
 * (default: every cospace) or, with {@code --client-id}, as a backend client (the cospaces it hosted and the implicit
 * ones).
 */
@Command(
        name = "cospaces",
        mixinStandardHelpOptions = true,
        description = "Inspect and close the browser face's cospaces.",
        subcommands = {
            CospacesCommand.Host.class,
            CospacesCommand.ListCospaces.class,
            CospacesCommand.Show.class,
            CospacesCommand.Close.class
        })
final class CospacesCommand {

    /** Admin credentials by default; a client's with {@code --client-id}. */
    static final class Caller {
        @Option(
                names = "--client-id",
                paramLabel = "ID",
                description = "Act as this backend client (key from $RTCD_AUTH_KEY or --key-file); default: admin.")
        String clientId;

        @Option(
                names = "--key-file",
                paramLabel = "FILE",
                description = "File with the client's auth key (default: $RTCD_AUTH_KEY).")
        Path keyFile;

        RtcdClient client(ServerOptions server) {
            if (clientId == null) {
                return server.adminClient();
            }
            String key = ClientsCommand.readKey(keyFile);
            if (key == null) {
                throw new CliException("no auth key: set RTCD_AUTH_KEY or pass --key-file FILE");
            }
            return RtcdClient.basic(server.url(), clientId, key);
        }
    }

    @Command(
            name = "host",
            mixinStandardHelpOptions = true,
            description = "Host a cospace for a model root (domain::namespace::workspace); prints its id. Hosting"
                    + " the same model root again returns the same cospace.")
    static final class Host implements Callable<Integer> {
        @Mixin
        ServerOptions server;

        @Mixin
        Caller caller;

        @Mixin
        Output out;

        @Parameters(index = "0", paramLabel = "MODEL_ROOT", description = "domain::namespace::workspace")
        String modelRoot;

        @Option(names = "--max-participants", paramLabel = "N", description = "Cap for this cospace.")
        Integer maxParticipants;

        @Option(names = "--max-publishers", paramLabel = "N", description = "Cap of publishers for this cospace.")
        Integer maxPublishers;

        @Override
        public Integer call() {
            java.util.Map<String, Object> body = new java.util.LinkedHashMap<>();
            body.put("modelRoot", modelRoot);
            java.util.Map<String, Object> options = new java.util.LinkedHashMap<>();
            if (maxParticipants != null) {
                options.put("maxParticipants", maxParticipants);
            }
            if (maxPublishers != null) {
                options.put("maxPublishers", maxPublishers);
            }
            if (!options.isEmpty()) {
                body.put("options", options);
            }
            RtcdClient client = caller.client(server);
            JsonNode r;
            try {
                r = client.call("POST", "/realtime/host", body, 201);
            } catch (RtcdClientException e) {
                if (e.status() != 200) {
                    throw e;
                }
                r = client.call("POST", "/realtime/host", body, 200); // already hosted: same cospace, "existing"
            }
            out.print(
                    r,
                    r.path("cospace").asText() + "\t" + r.path("status").asText() + "\t"
                            + r.path("modelRoot").asText());
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List cospaces and how full the server is.")
    static final class ListCospaces implements Callable<Integer> {
        @Mixin
        ServerOptions server;

        @Mixin
        Caller caller;

        @Mixin
        Output out;

        @Override
        public Integer call() {
            JsonNode body = caller.client(server).call("GET", "/realtime/cospaces", null, 200);
            List<String> lines = new ArrayList<>();
            body.path("cospaces").forEach(c -> lines.add(line(c)));
            JsonNode s = body.path("server");
            lines.add(s.path("cospaces").asInt() + "/" + s.path("maxCospaces").asInt() + " cospaces, "
                    + s.path("participants").asInt() + " participant(s)");
            out.print(body, String.join("\n", lines));
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one cospace.")
    static final class Show implements Callable<Integer> {
        @Mixin
        ServerOptions server;

        @Mixin
        Caller caller;

        @Mixin
        Output out;

        @Parameters(index = "0", paramLabel = "COSPACE")
        String cospace;

        @Override
        public Integer call() {
            JsonNode c = request(caller.client(server), "GET", "/realtime/status/" + encode(cospace), cospace);
            String human = "cospace       " + c.path("cospace").asText()
                    + "\nmodel root    " + modelRoot(c)
                    + "\nstate         " + c.path("state").asText()
                    + "\nparticipants  " + c.path("participants").asInt() + "/"
                    + c.path("maxParticipants").asInt()
                    + "\npublishers    " + c.path("publishers").asInt() + "/"
                    + c.path("maxPublishers").asInt()
                    + "\ncreated at    " + c.path("createdAt").asText();
            out.print(c, human);
            return 0;
        }
    }

    @Command(
            name = "close",
            mixinStandardHelpOptions = true,
            description = "End a cospace: every participant gets cospace.closed and is disconnected.")
    static final class Close implements Callable<Integer> {
        @Mixin
        ServerOptions server;

        @Mixin
        Caller caller;

        @Mixin
        Output out;

        @Parameters(index = "0", paramLabel = "COSPACE")
        String cospace;

        @Override
        public Integer call() {
            JsonNode r = request(caller.client(server), "DELETE", "/realtime/cospaces/" + encode(cospace), cospace);
            out.print(r, "closed " + r.path("cospace").asText());
            return 0;
        }
    }

    private static JsonNode request(RtcdClient client, String method, String path, String cospace) {
        try {
            return client.call(method, path, null, 200);
        } catch (RtcdClientException e) {
            if (e.status() == 404) {
                throw new CliException("cospace " + cospace + " not found");
            }
            throw e;
        }
    }

    static String line(JsonNode c) {
        return c.path("cospace").asText() + "\t" + modelRoot(c) + "\t"
                + c.path("state").asText() + "\t" + c.path("participants").asInt() + " participant(s)";
    }

    private static String modelRoot(JsonNode c) {
        return c.path("modelRoot").isTextual() ? c.path("modelRoot").asText() : "(implicit)";
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
