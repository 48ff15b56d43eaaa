package io.rtcd.bench.load;

import io.rtcd.rtc.transport.srtp.SrtpProfile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Validated options of {@link ServerLoad}, parsed from {@code key=value} arguments.
 *
 * @param publishers participants that publish (audio, plus video with {@code video=true}), 1..50
 * @param subscribers listeners that publish nothing, 0..1000
 * @param video publishers also send a VP8-like stream ({@code video=true})
 * @param steadySeconds measured window, 1..600 ({@code steady=})
 * @param settleSeconds wait after the last join before the window opens, 0..60 ({@code settle=}, default 30: the
 *     server's JIT is still compiling what the joins and the per-session timers made hot - DTLS, JSON, RTCP, consent
 *     - for tens of seconds after the last join: C2 took ~1 CPU-s of a 20 s window at 1 -> 400 with 2 s of settling,
 *     0.55-0.6 with 10 s, 0.23 with 30 s)
 * @param joinRate joins started per second, 1..1000 ({@code join_rate=})
 * @param joinConcurrency joins in flight at most, 1..256 ({@code join_concurrency=})
 * @param warmup listeners that join, get media and leave before anything is measured, 0..50 ({@code warmup=})
 * @param pps audio packets per second per publisher, 1..1000 ({@code pps=}; Opus at 20 ms is 50)
 * @param payload audio payload bytes, 32..1200 ({@code payload=})
 * @param videoFps video frames per second, 1..60 ({@code video_fps=})
 * @param videoPacket video packet payload bytes, 100..1200 ({@code video_packet=})
 * @param videoPacketsPerFrame packets of a delta frame, 1..20 ({@code video_ppf=}; a keyframe every 2 s has 3×)
 * @param profile SRTP profile the peers offer ({@code profile=gcm|cm})
 * @param jar the shaded server jar ({@code jar=}, default {@code cli/target/rtcd.jar})
 * @param out run directory for server logs ({@code out=}, default {@code rtcd-bench/target/load/<label>})
 * @param label name of the run in the report ({@code label=})
 * @param serverJvm extra JVM flags for the server, space separated ({@code server_jvm=})
 * @param serverSettings extra {@code --set key=value} for the server, comma separated ({@code server_set=})
 * @param profiler async-profiler's {@code libasyncProfiler.so} to profile the server over the window, or null
 *     ({@code profiler=})
 * @param profilerEvent {@code cpu}, {@code itimer} or {@code wall} ({@code profiler_event=}, default cpu)
 * @param profilerOut collapsed stacks written at the end of the window ({@code profiler_out=}, default
 *     {@code <out>/profile.collapsed})
 * @param timeoutSeconds hard bound on the whole run, 10..3600 ({@code timeout=}, default computed)
 * @param receivers selector threads reading the peers' sockets, 1..16 ({@code receivers=}, default 1)
 * @param presence listeners subscribe to the cospace's presence channel like a browser page ({@code presence=},
 *     default true); {@code false} connects with an empty {@code ?channels=}, to tell the presence fan-out's share
 *     of the join cost
 * @param gcBeforeWindow collect the joins' garbage ({@code jcmd GC.run}) at the end of the settle time, so that a
 *     young collection owed to the ramp does not land in the window ({@code gc_before_window=}, default true; the
 *     window then shows the steady state's own collections, which at ~0.2-0.5 MB/s are rare)
 * @param spinMicros how long a receiver polls after a datagram before it sleeps in epoll, 0..5000 ({@code
 *     spin_us=}, default 200; 0 = never poll)
 * @param rtcp what the peers send back about the media they receive: receiver reports, NACKs, REMB ({@code rtcp=},
 *     default true; {@code rtcp_interval_ms=}, default 0 = Chromium's intervals; {@code rx_loss=}, simulated loss of
 *     received video per 1000, default 0), see {@link RtcpOptions}
 * @param face the signalling face the peers join through ({@code face=}): {@code browser} (default: a join token and
 *     a {@code /realtime/connect} socket per peer), {@code ws} (a registered client's {@code /ws} socket per peer, as
 *     one plugin node per user would) or {@code ws_mux} (every session on one {@code /ws} socket, as one plugin node
 *     does); docs/protocol.md
 * @param wsBearer {@code /ws} sockets authenticate with a bearer token from {@code /login} instead of Basic
 *     ({@code ws_auth=bearer|basic}, default basic)
 */
record LoadOptions(
        int publishers,
        int subscribers,
        boolean video,
        int steadySeconds,
        int settleSeconds,
        int joinRate,
        int joinConcurrency,
        int warmup,
        int pps,
        int payload,
        int videoFps,
        int videoPacket,
        int videoPacketsPerFrame,
        SrtpProfile profile,
        Path jar,
        Path out,
        String label,
        List<String> serverJvm,
        List<String> serverSettings,
        Path profiler,
        String profilerEvent,
        Path profilerOut,
        int timeoutSeconds,
        int receivers,
        int spinMicros,
        boolean presence,
        boolean gcBeforeWindow,
        RtcpOptions rtcp,
        Face face,
        boolean wsBearer) {

    /** How the peers signal (docs/protocol.md). */
    enum Face {
        BROWSER,
        WS,
        WS_MUX;

        static Face parse(String v) {
            return switch (v) {
                case "browser" -> BROWSER;
                case "ws" -> WS;
                case "ws_mux" -> WS_MUX;
                default -> throw new IllegalArgumentException("face must be browser, ws or ws_mux, got '" + v + "'");
            };
        }
    }

    static final int DEFAULT_SETTLE = 30;

    static final Set<String> KEYS = new LinkedHashSet<>(List.of(
            "publishers",
            "subscribers",
            "video",
            "steady",
            "settle",
            "join_rate",
            "join_concurrency",
            "warmup",
            "pps",
            "payload",
            "video_fps",
            "video_packet",
            "video_ppf",
            "profile",
            "jar",
            "out",
            "label",
            "server_jvm",
            "server_set",
            "profiler",
            "profiler_event",
            "presence",
            "gc_before_window",
            "profiler_out",
            "timeout",
            "receivers",
            "spin_us",
            "rtcp",
            "rtcp_interval_ms",
            "rx_loss",
            "face",
            "ws_auth"));

    LoadOptions {
        range("publishers", publishers, 1, 50);
        range("subscribers", subscribers, 0, 1000);
        range("steady", steadySeconds, 1, 600);
        range("settle", settleSeconds, 0, 60);
        range("join_rate", joinRate, 1, 1000);
        range("join_concurrency", joinConcurrency, 1, 256);
        range("warmup", warmup, 0, 50);
        range("pps", pps, 1, 1000);
        range("payload", payload, 32, 1200);
        range("video_fps", videoFps, 1, 60);
        range("video_packet", videoPacket, 100, 1200);
        range("video_ppf", videoPacketsPerFrame, 1, 20);
        range("timeout", timeoutSeconds, 10, 3600);
        range("receivers", receivers, 1, 16);
        range("spin_us", spinMicros, 0, 5000);
        if (!label.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw new IllegalArgumentException("label must be 1-64 of [A-Za-z0-9_.-], got '" + label + "'");
        }
        serverJvm = List.copyOf(serverJvm);
        serverSettings = List.copyOf(serverSettings);
    }

    int peers() {
        return publishers + subscribers;
    }

    static LoadOptions parse(String[] args) {
        Map<String, String> kv = new HashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("argument must be key=value, got '" + a + "'");
            }
            String key = a.substring(0, eq);
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("unknown option '" + key + "'; known: " + KEYS);
            }
            kv.put(key, a.substring(eq + 1));
        }
        int publishers = integer(kv, "publishers", 1);
        int subscribers = integer(kv, "subscribers", 10);
        boolean video = bool(kv, "video");
        int steady = integer(kv, "steady", 20);
        int joinRate = integer(kv, "join_rate", 100);
        int peers = publishers + subscribers;
        // Server start, warm-up and teardown (slow on a loaded machine), the joins at the configured rate with a 4x
        // margin, the settle time and the window.
        int dflt = 210 + 4 * (peers / joinRate + 1) + integer(kv, "settle", DEFAULT_SETTLE) + 2 * steady;
        String label = kv.getOrDefault("label", publishers + "to" + subscribers + (video ? "-video" : ""));
        return new LoadOptions(
                publishers,
                subscribers,
                video,
                steady,
                integer(kv, "settle", DEFAULT_SETTLE),
                joinRate,
                integer(kv, "join_concurrency", 16),
                integer(kv, "warmup", 3),
                integer(kv, "pps", 50),
                integer(kv, "payload", 80),
                integer(kv, "video_fps", 30),
                integer(kv, "video_packet", 1100),
                integer(kv, "video_ppf", 3),
                profile(kv.getOrDefault("profile", "gcm")),
                Path.of(kv.getOrDefault("jar", "cli/target/rtcd.jar")),
                Path.of(kv.getOrDefault("out", "rtcd-bench/target/load/" + label)),
                label,
                split(kv.getOrDefault("server_jvm", ""), " "),
                split(kv.getOrDefault("server_set", ""), ","),
                kv.containsKey("profiler") ? Path.of(kv.get("profiler")) : null,
                kv.getOrDefault("profiler_event", "cpu"),
                Path.of(kv.getOrDefault(
                        "profiler_out",
                        kv.getOrDefault("out", "rtcd-bench/target/load/" + label) + "/profile.collapsed")),
                integer(kv, "timeout", dflt),
                integer(kv, "receivers", 1),
                integer(kv, "spin_us", 200),
                !kv.containsKey("presence") || bool(kv, "presence"),
                !kv.containsKey("gc_before_window") || bool(kv, "gc_before_window"),
                new RtcpOptions(
                        !kv.containsKey("rtcp") || bool(kv, "rtcp"),
                        TimeUnit.MILLISECONDS.toNanos(integer(kv, "rtcp_interval_ms", 0)),
                        integer(kv, "rx_loss", 0)),
                Face.parse(kv.getOrDefault("face", "browser")),
                wsAuth(kv.getOrDefault("ws_auth", "basic")));
    }

    private static List<String> split(String v, String sep) {
        List<String> out = new ArrayList<>();
        Arrays.stream(v.split(sep)).map(String::trim).filter(s -> !s.isEmpty()).forEach(out::add);
        return out;
    }

    private static boolean bool(Map<String, String> kv, String key) {
        String v = kv.getOrDefault(key, "false");
        return switch (v) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw new IllegalArgumentException(key + " must be true or false, got '" + v + "'");
        };
    }

    private static int integer(Map<String, String> kv, String key, int dflt) {
        String v = kv.get(key);
        if (v == null) {
            return dflt;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be an integer, got '" + v + "'", e);
        }
    }

    private static boolean wsAuth(String v) {
        return switch (v) {
            case "bearer" -> true;
            case "basic" -> false;
            default -> throw new IllegalArgumentException("ws_auth must be basic or bearer, got '" + v + "'");
        };
    }

    private static SrtpProfile profile(String v) {
        return switch (v) {
            case "gcm" -> SrtpProfile.AEAD_AES_128_GCM;
            case "cm" -> SrtpProfile.AES128_CM_HMAC_SHA1_80;
            default -> throw new IllegalArgumentException("profile must be gcm or cm, got '" + v + "'");
        };
    }

    private static void range(String key, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(key + " must be in [" + min + ", " + max + "], got " + value);
        }
    }

    String profileName() {
        return profile == SrtpProfile.AEAD_AES_128_GCM ? "gcm" : "cm";
    }
}
