package io.rtcd.cli;

import io.rtcd.service.BuildInfo;
import io.rtcd.service.client.RtcdClientException;
import io.rtcd.service.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code rtcd} executable. Exit status: 0 success, 1 failure (one-line reason on stderr), 2 usage error. */
@Command(
        name = "rtcd",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Real-time communication daemon: WebRTC SFU and signalling service.",
        subcommands = {
            ServeCommand.class,
            VersionCommand.class,
            ClientsCommand.class,
            LoginCommand.class,
            CallsCommand.class,
            SessionsCommand.class,
            CospacesCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns the exit status (used by tests). */
    public static int run(String... args) {
        return run(new java.io.PrintWriter(System.out, true), new java.io.PrintWriter(System.err, true), args);
    }

    /** Runs a command line with the given output streams and returns the exit status. */
    public static int run(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
        if (args.length == 0 || !args[0].equals("serve")) {
            LoggingSetup.applyQuiet();
        }
        CommandLine cmd = new CommandLine(new Main());
        cmd.setOut(out);
        cmd.setErr(err);
        cmd.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println("rtcd: " + oneLine(ex));
            return 1;
        });
        return cmd.execute(args);
    }

    static String oneLine(Exception ex) {
        if (ex instanceof RtcdClientException rc && rc.status() > 0) {
            return rc.getMessage() + " (HTTP " + rc.status() + ")";
        }
        if (ex instanceof ConfigException || ex instanceof RtcdClientException || ex instanceof CliException) {
            return ex.getMessage();
        }
        String msg = ex.getMessage();
        return ex.getClass().getSimpleName()
                + (msg == null ? "" : ": " + msg.lines().findFirst().orElse(""));
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Reports the build's version for {@code --version}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            BuildInfo b = BuildInfo.load();
            return new String[] {"rtcd " + b.buildVersion() + " (" + b.buildHash() + ", " + b.buildDate() + ")"};
        }
    }
}
