package io.rtcd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the README's "Make a call in one minute" block as written, with bash, against the built jar: the ports are
 * moved to free ones (the block's {@code 8045} and the media ports) so the test does not collide with a server
 * someone runs; then the printed invites must open the browser face's socket.
 */
class ReadmeIT {
    @TempDir
    Path dir;

    @Test
    void makeACallInOneMinuteWorksAsWritten() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        Matcher section = Pattern.compile("(?s)## Make a call in one minute.*?```sh\n(.*?)```")
                .matcher(readme);
        assertTrue(section.find(), "README has the 'Make a call in one minute' block");
        int http = freeTcpPort();
        int media = freeMediaPort();
        String block = section.group(1).replace("8045", Integer.toString(http));
        Path jar = Path.of("target", "rtcd.jar").toAbsolutePath();
        // ./rtcd as the launcher runs it, without the build step (the jar is this build's).
        Path launcher = Files.writeString(
                dir.resolve("rtcd"),
                "#!/usr/bin/env bash\nexec '" + Path.of(System.getProperty("java.home"), "bin", "java")
                        + "' --add-opens java.base/sun.nio.ch=ALL-UNNAMED"
                        + " --add-opens java.base/com.sun.crypto.provider=ALL-UNNAMED --enable-native-access=ALL-UNNAMED"
                        + " -jar '" + jar + "' \"$@\"\n");
        assertTrue(launcher.toFile().setExecutable(true));
        Path script =
                Files.writeString(dir.resolve("readme.sh"), "set -euo pipefail\n" + block + "kill %1\nwait || true\n");
        ProcessBuilder pb = new ProcessBuilder("bash", script.toString())
                .directory(dir.toFile())
                .redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("RTCD_"));
        pb.environment().put("RTCD_URL", "http://localhost:" + http);
        pb.environment().put("RTCD_RTC_ICEPORTUDP", Integer.toString(media));
        pb.environment().put("RTCD_RTC_ICEPORTTCP", Integer.toString(media));
        pb.environment().put("RTCD_API_HTTP_LISTENADDRESS", ":" + http);
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        List<String> invites = out.lines()
                .filter(l -> l.startsWith("invite  http://localhost:" + http + "/#token="))
                .toList();
        assertEquals(2, invites.size(), out);
        assertTrue(out.contains("rtcd started"), out);
        assertTrue(out.contains("rtcd stopped"), "kill %1 stops the server: " + out);
    }

    @Test
    void theInvitesOpenTheCall() throws Exception {
        // The same commands' invite against a running server: the token in the link is accepted by the page's socket.
        try (var server = new java.io.Closeable() {
            final io.rtcd.service.RtcdService s =
                    new io.rtcd.service.RtcdService(io.rtcd.service.config.RtcdConfig.defaults()
                            .withApi(new io.rtcd.api.ApiConfig("127.0.0.1:0", false, "", ""))
                            .withAuth(new io.rtcd.auth.AuthConfig(true, "change-me-now", false, 1440))
                            .withRtc(io.rtcd.rtc.sfu.RtcConfig.loopback())
                            .withStore(new io.rtcd.store.StoreConfig(dir.resolve("data/rtcd.db"))));

            @Override
            public void close() {
                s.close();
            }
        }) {
            server.s.start();
            String url = "http://localhost:" + server.s.port();
            Path secret = Files.writeString(dir.resolve("secret"), "change-me-now");
            CliIT.Result alice = CliIT.rtcd(
                    "tokens", "create", "demo", "alice", "--url", url, "--admin-secret-file", secret.toString());
            assertEquals(0, alice.exit(), alice.err());
            String invite = alice.out()
                    .lines()
                    .filter(l -> l.startsWith("invite  "))
                    .findFirst()
                    .orElseThrow()
                    .substring("invite  ".length());
            String token = invite.substring(invite.indexOf("#token=") + "#token=".length());
            WebSocket ws = HttpClient.newHttpClient()
                    .newWebSocketBuilder()
                    .buildAsync(
                            URI.create("ws://localhost:" + server.s.port() + "/realtime/connect/demo?token=" + token),
                            new WebSocket.Listener() {})
                    .get(10, TimeUnit.SECONDS);
            ws.abort();
        }
    }

    private static int freeTcpPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** A port free for both UDP and TCP, in rtc.ice_port_*'s range (80..49151). */
    private static int freeMediaPort() throws IOException {
        Random random = new Random();
        for (int i = 0; i < 100; i++) {
            int port = 20000 + random.nextInt(29000);
            try (DatagramSocket u = new DatagramSocket(port);
                    ServerSocket t = new ServerSocket(port)) {
                return port;
            } catch (IOException e) {
                // taken, try another
            }
        }
        throw new IOException("no free media port");
    }
}
