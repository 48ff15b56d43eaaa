package io.rtcd.service;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Computes rtcd's {@code cpu_load}: elapsed wall seconds divided by idle CPU seconds over the last interval,
 * i.e. the inverse of the idle capacity in cores (8 idle cores → 0.125, 1 idle core → 1.0). Lower is better; the
 * Calls plugin places a new call on the host with the lowest value.
 *
 * <p>rtcd reports +Inf on a fully busy host, which JSON cannot carry; we cap the value at {@link #MAX_LOAD}.
 * Sampled every second from {@code /proc/stat} on the injected scheduler; where that file does not exist the JVM's
 * system CPU load is used instead. {@link #load()} may be called from any thread.
 */
public final class CpuLoadSampler implements AutoCloseable {
    /** The value reported when no idle time was seen at all (rtcd would report +Inf). */
    public static final double MAX_LOAD = 1000.0;

    private static final Logger LOG = LoggerFactory.getLogger(CpuLoadSampler.class);
    private static final Path PROC_STAT = Path.of("/proc/stat");
    private static final double USER_HZ = 100.0;

    private final ScheduledExecutorService scheduler;
    private volatile double load;
    private long lastIdleTicks = -1;
    private long lastNanos;
    private ScheduledFuture<?> task;

    public CpuLoadSampler(ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
        this.load = 1.0 / Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    public synchronized void start() {
        if (task == null) {
            sample();
            task = scheduler.scheduleAtFixedRate(this::sample, 1, 1, TimeUnit.SECONDS);
        }
    }

    /** The latest value; always finite and positive. */
    public double load() {
        return load;
    }

    /** Turns one interval's figures into rtcd's metric. Package-private for tests. */
    static double loadFrom(double elapsedSeconds, double idleSeconds) {
        if (elapsedSeconds <= 0) {
            return MAX_LOAD;
        }
        if (idleSeconds <= elapsedSeconds / MAX_LOAD) {
            return MAX_LOAD;
        }
        return elapsedSeconds / idleSeconds;
    }

    private synchronized void sample() {
        try {
            long now = System.nanoTime();
            if (Files.isReadable(PROC_STAT)) {
                long idle = idleTicks(Files.readAllLines(PROC_STAT).getFirst());
                if (lastIdleTicks >= 0) {
                    double elapsed = (now - lastNanos) / 1e9;
                    load = loadFrom(elapsed, (idle - lastIdleTicks) / USER_HZ);
                }
                lastIdleTicks = idle;
                lastNanos = now;
            } else {
                var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
                double busy = Math.max(0, os.getCpuLoad());
                double idleCores = (1 - busy) * Runtime.getRuntime().availableProcessors();
                load = loadFrom(1.0, idleCores);
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("cpu load sample failed: {}", e.toString());
        }
    }

    /** Parses the aggregate "cpu" line of /proc/stat: idle + iowait ticks. Package-private for tests. */
    static long idleTicks(String cpuLine) {
        String[] f = cpuLine.trim().split("\\s+");
        if (f.length < 6 || !f[0].equals("cpu")) {
            throw new IllegalArgumentException("unexpected /proc/stat line: " + cpuLine);
        }
        return Long.parseLong(f[4]) + Long.parseLong(f[5]);
    }

    @Override
    public synchronized void close() {
        if (task != null) {
            task.cancel(false);
            task = null;
        }
    }
}
