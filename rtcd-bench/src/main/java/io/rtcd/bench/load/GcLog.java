package io.rtcd.bench.load;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the server's unified GC log ({@code -Xlog:gc:file=...}) between two byte offsets taken at the edges of the
 * measured window: every stop-the-world pause line ({@code GC(12) Pause Young (Normal) (G1 Evacuation Pause)
 * 24M->5M(256M) 3.456ms}, also Remark, Cleanup, Full) gives its duration; the last {@code before->after(committed)}
 * gives the heap after a collection.
 */
final class GcLog {
    private static final Pattern PAUSE =
            Pattern.compile("\\bPause\\b.*?(?:(\\d+)M->(\\d+)M\\((\\d+)M\\))?\\s+([0-9.]+)ms\\s*$");

    private static final Pattern COLLECTOR = Pattern.compile("\\bUsing (\\S+)");

    /** Pauses in a stretch of the log. {@code lastHeapAfterMiB} is -1 if no line carried heap sizes. */
    record Pauses(int count, double totalMillis, double maxMillis, long lastHeapAfterMiB, List<String> longest) {}

    private GcLog() {}

    /** The collector named by the log's {@code Using G1} line, or "unknown". */
    static String collector(Path log) {
        try (var lines = Files.lines(log, StandardCharsets.UTF_8)) {
            return lines.limit(200)
                    .map(l -> COLLECTOR.matcher(l))
                    .filter(Matcher::find)
                    .map(m -> m.group(1))
                    .findFirst()
                    .orElse("unknown");
        } catch (IOException | java.io.UncheckedIOException e) {
            return "unknown";
        }
    }

    /** Current size of the log file (0 if absent). */
    static long offset(Path log) {
        try {
            return Files.size(log);
        } catch (IOException e) {
            return 0;
        }
    }

    static Pauses read(Path log, long from, long to) {
        if (to <= from) {
            return parse(List.of());
        }
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            byte[] b = new byte[(int) Math.min(64L << 20, to - from)];
            f.seek(from);
            f.readFully(b);
            return parse(List.of(new String(b, StandardCharsets.UTF_8).split("\n")));
        } catch (IOException e) {
            return parse(List.of());
        }
    }

    static Pauses parse(List<String> lines) {
        int count = 0;
        double total = 0;
        double max = 0;
        long heapAfter = -1;
        String longest = null;
        for (String line : lines) {
            Matcher m = PAUSE.matcher(line);
            if (!m.find()) {
                continue;
            }
            double ms = Double.parseDouble(m.group(4));
            count++;
            total += ms;
            if (ms > max) {
                max = ms;
                longest = line.trim();
            }
            if (m.group(2) != null) {
                heapAfter = Long.parseLong(m.group(2));
            }
        }
        List<String> l = new ArrayList<>();
        if (longest != null) {
            l.add(longest);
        }
        return new Pauses(count, total, max, heapAfter, l);
    }
}
