package io.rtcd.cli;

/** A user-facing failure of a CLI command; its message is printed as the one-line reason. */
final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CliException(String message) {
        super(message);
    }
}
