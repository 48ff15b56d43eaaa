package io.rtcd.bench.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders "collapsed" stacks (one line per distinct stack: {@code root;child;leaf <samples>}, as async-profiler's
 * {@code collapsed} output writes them) as a static flame graph SVG: the root at the bottom, each frame's width
 * proportional to its samples, children sorted by name, a tooltip ({@code <title>}) on every frame with its samples
 * and share. Colours by frame type from async-profiler's {@code ann} suffixes: Java (green, {@code _[j]} compiled,
 * {@code _[i]} interpreted, {@code _[0]} inlined), kernel ({@code _[k]}, orange), native/JVM (yellow-red).
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.rtcd.bench.load.FlameGraphSvg in.collapsed out.svg "title"}.
 */
public final class FlameGraphSvg {
    private static final Logger LOG = LoggerFactory.getLogger(FlameGraphSvg.class);
    private static final int WIDTH = 1200;
    private static final int FRAME = 16;
    private static final int PAD = 10;
    private static final int TOP = 46;
    private static final double MIN_WIDTH = 0.3;
    private static final double CHAR_WIDTH = 6.6;

    /** One frame of the merged tree. */
    static final class Node {
        final String name;
        final Map<String, Node> children = new LinkedHashMap<>();
        long samples;

        Node(String name) {
            this.name = name;
        }

        Node child(String n) {
            return children.computeIfAbsent(n, Node::new);
        }

        int depth() {
            int d = 0;
            for (Node c : children.values()) {
                d = Math.max(d, c.depth());
            }
            return d + 1;
        }
    }

    private FlameGraphSvg() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            LOG.error("usage: FlameGraphSvg <in.collapsed> <out.svg> [title]");
            System.exit(2);
            return;
        }
        List<String> lines = Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8);
        Node root = parse(lines);
        if (root.samples == 0) {
            LOG.error("no samples in {}", args[0]);
            System.exit(1);
            return;
        }
        String title = args.length > 2 ? args[2] : "Flame graph";
        Files.writeString(Path.of(args[1]), render(root, title), StandardCharsets.UTF_8);
        LOG.info("{}: {} samples, depth {}", args[1], root.samples, root.depth());
    }

    static Node parse(List<String> lines) {
        Node root = new Node("all");
        for (String line : lines) {
            int sp = line.lastIndexOf(' ');
            if (sp <= 0) {
                continue;
            }
            long n;
            try {
                n = Long.parseLong(line.substring(sp + 1).trim());
            } catch (NumberFormatException e) {
                continue;
            }
            root.samples += n;
            Node at = root;
            for (String frame : line.substring(0, sp).split(";")) {
                at = at.child(frame);
                at.samples += n;
            }
        }
        return root;
    }

    static String render(Node root, String title) {
        int depth = root.depth();
        int height = TOP + depth * FRAME + PAD * 3;
        StringBuilder sb = new StringBuilder(1 << 20);
        sb.append("<?xml version=\"1.0\" standalone=\"no\"?>\n")
                .append("<svg version=\"1.1\" width=\"")
                .append(WIDTH)
                .append("\" height=\"")
                .append(height)
                .append("\" viewBox=\"0 0 ")
                .append(WIDTH)
                .append(' ')
                .append(height)
                .append("\" xmlns=\"http://www.w3.org/2000/svg\">\n")
                .append("<style>text{font-family:Verdana,sans-serif;font-size:11px;fill:#000}"
                        + " rect{stroke:#fff;stroke-width:0.3} g:hover rect{stroke:#000;stroke-width:0.8}</style>\n")
                .append("<rect x=\"0\" y=\"0\" width=\"100%\" height=\"100%\" fill=\"#f8f8f0\"/>\n")
                .append("<text x=\"")
                .append(WIDTH / 2)
                .append("\" y=\"20\" text-anchor=\"middle\" style=\"font-size:16px\">")
                .append(escape(title))
                .append("</text>\n<text x=\"")
                .append(PAD)
                .append("\" y=\"38\">")
                .append(root.samples)
                .append(" samples; width = share of samples, hover a frame for its count</text>\n");
        double scale = (WIDTH - 2.0 * PAD) / root.samples;
        frame(sb, root, PAD, 0, scale, root.samples, height);
        sb.append("</svg>\n");
        return sb.toString();
    }

    private static void frame(StringBuilder sb, Node n, double x, int level, double scale, long total, int height) {
        double w = n.samples * scale;
        if (w < MIN_WIDTH) {
            return;
        }
        double y = height - PAD * 2 - (level + 1) * FRAME;
        String label = displayName(n.name);
        sb.append("<g><title>")
                .append(escape(label))
                .append(" (")
                .append(n.samples)
                .append(" samples, ")
                .append(String.format(Locale.ROOT, "%.2f", 100.0 * n.samples / total))
                .append(" %)</title><rect x=\"")
                .append(fmt(x))
                .append("\" y=\"")
                .append(fmt(y))
                .append("\" width=\"")
                .append(fmt(w))
                .append("\" height=\"")
                .append(FRAME - 1)
                .append("\" fill=\"")
                .append(colour(n.name))
                .append("\" rx=\"2\"/>");
        int chars = (int) ((w - 6) / CHAR_WIDTH);
        if (chars >= 3) {
            String text = label.length() <= chars ? label : label.substring(0, chars - 2) + "..";
            sb.append("<text x=\"")
                    .append(fmt(x + 3))
                    .append("\" y=\"")
                    .append(fmt(y + FRAME - 4))
                    .append("\">")
                    .append(escape(text))
                    .append("</text>");
        }
        sb.append("</g>\n");
        List<Node> kids = new ArrayList<>(n.children.values());
        kids.sort((a, b) -> a.name.compareTo(b.name));
        double cx = x;
        for (Node c : kids) {
            frame(sb, c, cx, level + 1, scale, total, height);
            cx += c.samples * scale;
        }
    }

    static String displayName(String frame) {
        int ann = frame.lastIndexOf("_[");
        return ann > 0 && frame.endsWith("]") ? frame.substring(0, ann) : frame;
    }

    /** Stable colour per frame: hue family by type, shade by name hash. */
    static String colour(String frame) {
        int h = Math.abs(frame.hashCode() % 50);
        if (frame.endsWith("_[k]")) {
            return rgb(230, 140 + h, 40);
        }
        if (frame.endsWith("_[j]")
                || frame.endsWith("_[i]")
                || frame.endsWith("_[0]")
                || frame.endsWith("_[1]")
                || frame.contains("/")
                || frame.contains(".")) {
            return rgb(60 + h, 190 + h / 2, 60 + h);
        }
        return rgb(225 + h / 2, 90 + 2 * h, 50);
    }

    private static String rgb(int r, int g, int b) {
        return "rgb(" + Math.min(255, r) + "," + Math.min(255, g) + "," + Math.min(255, b) + ")";
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
