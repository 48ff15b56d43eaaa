package io.rtcd.cli;

import io.rtcd.service.BuildInfo;
import io.rtcd.service.client.RtcdClientException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code rtcd} executable. Exit status: 0 success, 1 failure (one-line reason on stderr), 2 usage error (an
 * unknown command or option, a missing argument, or an option value that is not valid).
 */
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
            TokensCommand.class,
            StatusCommand.class,
            CheckCommand.class,
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
            if (ex instanceof CliException c && c.isUsage()) {
                commandLine
                        .getErr()
                        .println("rtcd: " + c.getMessage() + " (see 'rtcd "
                                + commandLine
                                        .getCommandSpec()
                                        .qualifiedName(" ")
                                        .replaceFirst("^rtcd ?", "") + " --help')");
                return 2;
            }
            commandLine.getErr().println("rtcd: " + oneLine(ex) + adminHint(ex, commandLine));
            return 1;
        });
        return cmd.execute(args);
    }

    /** The one-line reason for a failure: the message only, never an exception class name or "null". */
    static String oneLine(Exception ex) {
        if (ex instanceof RtcdClientException rc && rc.status() > 0) {
            return rc.getMessage() + " (HTTP " + rc.status() + ")";
        }
        for (Throwable t = ex; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String msg = t.getMessage();
            if (msg != null && !msg.isBlank() && !msg.equals("null")) {
                return msg.lines().findFirst().orElse(msg);
            }
        }
        return "unexpected error (no detail; run with RTCD_JAVA_OPTS=-Drtcd.log.level=DEBUG for the log)";
    }

    /** A 401 to admin credentials: say how admin is turned on, since a server with admin off answers just that. */
    private static String adminHint(Exception ex, CommandLine commandLine) {
        if (!(ex instanceof RtcdClientException rc) || rc.status() != 401) {
            return "";
        }
        boolean asAdmin = commandLine.getCommandSpec().mixins().values().stream()
                .anyMatch(m -> m.userObject() instanceof ServerOptions o && o.adminUsed);
        return asAdmin ? ServerOptions.ADMIN_HINT : "";
    }

    @Override
    public void run() {
        // Bare `rtcd`: a usage error (no command given); picocli prints this line and the help, exit 2.
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is needed");
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
