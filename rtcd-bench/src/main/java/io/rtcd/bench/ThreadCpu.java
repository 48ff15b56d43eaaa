package io.rtcd.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU time and allocated bytes of the live JVM threads, grouped by thread name: the SFU's own threads (the UDP reader
 * {@code rtcd-udp-rx} and the {@code sfu-worker-*} pool that runs the session executors) versus its auxiliary
 * threads (timers, DTLS) versus the load generator (test peers' readers, publisher, collector). JVM threads such as
 * GC and JIT are not Java threads and only show in the process CPU time.
 */
final class ThreadCpu {
    /** Thread groups by name. */
    enum Group {
        SFU,
        SFU_AUX,
        LOADGEN,
        OTHER;

        static Group of(String name) {
            if (name.equals("rtcd-udp-rx") || name.startsWith("sfu-worker-")) {
                return SFU;
            }
            if (name.startsWith("sfu-")) {
                return SFU_AUX;
            }
            if (name.startsWith("peer-") || name.startsWith("lg-")) {
                return LOADGEN;
            }
            return OTHER;
        }
    }

    /** Per-thread CPU nanoseconds and allocated bytes at one instant. */
    record Snapshot(Map<Long, String> names, Map<Long, Long> cpu, Map<Long, Long> allocated, long processCpu) {}

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

    ThreadCpu() {
        if (!threads.isThreadCpuTimeSupported()) {
            throw new IllegalStateException("thread CPU time is not supported by this JVM");
        }
        threads.setThreadCpuTimeEnabled(true);
    }

    Snapshot snapshot() {
        Map<Long, String> names = new HashMap<>();
        Map<Long, Long> cpu = new HashMap<>();
        Map<Long, Long> alloc = new HashMap<>();
        long[] ids = threads.getAllThreadIds();
        ThreadInfo[] infos = threads.getThreadInfo(ids);
        for (int i = 0; i < ids.length; i++) {
            if (infos[i] == null) {
                continue;
            }
            long t = threads.getThreadCpuTime(ids[i]);
            if (t < 0) {
                continue;
            }
            names.put(ids[i], infos[i].getThreadName());
            cpu.put(ids[i], t);
            if (threads instanceof com.sun.management.ThreadMXBean sun) {
                alloc.put(ids[i], sun.getThreadAllocatedBytes(ids[i]));
            }
        }
        long process = -1;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            process = os.getProcessCpuTime();
        }
        return new Snapshot(names, cpu, alloc, process);
    }

    /** CPU nanoseconds per group between two snapshots (threads born in between count from zero). */
    static Map<Group, Long> cpuDelta(Snapshot from, Snapshot to) {
        return delta(from.cpu(), to.cpu(), to.names());
    }

    /** Allocated bytes per group between two snapshots. */
    static Map<Group, Long> allocatedDelta(Snapshot from, Snapshot to) {
        return delta(from.allocated(), to.allocated(), to.names());
    }

    private static Map<Group, Long> delta(Map<Long, Long> from, Map<Long, Long> to, Map<Long, String> names) {
        Map<Group, Long> out = new EnumMap<>(Group.class);
        for (Group g : Group.values()) {
            out.put(g, 0L);
        }
        for (Map.Entry<Long, Long> e : to.entrySet()) {
            long before = from.getOrDefault(e.getKey(), 0L);
            Group g = Group.of(names.get(e.getKey()));
            out.merge(g, Math.max(0, e.getValue() - before), Long::sum);
        }
        return out;
    }
}
