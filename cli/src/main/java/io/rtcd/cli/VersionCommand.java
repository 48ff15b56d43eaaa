package io.rtcd.cli;

import io.rtcd.service.BuildInfo;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code rtcd version}: this build's version, or a running server's with {@code --remote}. */
@Command(
        name = "version",
        mixinStandardHelpOptions = true,
        description = "Print the version of this build or of a server.")
final class VersionCommand implements Callable<Integer> {
    @Mixin
    Output out;

    @Mixin
    ServerOptions server;

    @Option(names = "--remote", description = "Ask the server at --url instead of printing this build's version.")
    boolean remote;

    @Override
    public Integer call() {
        if (remote) {
            var v = server.anonymousClient().version();
            out.print(
                    v,
                    "rtcd " + v.path("buildVersion").asText() + " ("
                            + v.path("buildHash").asText() + ") at " + server.url());
            return 0;
        }
        BuildInfo b = BuildInfo.load();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("buildVersion", b.buildVersion());
        m.put("buildHash", b.buildHash());
        m.put("buildDate", b.buildDate());
        m.put("javaVersion", Runtime.version().toString());
        out.print(
                m,
                "rtcd " + b.buildVersion() + " (" + b.buildHash() + ", " + b.buildDate() + ") on Java "
                        + Runtime.version());
        return 0;
    }
}
