package io.rtcd.bench.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Linux {@code /proc} readers for another process (proc(5)): CPU time from {@code /proc/<pid>/stat} (utime + stime,
 * fields 14 and 15, in clock ticks), per-thread CPU from {@code /proc/<pid>/task/<tid>/stat} grouped by thread name
 * (digits stripped: {@code rtcd-rtc-worker-3} and {@code GC Thread#1} fold into one group; the kernel truncates names
 * to 15 characters), resident set size from {@code /proc/<pid>/status} (VmRSS) and the host's UDP counters from
 * {@code /proc/net/snmp}. Pure parsing is separated from reading so it can be unit-tested.
 */
final class ProcStats {
    private static final Pattern TRAILING_NUMBER = Pattern.compile("[-#_ ]?\\d+$");
    private static volatile long clockTicks;

    private ProcStats() {}

    /** Process CPU time (user + system) in nanoseconds, or -1 if the process is gone. */
    static long cpuNanos(long pid) {
        try {
            return ticksToNanos(statTicks(Files.readString(Path.of("/proc", Long.toString(pid), "stat"))));
        } catch (IOException e) {
            return -1;
        }
    }

    /** utime + stime of one {@code stat} line (after the parenthesised command, which may contain spaces). */
    static long statTicks(String stat) {
        int close = stat.lastIndexOf(')');
        String[] f = stat.substring(close + 2).trim().split(" ");
        // f[0] is field 3 (state): utime is field 14, stime field 15.
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    static String statName(String stat) {
        return stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    }

    /** CPU nanoseconds per thread-name group of the process. */
    static Map<String, Long> threadCpuNanos(long pid) {
        Map<String, Long> out = new HashMap<>();
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(tasks)) {
            for (Path t : ds) {
                try {
                    String stat = Files.readString(t.resolve("stat"));
                    out.merge(group(statName(stat)), ticksToNanos(statTicks(stat)), Long::sum);
                } catch (NoSuchFileException gone) {
                    // thread ended while listing
                } catch (IOException | RuntimeException ignored) {
                    // unreadable task: skip
                }
            }
        } catch (IOException e) {
            return Map.of();
        }
        return out;
    }

    static String group(String threadName) {
        String g = threadName;
        for (int i = 0; i < 3; i++) {
            g = TRAILING_NUMBER.matcher(g).replaceFirst("");
        }
        return g.isEmpty() ? threadName : g;
    }

    /** Resident set size in bytes (VmRSS), or -1 if the process is gone. */
    static long rssBytes(long pid) {
        try {
            return vmRss(Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return -1;
        }
    }

    static long vmRss(List<String> status) {
        for (String line : status) {
            if (line.startsWith("VmRSS:")) {
                String[] f = line.substring(6).trim().split("\\s+");
                return Long.parseLong(f[0]) * 1024;
            }
        }
        return -1;
    }

    /** The {@code Udp:} counters of {@code /proc/net/snmp} (InDatagrams, InErrors, RcvbufErrors, ...). */
    static Map<String, Long> udp() {
        try {
            return snmp(Files.readAllLines(Path.of("/proc/net/snmp"), StandardCharsets.UTF_8), "Udp:");
        } catch (IOException e) {
            return Map.of();
        }
    }

    /** Parses the header line and the value line of one {@code /proc/net/snmp} protocol. */
    static Map<String, Long> snmp(List<String> lines, String protocol) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (int i = 0; i + 1 < lines.size(); i++) {
            if (lines.get(i).startsWith(protocol) && lines.get(i + 1).startsWith(protocol)) {
                String[] names =
                        lines.get(i).substring(protocol.length()).trim().split("\\s+");
                String[] values =
                        lines.get(i + 1).substring(protocol.length()).trim().split("\\s+");
                for (int k = 0; k < Math.min(names.length, values.length); k++) {
                    out.put(names[k], Long.parseLong(values[k]));
                }
                return out;
            }
        }
        return out;
    }

    /** {@code after - before} per key, keys of {@code after}. */
    static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> out = new TreeMap<>();
        after.forEach((k, v) -> out.put(k, v - before.getOrDefault(k, 0L)));
        return out;
    }

    private static long ticksToNanos(long ticks) {
        return ticks * (TimeUnit.SECONDS.toNanos(1) / clockTicks());
    }

    /** {@code getconf CLK_TCK} (USER_HZ), 100 on every mainstream Linux; read once. */
    static long clockTicks() {
        long t = clockTicks;
        if (t > 0) {
            return t;
        }
        t = 100;
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0 && out.matches("\\d+")) {
                t = Long.parseLong(out);
            }
        } catch (IOException e) {
            // keep 100
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        clockTicks = t;
        return t;
    }
}
