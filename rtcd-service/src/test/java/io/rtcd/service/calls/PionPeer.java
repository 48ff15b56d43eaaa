package io.rtcd.service.calls;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the Go pion peer of {@code interop/pion} (built offline by its {@code build.sh} from Debian's packaged pion
 * v3; scripts/install-test-deps.sh builds it) and returns the JSON of the {@code PION_RESULT} line it prints. The
 * binary comes from the system property {@code rtcd.it.pion}; without it the calling test is skipped. The process is
 * always killed before returning. {@code -Drtcd.it.debug=true} keeps its output in {@code target/interop-logs/}.
 */
final class PionPeer {
    private static final String MARK = "PION_RESULT ";
    private static final ObjectMapper JSON = new ObjectMapper();

    private PionPeer() {}

    /** Skips the calling test unless {@code rtcd.it.pion} names an executable. */
    static Path binary() {
        String bin = System.getProperty("rtcd.it.pion", "");
        assumeTrue(!bin.isEmpty(), "-Drtcd.it.pion not set");
        Path path = Path.of(bin);
        assumeTrue(Files.isExecutable(path), "no pion peer at " + path);
        return path;
    }

    /**
     * Runs the peer with {@code args}, waits at most {@code timeout}.
     *
     * @throws AssertionError if it printed no result line in time (with the tail of its output)
     */
    static JsonNode run(List<String> args, Duration timeout) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(binary().toString());
        cmd.addAll(args);
        if (Boolean.getBoolean("rtcd.it.debug")) {
            cmd.add("-v");
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        JsonNode[] result = new JsonNode[1];
        Path log = null;
        if (Boolean.getBoolean("rtcd.it.debug")) {
            Files.createDirectories(Path.of("target", "interop-logs"));
            log = Path.of("target", "interop-logs", "pion-" + System.currentTimeMillis() + ".log");
        }
        Path logPath = log;
        Thread reader = new Thread(
                () -> {
                    try (Writer w = logPath == null ? null : Files.newBufferedWriter(logPath);
                            BufferedReader r = new BufferedReader(
                                    new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = r.readLine()) != null) {
                            if (w != null) {
                                w.write(line + "\n");
                            }
                            synchronized (lines) {
                                if (line.startsWith(MARK)) {
                                    result[0] = JSON.readTree(line.substring(MARK.length()));
                                } else if (lines.size() < 400) {
                                    lines.add(line);
                                }
                            }
                        }
                    } catch (IOException ignored) {
                        // the process was killed; what was read is kept
                    }
                },
                "pion-peer-output");
        reader.setDaemon(true);
        reader.start();
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("pion peer did not finish within " + timeout + "; output:\n" + tail(lines));
            }
            reader.join(2_000);
            synchronized (lines) {
                if (result[0] == null) {
                    throw new AssertionError(
                            "pion peer exited " + p.exitValue() + " without a result; output:\n" + tail(lines));
                }
                return result[0];
            }
        } finally {
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
