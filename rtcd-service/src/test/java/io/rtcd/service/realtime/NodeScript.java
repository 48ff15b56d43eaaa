package io.rtcd.service.realtime;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one Node script of {@code interop/} (the peers installed by scripts/install-test-deps.sh) and returns the JSON
 * of the line it prints after {@code mark}. The node binary and the interop directory come from the system properties
 * {@code rtcd.it.node} and {@code rtcd.it.interop}; without them the calling test is skipped. The process (and its
 * children) is always killed before returning.
 */
final class NodeScript {
    /** {@code -Drtcd.it.debug=true}: keep everything the scripts print in {@code target/interop-logs/}. */
    static final boolean DEBUG = Boolean.getBoolean("rtcd.it.debug");

    private NodeScript() {}

    /** Skips the calling test unless both system properties name something that exists. */
    static Path interopDir() {
        String node = System.getProperty("rtcd.it.node", "");
        String interop = System.getProperty("rtcd.it.interop", "");
        assumeTrue(!node.isEmpty() && !interop.isEmpty(), "-Drtcd.it.node and -Drtcd.it.interop not set");
        Path dir = Path.of(interop);
        assumeTrue(Files.isDirectory(dir.resolve("node_modules")), "no " + dir.resolve("node_modules"));
        return dir;
    }

    /**
     * Runs {@code node <script> <args...>} in the interop directory, waits at most {@code timeout}.
     *
     * @return the JSON after {@code mark} on the script's stdout
     * @throws AssertionError if the script printed no such line in time (with the output tail)
     */
    static JsonNode run(String script, String mark, Duration timeout, String... args)
            throws IOException, InterruptedException {
        Path dir = interopDir();
        List<String> cmd = new ArrayList<>();
        cmd.add(System.getProperty("rtcd.it.node"));
        cmd.add(dir.resolve(script).toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        List<String> lines = new ArrayList<>();
        JsonNode[] result = new JsonNode[1];
        Path logFile = null;
        if (DEBUG) {
            Files.createDirectories(Path.of("target", "interop-logs"));
            logFile = Path.of("target", "interop-logs", script + "-" + System.currentTimeMillis() + ".log");
        }
        Path logPath = logFile;
        Thread reader = new Thread(
                () -> {
                    try (java.io.Writer log = logPath == null ? null : Files.newBufferedWriter(logPath);
                            BufferedReader r = new BufferedReader(
                                    new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = r.readLine()) != null) {
                            int at = line.indexOf(mark);
                            if (log != null) {
                                log.write(line + "\n");
                            }
                            synchronized (lines) {
                                if (at >= 0) {
                                    result[0] = RealtimeTestSupport.parse(line.substring(at + mark.length()));
                                } else if (lines.size() < 200) {
                                    lines.add(line);
                                }
                            }
                        }
                    } catch (IOException ignored) {
                        // the process was killed; what was read is kept
                    }
                },
                "node-" + script);
        reader.setDaemon(true);
        reader.start();
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(script + " did not finish within " + timeout + "; output:\n" + tail(lines));
            }
            reader.join(2_000);
            synchronized (lines) {
                if (result[0] == null) {
                    throw new AssertionError(
                            script + " exited " + p.exitValue() + " without " + mark + "; output:\n" + tail(lines));
                }
                return result[0];
            }
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(5, TimeUnit.SECONDS);
        }
    }

    private static String tail(List<String> lines) {
        synchronized (lines) {
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        }
    }
}
