package io.rtcd.cli;

import io.rtcd.service.client.RtcdClient;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * A registered client's credentials, for the commands that act as that client (the sessions API is per client). The
 * key comes from {@code $RTCD_AUTH_KEY} or a file, never from the command line.
 */
final class ClientCredentials {
    @Option(names = "--client-id", paramLabel = "ID", required = true, description = "The client (backend) ID.")
    String clientId;

    @Option(
            names = "--key-file",
            paramLabel = "FILE",
            description = "File with the auth key (default: $RTCD_AUTH_KEY).")
    Path keyFile;

    RtcdClient client(ServerOptions server) {
        String key = ClientsCommand.readKey(keyFile);
        if (key == null) {
            throw new CliException("no auth key: set RTCD_AUTH_KEY or pass --key-file FILE");
        }
        return RtcdClient.basic(server.url(), clientId, key);
    }
}
