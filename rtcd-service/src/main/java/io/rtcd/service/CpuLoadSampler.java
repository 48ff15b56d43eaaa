package io.rtcd.service;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
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
 * system CPU load is used instead. Each sample reads only the first line of {@code /proc/stat} into a reused buffer
 * and parses it in place (the whole file, with its long {@code intr} line, as strings was ~30 KB of garbage a
 * second). {@link #load()} may be called from any thread.
 */
public final class CpuLoadSampler implements AutoCloseable {
    /** The value reported when no idle time was seen at all (rtcd would report +Inf). */
    public static final double MAX_LOAD = 1000.0;

    private static final Logger LOG = LoggerFactory.getLogger(CpuLoadSampler.class);
    private static final Path PROC_STAT = Path.of("/proc/stat");
    private static final double USER_HZ = 100.0;
    /** Enough for the aggregate "cpu" line (10 counters of up to 20 digits). */
    private static final int LINE_BYTES = 256;

    private final ScheduledExecutorService scheduler;
    private volatile double load;
    private long lastIdleTicks = -1;
    private long lastNanos;
    private ScheduledFuture<?> task;
    private final byte[] line = new byte[LINE_BYTES];

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
                long idle = idleTicks(line, readFirstBytes());
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

    /** Reads up to {@link #LINE_BYTES} bytes from the start of /proc/stat into {@link #line}. */
    private int readFirstBytes() throws IOException {
        try (InputStream in = new FileInputStream(PROC_STAT.toFile())) {
            int n = 0;
            while (n < line.length) {
                int r = in.read(line, n, line.length - n);
                if (r < 0) {
                    break;
                }
                n += r;
            }
            return n;
        }
    }

    /** Parses the aggregate "cpu" line of /proc/stat: idle + iowait ticks. Package-private for tests. */
    static long idleTicks(String cpuLine) {
        byte[] b = cpuLine.trim().getBytes(StandardCharsets.US_ASCII);
        return idleTicks(b, b.length);
    }

    /**
     * The same from the first {@code len} bytes of the file: fields 4 and 5 (idle, iowait) of a first line that
     * starts with "cpu ", without building strings.
     */
    static long idleTicks(byte[] b, int len) {
        int end = 0;
        while (end < len && b[end] != '\n') {
            end++;
        }
        if (end < 4 || b[0] != 'c' || b[1] != 'p' || b[2] != 'u' || b[3] != ' ') {
            throw new IllegalArgumentException(
                    "unexpected /proc/stat line: " + new String(b, 0, Math.min(end, 64), StandardCharsets.US_ASCII));
        }
        long sum = 0;
        int field = 0;
        int i = 3;
        while (field < 5) {
            while (i < end && b[i] == ' ') {
                i++;
            }
            if (i >= end) {
                throw new IllegalArgumentException("short /proc/stat cpu line (" + field + " counters)");
            }
            long v = 0;
            int digits = 0;
            while (i < end && b[i] != ' ') {
                int d = b[i] - '0';
                if (d < 0 || d > 9 || ++digits > 19) {
                    throw new IllegalArgumentException("bad counter in the /proc/stat cpu line");
                }
                v = v * 10 + d;
                i++;
            }
            field++;
            if (field >= 4) {
                sum += v;
            }
        }
        return sum;
    }

    @Override
    public synchronized void close() {
        if (task != null) {
            task.cancel(false);
            task = null;
        }
    }
}
