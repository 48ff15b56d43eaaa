package io.rtcd.bench.load;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A fresh {@code rtcd serve} in its own JVM ({@code java -jar rtcd.jar serve}), for one load run: HTTP on a free
 * 127.0.0.1 port, the media UDP port on 127.0.0.1 (any free port, learnt from the SDP), loopback candidates, the admin
 * secret (random, passed in the environment, never on the command line) to mint join tokens, the store in the run
 * directory, and a GC log ({@code -Xlog:gc}) the run parses for pauses. Its output goes to {@code server.log} and its
 * pid to {@code server.pid} in the run directory, so a wrapper script can clean up after a killed load generator.
 *
 * <p>{@link #close()} sends SIGTERM (rtcd drains and exits), waits, then kills; idempotent.
 */
final class ServerProcess implements AutoCloseable {
    /** The JVM flags {@code ./rtcd} adds unless {@code RTCD_JAVA_OPTS} overrides them. */
    static final List<String> LAUNCHER_FLAGS =
            List.of("-XX:+UseG1GC", "-XX:MinHeapFreeRatio=20", "-XX:MaxHeapFreeRatio=40");

    private static final Duration STOP_GRACE = Duration.ofSeconds(15);

    private final Process process;
    private final Path dir;
    private final int httpPort;
    private final String adminSecret;
    private final Path gcLog;
    private final Path log;
    private final List<String> command;

    private ServerProcess(Process process, Path dir, int httpPort, String adminSecret, List<String> command) {
        this.process = process;
        this.dir = dir;
        this.httpPort = httpPort;
        this.adminSecret = adminSecret;
        this.gcLog = dir.resolve("gc.log");
        this.log = dir.resolve("server.log");
        this.command = List.copyOf(command);
    }

    /**
     * Starts the server and waits (bounded) until {@code /healthz} answers 200.
     *
     * @param jar the shaded {@code cli/target/rtcd.jar}
     * @param dir run directory (created): logs, store, pid file
     * @param jvmArgs extra JVM flags for the server (heap, GC, an agent)
     * @param settings extra {@code key=value} passed as {@code --set}
     */
    static ServerProcess start(
            Path jar, Path dir, List<String> jvmArgs, List<String> settings, HttpClient http, Duration timeout)
            throws IOException, InterruptedException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException(
                    "server jar " + jar + " not found: build it with `mvn -pl cli -am package -DskipTests`");
        }
        Files.createDirectories(dir);
        int port = freeTcpPort();
        byte[] secret = new byte[16];
        new SecureRandom().nextBytes(secret);
        String adminSecret = HexFormat.of().formatHex(secret);
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xlog:gc:file=" + dir.resolve("gc.log") + ":uptime,level,tags");
        cmd.add("--enable-native-access=ALL-UNNAMED");
        // What ./rtcd passes by default (see its comments): G1, and a heap that is given back rather than kept at
        // 1.7-3.3x the live set. jvmArgs come after, so server_jvm= can override any of them.
        cmd.addAll(LAUNCHER_FLAGS);
        cmd.addAll(jvmArgs);
        cmd.add("-jar");
        cmd.add(jar.toAbsolutePath().toString());
        cmd.add("serve");
        List<String> sets = new ArrayList<>(List.of(
                "api.http.listen_address=127.0.0.1:" + port,
                "api.security.enable_admin=true",
                "rtc.ice_address_udp=127.0.0.1",
                "rtc.ice_port_udp=0",
                // The load peers use UDP; the default ICE-TCP listener (0.0.0.0:8443) would also make two runs collide.
                "rtc.ice_port_tcp=-1",
                "rtc.allow_loopback=true",
                // Every load peer connects from 127.0.0.1: the per-address attempt limit (128/min) would refuse them.
                "realtime.connect_rate_per_minute=0",
                // The matrix goes up to 1 -> 1000 in one cospace; the defaults (100 participants) are for real rooms.
                "realtime.max_participants=5000",
                "realtime.max_publishers=1000",
                "store.data_source=" + dir.resolve("data").resolve("rtcd.db")));
        sets.addAll(settings);
        for (String s : sets) {
            cmd.add("--set");
            cmd.add(s);
        }
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("server.log").toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("RTCD_"));
        pb.environment().put("RTCD_API_SECURITY_ADMINSECRETKEY", adminSecret);
        Process p = pb.start();
        ServerProcess server = new ServerProcess(p, dir, port, adminSecret, cmd);
        Files.writeString(dir.resolve("server.pid"), Long.toString(p.pid()) + "\n");
        try {
            server.awaitHealthy(http, timeout);
        } catch (IOException | InterruptedException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private void awaitHealthy(HttpClient http, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest req = HttpRequest.newBuilder(base().resolve("/healthz"))
                .timeout(Duration.ofSeconds(2))
                .build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("rtcd serve exited with status " + process.exitValue()
                        + " before it was ready; last lines of " + log + ":\n" + tail(20));
            }
            try {
                if (http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(
                "rtcd serve not healthy after " + timeout.toSeconds() + " s; last lines of " + log + ":\n" + tail(20));
    }

    static int freeTcpPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** The last {@code lines} lines of the server log (for error messages). */
    String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | RuntimeException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + httpPort);
    }

    URI ws(String pathAndQuery) {
        return URI.create("ws://127.0.0.1:" + httpPort + pathAndQuery);
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    String adminSecret() {
        return adminSecret;
    }

    Path gcLog() {
        return gcLog;
    }

    Path dir() {
        return dir;
    }

    List<String> command() {
        return command;
    }

    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
