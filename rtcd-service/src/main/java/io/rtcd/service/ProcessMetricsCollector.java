package io.rtcd.service;

import com.sun.management.OperatingSystemMXBean;
import com.sun.management.UnixOperatingSystemMXBean;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.instrumentation.jvm.JvmBufferPoolMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmClassLoadingMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmCompilationMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmGarbageCollectorMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmMemoryMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmMemoryPoolAllocationMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmNativeMemoryMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmRuntimeInfoMetric;
import io.prometheus.metrics.instrumentation.jvm.JvmThreadsMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.RuntimeMXBean;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The JVM and process metrics of {@code JvmMetrics.builder().register(registry)}, with the {@code process_*} family
 * read directly instead of by the library's {@code ProcessMetrics}. That one reflects on the JDK's non-public {@code
 * OperatingSystemImpl} and throws and catches an {@code IllegalAccessException} (stack trace included) for every
 * getter on every scrape, and reads {@code /proc/self/status} line by line as strings twice: ~115 KB of garbage per
 * scrape, a third of the whole {@code /metrics} request (docs/performance.md §4 "Allocation and GC"). Same names,
 * help texts, types, units and values; {@code ProcessMetricsCollectorTest} compares the exposition with the
 * library's.
 *
 * <p>Threading: the callbacks run on the scraping thread; {@link #status} is a buffer shared by the two memory
 * gauges, so they read it under its lock.
 */
final class ProcessMetricsCollector {
    private static final Path PROC_SELF_STATUS = Path.of("/proc/self/status");
    /** /proc/self/status is ~1.5 KB; VmSize and VmRSS are in its first half. */
    private static final int STATUS_BYTES = 4096;

    private final OperatingSystemMXBean os;
    private final RuntimeMXBean runtime;
    private final byte[] status = new byte[STATUS_BYTES];

    private ProcessMetricsCollector(OperatingSystemMXBean os, RuntimeMXBean runtime) {
        this.os = os;
        this.runtime = runtime;
    }

    /** Registers what {@code JvmMetrics.builder().register(registry)} registers, process metrics from here. */
    static void registerJvmAndProcess(PrometheusRegistry registry) {
        JvmThreadsMetrics.builder().register(registry);
        JvmBufferPoolMetrics.builder().register(registry);
        JvmClassLoadingMetrics.builder().register(registry);
        JvmCompilationMetrics.builder().register(registry);
        JvmGarbageCollectorMetrics.builder().register(registry);
        JvmMemoryPoolAllocationMetrics.builder().register(registry);
        JvmMemoryMetrics.builder().register(registry);
        JvmNativeMemoryMetrics.builder().register(registry);
        JvmRuntimeInfoMetric.builder().register(registry);
        registerProcess(registry);
    }

    /** The {@code process_*} metrics alone, as the library's {@code ProcessMetrics} defines them. */
    static void registerProcess(PrometheusRegistry registry) {
        java.lang.management.OperatingSystemMXBean bean = ManagementFactory.getOperatingSystemMXBean();
        OperatingSystemMXBean os = bean instanceof OperatingSystemMXBean o ? o : null;
        new ProcessMetricsCollector(os, ManagementFactory.getRuntimeMXBean()).register(registry, os);
    }

    private void register(PrometheusRegistry registry, OperatingSystemMXBean sunOs) {
        CounterWithCallback.builder()
                .name("process_cpu_seconds_total")
                .help("Total user and system CPU time spent in seconds.")
                .unit(Unit.SECONDS)
                .callback(cb -> {
                    if (sunOs != null) {
                        long nanos = sunOs.getProcessCpuTime();
                        if (nanos >= 0) {
                            cb.call(Unit.nanosToSeconds(nanos));
                        }
                    }
                })
                .register(registry);
        GaugeWithCallback.builder()
                .name("process_start_time_seconds")
                .help("Start time of the process since unix epoch in seconds.")
                .unit(Unit.SECONDS)
                .callback(cb -> cb.call(Unit.millisToSeconds(runtime.getStartTime())))
                .register(registry);
        GaugeWithCallback.builder()
                .name("process_open_fds")
                .help("Number of open file descriptors.")
                .callback(cb -> {
                    if (os instanceof UnixOperatingSystemMXBean unix) {
                        cb.call(unix.getOpenFileDescriptorCount());
                    }
                })
                .register(registry);
        GaugeWithCallback.builder()
                .name("process_max_fds")
                .help("Maximum number of open file descriptors.")
                .callback(cb -> {
                    if (os instanceof UnixOperatingSystemMXBean unix) {
                        cb.call(unix.getMaxFileDescriptorCount());
                    }
                })
                .register(registry);
        if (Files.isReadable(PROC_SELF_STATUS)) {
            GaugeWithCallback.builder()
                    .name("process_virtual_memory_bytes")
                    .help("Virtual memory size in bytes.")
                    .unit(Unit.BYTES)
                    .callback(cb -> {
                        long kb = statusKb("VmSize:");
                        if (kb >= 0) {
                            cb.call(kb * 1024.0);
                        }
                    })
                    .register(registry);
            GaugeWithCallback.builder()
                    .name("process_resident_memory_bytes")
                    .help("Resident memory size in bytes.")
                    .unit(Unit.BYTES)
                    .callback(cb -> {
                        long kb = statusKb("VmRSS:");
                        if (kb >= 0) {
                            cb.call(kb * 1024.0);
                        }
                    })
                    .register(registry);
        }
    }

    /** The kB figure of the /proc/self/status line starting with {@code key}, or -1. */
    private long statusKb(String key) {
        synchronized (status) {
            int n;
            try (InputStream in = new FileInputStream(PROC_SELF_STATUS.toFile())) {
                n = in.readNBytes(status, 0, status.length);
            } catch (IOException e) {
                return -1;
            }
            return kbOf(status, n, key);
        }
    }

    /** Parses {@code key <spaces> digits kB} at the start of a line of {@code b[0..n)}; -1 if absent. */
    static long kbOf(byte[] b, int n, String key) {
        int k = key.length();
        for (int line = 0; line < n; ) {
            boolean match = line + k <= n;
            for (int i = 0; match && i < k; i++) {
                match = b[line + i] == key.charAt(i);
            }
            if (match) {
                int i = line + k;
                while (i < n && (b[i] == ' ' || b[i] == '\t')) {
                    i++;
                }
                long v = 0;
                int digits = 0;
                while (i < n && b[i] >= '0' && b[i] <= '9' && digits < 19) {
                    v = v * 10 + (b[i++] - '0');
                    digits++;
                }
                return digits == 0 ? -1 : v;
            }
            while (line < n && b[line] != '\n') {
                line++;
            }
            line++;
        }
        return -1;
    }
}
