package io.rtcd.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.rtcd.service.client.RtcdClient;
import io.rtcd.service.client.RtcdClientException;
import io.rtcd.service.config.ConfigException;
import io.rtcd.service.config.ConfigLoader;
import io.rtcd.service.config.RtcdConfig;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code rtcd check}: the self-test an operator runs before going live (docs/operations.md "rtcd check"). One line
 * per check with a fix hint; exit 0 when nothing failed (warnings and skips allowed), 1 otherwise.
 */
@Command(
        name = "check",
        mixinStandardHelpOptions = true,
        description = "Self-test before going live: config, HTTP and WebSocket, ICE UDP/TCP ports (a STUN probe from"
                + " this process), advertised candidates, TLS certificate, clock. Exit 0 when no check failed.")
final class CheckCommand implements Callable<Integer> {
    @Mixin
    ServerOptions server;

    @Mixin
    Output out;

    @Option(
            names = "--set",
            paramLabel = "KEY=VALUE",
            description = "A setting the server runs with (as 'serve --set'), e.g. --set rtc.ice_port_udp=9443.")
    List<String> overrides = new ArrayList<>();

    @Option(
            names = "--timeout",
            paramLabel = "MILLIS",
            defaultValue = "2000",
            description = "How long each network probe waits (default: ${DEFAULT-VALUE} ms).")
    int timeoutMillis;

    @Override
    public Integer call() {
        List<CheckResult> results = new ArrayList<>();
        Optional<RtcdConfig> config = checkConfig(results);
        URI url = baseUrl(config);
        CheckProbes probes = new CheckProbes(url, java.time.Duration.ofMillis(Math.max(100, timeoutMillis)));
        boolean httpUp = probes.http(results);
        if (httpUp) {
            probes.clock(results);
            probes.webSocket(results);
        } else {
            results.add(CheckResult.skip("websocket", "not checked: HTTP is not reachable"));
            results.add(CheckResult.skip("clock", "not compared with the server: HTTP is not reachable"));
        }
        Optional<JsonNode> status = httpUp ? adminStatus(results) : Optional.empty();
        int udpPort = status.map(s -> s.path("media").path("udpPort").asInt())
                .orElse(config.map(c -> c.rtc().icePortUdp()).orElse(8443));
        int tcpPort = status.map(s -> s.path("media").path("tcpPort").asInt(-1))
                .orElse(config.map(c -> c.rtc().icePortTcp()).orElse(8443));
        config.ifPresent(c -> status.ifPresent(s -> results.addAll(CheckProbes.portsMatch(c, udpPort, tcpPort))));
        List<String> targets = CheckProbes.probeTargets(url, status);
        probes.iceUdp(results, targets, udpPort, httpUp);
        probes.iceTcp(results, targets, tcpPort);
        if (status.isPresent()) {
            results.add(CheckProbes.candidates(
                    status.get().path("media").path("candidates"),
                    config.map(c -> c.rtc().iceHostOverride()).orElse(""),
                    CheckProbes.localAddresses()));
        } else {
            results.add(CheckResult.skip(
                    "candidates",
                    "not checked: needs the admin status (set RTCD_ADMIN_SECRET or --admin-secret-file)"));
        }
        results.add(config.map(c -> CheckTls.check(c.api(), url.getHost(), java.time.Instant.now()))
                .orElse(CheckResult.skip("tls", "not checked: the config is not valid")));
        return report(results);
    }

    private Optional<RtcdConfig> checkConfig(List<CheckResult> results) {
        Optional<java.nio.file.Path> file = Optional.ofNullable(server.config);
        if (file.isEmpty() && java.nio.file.Files.isRegularFile(ServeCommand.DEFAULT_CONFIG)) {
            file = Optional.of(ServeCommand.DEFAULT_CONFIG);
            server.config = ServeCommand.DEFAULT_CONFIG;
        }
        String what = file.map(java.nio.file.Path::toString).orElse("embedded defaults");
        try {
            var loaded = ConfigLoader.load(file, System.getenv(), overrides);
            if (loaded.warnings().isEmpty()) {
                results.add(CheckResult.ok("config", what + " is valid"));
            } else {
                results.add(CheckResult.warn(
                        "config",
                        what + " is valid with warnings: " + String.join("; ", loaded.warnings()),
                        "remove or correct the keys named"));
            }
            return Optional.of(loaded.config());
        } catch (ConfigException e) {
            results.add(CheckResult.fail("config", e.getMessage(), "correct the keys named in " + what));
            return Optional.empty();
        }
    }

    /** {@code --url} or {@code $RTCD_URL}, else where the config says the server listens. */
    private URI baseUrl(Optional<RtcdConfig> config) {
        if (server.url != null || System.getenv("RTCD_URL") != null || config.isEmpty()) {
            return server.url();
        }
        String listen = config.get().api().listenAddress();
        int colon = listen.lastIndexOf(':');
        String host = colon <= 0 ? "" : listen.substring(0, colon);
        if (host.isEmpty() || host.equals("0.0.0.0") || host.equals("[::]") || host.equals("::")) {
            host = "localhost";
        }
        String scheme = config.get().api().tlsEnable() ? "https" : "http";
        return URI.create(scheme + "://" + host + ":" + listen.substring(colon + 1));
    }

    private Optional<JsonNode> adminStatus(List<CheckResult> results) {
        RtcdClient admin;
        try {
            admin = server.adminClient();
        } catch (CliException | ConfigException e) {
            results.add(CheckResult.skip(
                    "admin", "no admin secret: the running ports and candidates are taken from the config"));
            return Optional.empty();
        }
        try {
            JsonNode s = admin.call("GET", "/admin/status", null, 200);
            results.add(CheckResult.ok(
                    "admin",
                    "status of " + s.path("version").asText() + ", up "
                            + StatusCommand.uptime(s.path("uptimeSeconds").asLong())));
            return Optional.of(s);
        } catch (RtcdClientException e) {
            results.add(CheckResult.warn(
                    "admin",
                    "admin status refused: " + Main.oneLine(e),
                    "check the admin secret; api.security.enable_admin must be true"));
            return Optional.empty();
        }
    }

    private int report(List<CheckResult> results) {
        boolean failed = results.stream().anyMatch(r -> r.status() == CheckResult.Status.FAIL);
        List<Map<String, Object>> json = new ArrayList<>();
        StringBuilder human = new StringBuilder();
        for (CheckResult r : results) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("check", r.name());
            m.put("status", r.status().name().toLowerCase(java.util.Locale.ROOT));
            m.put("message", r.message());
            if (!r.fix().isEmpty()) {
                m.put("fix", r.fix());
            }
            json.add(m);
            human.append(r.line()).append('\n');
        }
        human.append(failed ? "FAILED: fix the lines marked FAIL" : "all checks passed");
        out.print(Map.of("ok", !failed, "checks", json), human.toString());
        return failed ? 1 : 0;
    }
}
