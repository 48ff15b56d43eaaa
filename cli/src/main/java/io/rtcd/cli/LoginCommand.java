package io.rtcd.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code rtcd login CLIENT_ID}: exchange a client's key for a bearer token. */
@Command(name = "login", mixinStandardHelpOptions = true, description = "Get a bearer token for a registered client.")
final class LoginCommand implements Callable<Integer> {
    @Mixin
    ServerOptions server;

    @Mixin
    Output out;

    @Parameters(index = "0", paramLabel = "CLIENT_ID")
    String clientId;

    @Option(
            names = "--key-file",
            paramLabel = "FILE",
            description = "File with the auth key (default: $RTCD_AUTH_KEY).")
    Path keyFile;

    @Override
    public Integer call() {
        String key = ClientsCommand.readKey(keyFile);
        if (key == null) {
            throw new CliException("no auth key: set RTCD_AUTH_KEY or pass --key-file FILE");
        }
        String token = server.anonymousClient().login(clientId, key);
        out.print(Map.of("clientID", clientId, "bearerToken", token), token);
        return 0;
    }
}
