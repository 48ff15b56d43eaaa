package io.rtcd.cli;

/** One line of {@code rtcd check}: what was checked, how it went, and what to do about it. */
record CheckResult(String name, Status status, String message, String fix) {
    enum Status {
        OK,
        WARN,
        SKIP,
        FAIL
    }

    static CheckResult ok(String name, String message) {
        return new CheckResult(name, Status.OK, message, "");
    }

    static CheckResult warn(String name, String message, String fix) {
        return new CheckResult(name, Status.WARN, message, fix);
    }

    static CheckResult skip(String name, String message) {
        return new CheckResult(name, Status.SKIP, message, "");
    }

    static CheckResult fail(String name, String message, String fix) {
        return new CheckResult(name, Status.FAIL, message, fix);
    }

    /** {@code "FAIL  ice-udp     <message> - fix: <fix>"}. */
    String line() {
        return String.format("%-5s %-11s %s%s", status, name, message, fix.isEmpty() ? "" : " - fix: " + fix);
    }
}
