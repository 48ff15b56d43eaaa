package io.rtcd.cli;

/** A user-facing failure of a CLI command; its message is printed as the one-line reason. */
final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final boolean usage;

    CliException(String message) {
        this(message, false);
    }

    private CliException(String message, boolean usage) {
        super(message);
        this.usage = usage;
    }

    /** A bad option value found when the command runs: a usage error (exit 2), like picocli's own. */
    static CliException usage(String message) {
        return new CliException(message, true);
    }

    boolean isUsage() {
        return usage;
    }
}
