package io.rtcd.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.rtcd.service.BuildInfo;
import io.rtcd.service.config.RtcdConfig;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The network probes of {@code rtcd check}, made from this process as a client would.
 *
 * <p>The ICE UDP probe: rtcd is ICE-lite and answers only Binding requests that carry a session's ufrag and
 * MESSAGE-INTEGRITY, so a probe gets no answer. It sends a Binding request (RFC 8489 §6) with the USERNAME {@code
 * rtcdcheck<random>:probe}; rtcd drops it silently and counts it in {@code
 * rtcd_rtc_transport_dropped_packets_total{reason="stun_unknown_ufrag"}} (docs/operations.md "rtcd check"). The probe
 * reads that counter from {@code /metrics} before and after: an increase proves the datagram reached rtcd's socket.
 */
final class CheckProbes {
    private static final Pattern STUN_DROPS =
            Pattern.compile("(?m)^rtcd_rtc_transport_dropped_packets_total\\{reason=\"stun_[a-z_]+\"\\} ([0-9.eE+]+)$");
    /** Join tokens allow 30 s of clock skew (docs/protocol.md "Minting tokens"). */
    static final Duration MAX_SKEW = Duration.ofSeconds(30);

    private final URI base;
    private final Duration timeout;
    private final HttpClient http;

    CheckProbes(URI base, Duration timeout) {
        this.base = base;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    boolean http(List<CheckResult> results) {
        try {
            HttpResponse<String> r = get("/healthz");
            if (r.statusCode() == 200) {
                results.add(CheckResult.ok("http", base + " answers /healthz"));
                return true;
            }
            results.add(CheckResult.fail(
                    "http",
                    base + "/healthz answered HTTP " + r.statusCode()
                            + (r.statusCode() == 503 ? " (draining: shutting down)" : ""),
                    "is this rtcd? check --url and api.http.listen_address"));
        } catch (IOException e) {
            results.add(CheckResult.fail(
                    "http",
                    "cannot reach " + base + ": " + reason(e),
                    "start it (./rtcd serve), open the port, or pass --url / set api.http.listen_address"));
        }
        return false;
    }

    void clock(List<CheckResult> results) {
        Instant local = Instant.now();
        Optional<Instant> built = parseInstant(BuildInfo.load().buildDate());
        if (built.isPresent() && local.isBefore(built.get().minus(Duration.ofDays(1)))) {
            results.add(CheckResult.fail(
                    "clock", "this machine's clock (" + local + ") is before this build", "set the clock; enable NTP"));
            return;
        }
        try {
            HttpResponse<String> r = get("/healthz");
            Optional<String> date = r.headers().firstValue("Date");
            if (date.isEmpty()) {
                results.add(CheckResult.warn("clock", "the server sent no Date header", "nothing to compare"));
                return;
            }
            Instant server = ZonedDateTime.parse(date.get(), DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant();
            Duration skew = Duration.between(server, Instant.now()).abs();
            if (skew.compareTo(MAX_SKEW) > 0) {
                results.add(CheckResult.fail(
                        "clock",
                        "server and this machine differ by " + skew.toSeconds() + " s: join tokens would be refused",
                        "enable NTP on both (timedatectl set-ntp true)"));
            } else {
                results.add(CheckResult.ok(
                        "clock",
                        "server and local clocks agree within " + Math.max(1, skew.toSeconds()) + " s (tokens allow "
                                + MAX_SKEW.toSeconds() + " s)"));
            }
        } catch (IOException | RuntimeException e) {
            results.add(CheckResult.warn("clock", "could not read the server's time", "compare the clocks by hand"));
        }
    }

    /** A WebSocket upgrade to {@code /ws} without credentials must reach rtcd and be refused with 401. */
    void webSocket(List<CheckResult> results) {
        String scheme = base.getScheme().equals("https") ? "wss" : "ws";
        URI ws = URI.create(scheme + "://" + base.getRawAuthority() + "/ws");
        try {
            http.newWebSocketBuilder()
                    .connectTimeout(timeout)
                    .buildAsync(ws, new java.net.http.WebSocket.Listener() {})
                    .get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS)
                    .abort();
            results.add(CheckResult.fail(
                    "websocket", ws + " accepted an upgrade without credentials", "is this rtcd? check --url"));
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException h
                    && h.getResponse().statusCode() == 401) {
                results.add(CheckResult.ok("websocket", ws + " answers upgrades (401 without credentials)"));
            } else if (e.getCause() instanceof WebSocketHandshakeException h) {
                results.add(CheckResult.fail(
                        "websocket",
                        ws + " answered the upgrade with HTTP "
                                + h.getResponse().statusCode(),
                        "a proxy in front must pass WebSocket upgrades (Upgrade/Connection headers) to rtcd"));
            } else {
                results.add(CheckResult.fail(
                        "websocket",
                        "upgrade to " + ws + " failed: " + reason(e.getCause()),
                        "a proxy in front must pass WebSocket upgrades to rtcd"));
            }
        } catch (java.util.concurrent.TimeoutException e) {
            results.add(CheckResult.fail("websocket", "no answer to an upgrade at " + ws, "check the proxy in front"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            results.add(CheckResult.fail("websocket", "interrupted", ""));
        }
    }

    /** The addresses to probe the media ports at: the advertised candidates that are this machine's, else the host. */
    static List<String> probeTargets(URI base, Optional<JsonNode> status) {
        Set<String> local = localAddresses();
        Set<String> targets = new LinkedHashSet<>();
        status.ifPresent(s -> s.path("media").path("candidates").forEach(c -> {
            String a = c.path("address").asText();
            if (local.contains(a)) {
                targets.add(a);
            }
        }));
        if (targets.isEmpty()) {
            targets.add(base.getHost());
        }
        return List.copyOf(targets);
    }

    void iceUdp(List<CheckResult> results, List<String> targets, int port, boolean metrics) {
        if (port <= 0) {
            results.add(CheckResult.skip("ice-udp", "port " + port + " is chosen at start: run with the admin status"));
            return;
        }
        List<String> silent = new ArrayList<>();
        List<String> reached = new ArrayList<>();
        for (String host : targets) {
            String where = host + ":" + port;
            try (DatagramSocket s = new DatagramSocket()) {
                InetSocketAddress to = new InetSocketAddress(InetAddress.getByName(host), port);
                if (!metrics) {
                    s.send(stunProbe(to));
                    silent.add(where);
                    continue;
                }
                double before = stunDrops();
                boolean arrived = false;
                long deadline = System.nanoTime() + timeout.toNanos();
                while (!arrived && System.nanoTime() < deadline) {
                    s.send(stunProbe(to));
                    Thread.sleep(100);
                    arrived = stunDrops() > before;
                }
                (arrived ? reached : silent).add(where);
            } catch (IOException e) {
                silent.add(where + " (" + reason(e) + ")");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (!metrics) {
            results.add(CheckResult.warn(
                    "ice-udp",
                    "sent a STUN probe to " + String.join(", ", silent)
                            + " but cannot confirm it arrived (no /metrics)",
                    "make HTTP reachable to confirm"));
        } else if (silent.isEmpty()) {
            results.add(CheckResult.ok(
                    "ice-udp", "a STUN Binding request to " + String.join(", ", reached) + " reached rtcd"));
        } else {
            results.add(CheckResult.fail(
                    "ice-udp",
                    "a STUN Binding request to " + String.join(", ", silent) + " did not reach rtcd",
                    "rtc.ice_port_udp must be the port rtcd bound and UDP " + port
                            + " open in the firewall; another process may hold it"));
        }
    }

    void iceTcp(List<CheckResult> results, List<String> targets, int port) {
        if (port < 0) {
            results.add(CheckResult.skip(
                    "ice-tcp",
                    "off (rtc.ice_port_tcp = -1): clients behind UDP-blocking" + " firewalls cannot connect"));
            return;
        }
        if (port == 0) {
            results.add(CheckResult.skip("ice-tcp", "port 0 is chosen at start: run with the admin status"));
            return;
        }
        List<String> refused = new ArrayList<>();
        for (String host : targets) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getByName(host), port), (int) timeout.toMillis());
            } catch (IOException e) {
                refused.add(host + ":" + port + " (" + reason(e) + ")");
            }
        }
        if (refused.isEmpty()) {
            results.add(CheckResult.ok(
                    "ice-tcp",
                    "TCP "
                            + String.join(
                                    ", ",
                                    targets.stream().map(h -> h + ":" + port).toList()) + " accepts connections"));
        } else {
            results.add(CheckResult.fail(
                    "ice-tcp",
                    "cannot connect to " + String.join(", ", refused),
                    "rtc.ice_port_tcp must be the port rtcd bound and TCP " + port + " open in the firewall"));
        }
    }

    /** The config this check was given against the ports the running server bound (0 = chosen at start). */
    static List<CheckResult> portsMatch(RtcdConfig config, int udpPort, int tcpPort) {
        List<CheckResult> out = new ArrayList<>();
        int wantUdp = config.rtc().icePortUdp();
        int wantTcp = config.rtc().icePortTcp();
        if ((wantUdp != 0 && wantUdp != udpPort) || (wantTcp > 0 && wantTcp != tcpPort)) {
            out.add(CheckResult.warn(
                    "ports",
                    "the running server uses UDP " + udpPort + ", TCP " + tcpPort + " but the config says UDP "
                            + wantUdp + ", TCP " + wantTcp,
                    "it runs with another config: restart it with this one, or check the one it uses"));
        }
        return out;
    }

    /** The advertised host candidates against this machine's addresses and {@code rtc.ice_host_override}. */
    static CheckResult candidates(JsonNode candidates, String hostOverride, Set<String> local) {
        Set<String> overrides = overrideAddresses(hostOverride);
        Set<String> advertised = new LinkedHashSet<>();
        List<String> stale = new ArrayList<>();
        boolean routable = false;
        for (JsonNode c : candidates) {
            String a = c.path("address").asText();
            advertised.add(a);
            boolean mine = local.contains(a);
            if (!mine && !overrides.contains(a)) {
                stale.add(a);
            }
            routable |= !isLoopback(a);
        }
        if (advertised.isEmpty()) {
            return CheckResult.fail(
                    "candidates",
                    "the server advertises no host candidate: no browser can connect",
                    "set rtc.ice_host_override to the address browsers reach, or rtc.allow_loopback for a local try");
        }
        if (!stale.isEmpty()) {
            return CheckResult.fail(
                    "candidates",
                    "advertised " + stale + " is neither an address of this machine nor in rtc.ice_host_override"
                            + (hostOverride.isEmpty() ? "" : " (" + hostOverride + ")"),
                    "correct rtc.ice_host_override, or run check on the server's machine");
        }
        if (!routable) {
            return CheckResult.warn(
                    "candidates",
                    "only loopback " + advertised + " is advertised: browsers on other machines cannot connect",
                    "set rtc.ice_host_override to the address browsers reach");
        }
        return CheckResult.ok(
                "candidates",
                "advertised " + advertised
                        + (overrides.isEmpty() ? " (this machine's addresses)" : " (with the override)"));
    }

    private static Set<String> overrideAddresses(String hostOverride) {
        Set<String> out = new LinkedHashSet<>();
        for (String part : hostOverride.split(",")) {
            String p = part.strip();
            if (p.isEmpty()) {
                continue;
            }
            String ext = p.contains("/") ? p.substring(0, p.indexOf('/')) : p;
            try {
                for (InetAddress a : InetAddress.getAllByName(ext)) {
                    out.add(a.getHostAddress());
                }
            } catch (IOException e) {
                out.add(ext);
            }
        }
        return out;
    }

    static Set<String> localAddresses() {
        Set<String> out = new LinkedHashSet<>();
        try {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                    String s = a.getHostAddress();
                    int zone = s.indexOf('%');
                    out.add(zone >= 0 ? s.substring(0, zone) : s);
                }
            }
        } catch (IOException e) {
            // no interface list: every candidate will be reported as not this machine's
        }
        return out;
    }

    private static boolean isLoopback(String address) {
        return address.startsWith("127.") || address.equals("::1") || address.equals("0:0:0:0:0:0:0:1");
    }

    /** A STUN Binding request (RFC 8489 §5, §14.3 USERNAME) with an unknown ufrag: counted and dropped by rtcd. */
    static DatagramPacket stunProbe(InetSocketAddress to) {
        byte[] random = new byte[12];
        new SecureRandom().nextBytes(random);
        byte[] user =
                ("rtcdcheck" + HexFormat.of().formatHex(random, 0, 4) + ":probe").getBytes(StandardCharsets.UTF_8);
        int padded = (user.length + 3) & ~3;
        ByteBuffer b = ByteBuffer.allocate(20 + 4 + padded);
        b.putShort((short) 0x0001)
                .putShort((short) (4 + padded))
                .putInt(0x2112A442)
                .put(random);
        b.putShort((short) 0x0006).putShort((short) user.length).put(user);
        return new DatagramPacket(b.array(), b.capacity(), to);
    }

    private double stunDrops() throws IOException, InterruptedException {
        HttpResponse<String> r = get("/metrics");
        double sum = 0;
        Matcher m = STUN_DROPS.matcher(r.body());
        while (m.find()) {
            sum += Double.parseDouble(m.group(1));
        }
        return sum;
    }

    private HttpResponse<String> get(String path) throws IOException {
        try {
            return http.send(
                    HttpRequest.newBuilder(base.resolve(path))
                            .timeout(timeout)
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static Optional<Instant> parseInstant(String s) {
        try {
            return Optional.of(Instant.parse(s));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    static String reason(Throwable e) {
        Throwable t = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof java.net.ConnectException) {
                return "connection refused";
            }
            if (c instanceof java.net.SocketTimeoutException || c instanceof java.net.http.HttpTimeoutException) {
                return "timed out";
            }
            if (c instanceof java.net.UnknownHostException) {
                return "unknown host";
            }
        }
        String msg = t.getMessage();
        return msg == null || msg.isBlank() ? "failed" : msg.lines().findFirst().orElse("failed");
    }
}
