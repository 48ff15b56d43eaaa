package io.rtcd.bench.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Profiles the server over the measured window only: async-profiler's agent library is loaded into the running server
 * with {@code jcmd <pid> JVMTI.agent_load <lib> start,...} when the window opens and told to stop and write collapsed
 * stacks ({@code stop,file=...,collapsed,ann}) when it closes. The server is started with
 * {@link #SERVER_FLAGS} (dynamic agent loading allowed, debug info at non-safepoints for exact Java frames).
 */
final class ServerProfiler {
    static final List<String> SERVER_FLAGS =
            List.of("-XX:+EnableDynamicAgentLoading", "-XX:+UnlockDiagnosticVMOptions", "-XX:+DebugNonSafepoints");

    private final Path library;
    private String event;
    private final Path out;

    /**
     * @param library {@code libasyncProfiler.so}
     * @param event {@code cpu} (perf events; needs perf_event_paranoid <= 1 or root), {@code itimer} or {@code wall}
     * @param out collapsed-stacks file
     */
    ServerProfiler(Path library, String event, Path out) {
        if (!event.matches("cpu|itimer|wall|alloc|lock")) {
            throw new IllegalArgumentException("profiler_event must be cpu, itimer, wall, alloc or lock, got " + event);
        }
        this.library = library;
        this.event = event;
        this.out = out;
    }

    /** Starts sampling; {@code cpu} falls back to {@code itimer} when perf events are not available here. */
    void start(long pid) throws IOException, InterruptedException {
        try {
            agent(pid, "start,event=" + event + ",interval=" + ("wall".equals(event) ? "5ms" : "1ms"));
        } catch (IllegalStateException e) {
            if (!"cpu".equals(event)) {
                throw e;
            }
            event = "itimer";
            agent(pid, "start,event=itimer,interval=1ms");
        }
    }

    /** The event actually sampled (after a fallback). */
    String event() {
        return event;
    }

    void stop(long pid) throws IOException, InterruptedException {
        agent(pid, "stop,file=" + out.toAbsolutePath() + ",collapsed,ann");
    }

    private void agent(long pid, String args) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(
                        jcmd.toString(),
                        Long.toString(pid),
                        "JVMTI.agent_load",
                        library.toAbsolutePath().toString(),
                        // jcmd's argument parser splits an unquoted option string at commas
                        "\"" + args + "\"")
                .redirectErrorStream(true)
                .start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0 || !text.contains("return code: 0")) {
            p.destroyForcibly();
            throw new IllegalStateException("profiler " + args + " on " + pid + " failed: " + text);
        }
    }
}
