package io.rtcd.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.rtcd.service.client.RtcdClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code rtcd sessions list|kick}: the sessions of one of the client's calls (rtcd's sessions API). */
@Command(
        name = "sessions",
        mixinStandardHelpOptions = true,
        description = "Inspect and end the sessions of a call.",
        subcommands = {SessionsCommand.ListSessions.class, SessionsCommand.Kick.class})
final class SessionsCommand {

    @Command(
            name = "kick",
            mixinStandardHelpOptions = true,
            description = "End one session of a call (as a leave from its backend: the SFU closes it, the backend"
                    + " gets close).")
    static final class Kick implements Callable<Integer> {
        @Mixin
        ServerOptions server;

        @Mixin
        CospacesCommand.Caller caller;

        @Option(
                names = "--of",
                paramLabel = "CLIENT_ID",
                description = "As the admin (no --client-id): the client whose call it is.")
        String of;

        @Mixin
        Output out;

        @Parameters(index = "0", paramLabel = "CALL_ID")
        String callId;

        @Parameters(index = "1", paramLabel = "SESSION_ID")
        String sessionId;

        @Override
        public Integer call() {
            if (caller.clientId == null && of == null) {
                throw CliException.usage("give --client-id ID (the call's client) or, as the admin, --of CLIENT_ID");
            }
            String path = "/calls/" + encode(callId) + "/sessions/" + encode(sessionId)
                    + (caller.clientId == null ? "?clientID=" + encode(of) : "");
            JsonNode r;
            try {
                r = caller.client(server).call("DELETE", path, null, 200);
            } catch (RtcdClientException e) {
                if (e.status() == 404) {
                    throw new CliException("call " + callId + " has no session " + sessionId);
                }
                throw e;
            }
            out.print(r, "ended session " + sessionId + " of call " + callId);
            return 0;
        }
    }

    private static String encode(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the sessions of a call.")
    static final class ListSessions implements Callable<Integer> {
        @Mixin
        ServerOptions server;

        @Mixin
        ClientCredentials credentials;

        @Mixin
        Output out;

        @Parameters(index = "0", paramLabel = "CALL_ID")
        String callId;

        @Override
        public Integer call() {
            JsonNode sessions;
            try {
                sessions = credentials
                        .client(server)
                        .call(
                                "GET",
                                "/calls/" + java.net.URLEncoder.encode(callId, java.nio.charset.StandardCharsets.UTF_8)
                                        + "/sessions",
                                null,
                                200);
            } catch (RtcdClientException e) {
                if (e.status() == 404) {
                    throw new CliException("call " + callId + " has no sessions (not found)");
                }
                throw e;
            }
            List<String> lines = new ArrayList<>();
            sessions.forEach(s -> lines.add(
                    s.path("SessionID").asText() + "\tuser " + s.path("UserID").asText()));
            out.print(sessions, String.join("\n", lines));
            return 0;
        }
    }
}
