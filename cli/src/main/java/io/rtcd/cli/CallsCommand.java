package io.rtcd.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code rtcd calls list}: a client's calls that have sessions. */
@Command(
        name = "calls",
        mixinStandardHelpOptions = true,
        description = "Inspect a client's calls.",
        subcommands = {CallsCommand.ListCalls.class})
final class CallsCommand {

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the client's active calls.")
    static final class ListCalls implements Callable<Integer> {
        @Mixin
        ServerOptions server;

        @Mixin
        ClientCredentials credentials;

        @Mixin
        Output out;

        @Override
        public Integer call() {
            JsonNode calls = credentials.client(server).call("GET", "/calls", null, 200);
            List<String> lines = new ArrayList<>();
            calls.forEach(c -> lines.add(
                    c.path("callID").asText() + "\t" + c.path("sessions").asInt() + " session(s)"));
            out.print(calls, lines.isEmpty() ? "no active calls" : String.join("\n", lines));
            return 0;
        }
    }
}
