package io.rtcd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rtcd.api.ApiConfig;
import io.rtcd.auth.AuthConfig;
import io.rtcd.rtc.sfu.RtcConfig;
import io.rtcd.service.RtcdService;
import io.rtcd.service.client.RtcdClient;
import io.rtcd.service.client.RtcdClientException;
import io.rtcd.service.config.RtcdConfig;
import io.rtcd.store.StoreConfig;
import io.rtcd.ws.Join;
import io.rtcd.ws.WsClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each CLI command against a real running server, including the failure exits. */
class CliIT {
    private static final String SECRET = "cli-admin-secret";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    static RtcdService server;
    static String url;
    static Path secretFile;

    @BeforeAll
    static void start() throws Exception {
        RtcdConfig config = RtcdConfig.defaults()
                .withApi(new ApiConfig("127.0.0.1:0", false, "", ""))
                .withAuth(new AuthConfig(true, SECRET, false, 1440))
                .withRtc(RtcConfig.loopback().withTcp("127.0.0.1", 0))
                .withStore(new StoreConfig(dir.resolve("data/rtcd.db")));
        server = new RtcdService(config);
        server.start();
        url = "http://127.0.0.1:" + server.port();
        secretFile = Files.writeString(dir.resolve("secret"), SECRET + "\n");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    record Result(int exit, String out, String err) {}

    static Result rtcd(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(exit, out.toString(), err.toString());
    }

    @Test
    void versionPrintsThisBuildAndTheServers() throws Exception {
        Result local = rtcd("version", "--json");
        assertEquals(0, local.exit(), local.err());
        assertTrue(JSON.readTree(local.out()).has("buildVersion"));
        Result remote = rtcd("version", "--remote", "--url", url);
        assertEquals(0, remote.exit(), remote.err());
        assertTrue(remote.out().startsWith("rtcd "), remote.out());
    }

    @Test
    void registerListLoginUnregister() throws Exception {
        Result reg = rtcd(
                "clients",
                "register",
                "cli-backend",
                "--url",
                url,
                "--admin-secret-file",
                secretFile.toString(),
                "--json");
        assertEquals(0, reg.exit(), reg.err());
        JsonNode created = JSON.readTree(reg.out());
        assertEquals("cli-backend", created.path("clientID").asText());
        String key = created.path("authKey").asText();
        assertEquals(32, key.length(), "generated key is 32 URL-safe characters");

        Result list = rtcd("clients", "list", "--url", url, "--admin-secret-file", secretFile.toString());
        assertEquals(0, list.exit(), list.err());
        assertTrue(list.out().lines().anyMatch("cli-backend"::equals), list.out());

        Path keyFile = Files.writeString(dir.resolve("key"), key);
        Result login = rtcd("login", "cli-backend", "--url", url, "--key-file", keyFile.toString());
        assertEquals(0, login.exit(), login.err());
        assertEquals(32, login.out().strip().length());

        Result unreg = rtcd(
                "clients", "unregister", "cli-backend", "--url", url, "--admin-secret-file", secretFile.toString());
        assertEquals(0, unreg.exit(), unreg.err());
        Result listAfter =
                rtcd("clients", "list", "--url", url, "--admin-secret-file", secretFile.toString(), "--json");
        assertFalse(listAfter.out().contains("cli-backend"), listAfter.out());
    }

    @Test
    void registerWithAGivenKeyFileDoesNotPrintTheKey() throws Exception {
        Path keyFile = Files.writeString(dir.resolve("given-key"), "0123456789abcdef0123456789abcdef");
        Result reg = rtcd(
                "clients",
                "register",
                "cli-given",
                "--key-file",
                keyFile.toString(),
                "--url",
                url,
                "--admin-secret-file",
                secretFile.toString());
        assertEquals(0, reg.exit(), reg.err());
        assertEquals("registered cli-given", reg.out().strip());
    }

    @Test
    void failuresExitNonZeroWithOneLineReason() throws Exception {
        Path wrongSecret = Files.writeString(dir.resolve("wrong"), "not-the-secret");
        Result unauthorized = rtcd("clients", "list", "--url", url, "--admin-secret-file", wrongSecret.toString());
        assertEquals(1, unauthorized.exit());
        assertEquals(1, unauthorized.err().strip().lines().count(), unauthorized.err());
        assertTrue(unauthorized.err().contains("401"), unauthorized.err());

        Path shortKey = Files.writeString(dir.resolve("short"), "short");
        Result badKey = rtcd(
                "clients",
                "register",
                "cli-short",
                "--key-file",
                shortKey.toString(),
                "--url",
                url,
                "--admin-secret-file",
                secretFile.toString());
        assertEquals(1, badKey.exit());
        assertTrue(badKey.err().contains("key not long enough"), badKey.err());

        Result unreachable =
                rtcd("clients", "list", "--url", "http://127.0.0.1:1", "--admin-secret-file", secretFile.toString());
        assertEquals(1, unreachable.exit());
        assertTrue(unreachable.err().contains("cannot reach rtcd"), unreachable.err());

        Result noSecret = rtcd("clients", "list", "--url", url);
        assertEquals(1, noSecret.exit());
        assertTrue(noSecret.err().contains("no admin secret"), noSecret.err());

        Result usage = rtcd("clients", "frobnicate");
        assertEquals(2, usage.exit());
    }

    @Test
    void callsAndSessionsListWhatTheClientJoined() throws Exception {
        String key = "0123456789abcdef0123456789abcdef";
        Path keyFile = Files.writeString(dir.resolve("calls-key"), key);
        Result reg = rtcd(
                "clients",
                "register",
                "cli-calls",
                "--key-file",
                keyFile.toString(),
                "--url",
                url,
                "--admin-secret-file",
                secretFile.toString());
        assertEquals(0, reg.exit(), reg.err());
        String[] as = {"--url", url, "--client-id", "cli-calls", "--key-file", keyFile.toString()};

        Result none = rtcd(concat(new String[] {"calls", "list"}, as));
        assertEquals(0, none.exit(), none.err());
        assertEquals("no active calls", none.out().strip());
        Result missing = rtcd(concat(new String[] {"sessions", "list", "call-x"}, as));
        assertEquals(1, missing.exit());
        assertTrue(missing.err().contains("has no sessions"), missing.err());

        try (WsClient ws = RtcdClient.basic(java.net.URI.create(url), "cli-calls", key)
                .connectWs(java.time.Duration.ofSeconds(10))) {
            ws.receive(java.time.Duration.ofSeconds(10));
            ws.send(new Join("call-x", "user-1", "session-1", "", false, false));
            long deadline = System.nanoTime() + 10_000_000_000L;
            Result calls;
            do {
                calls = rtcd(concat(new String[] {"calls", "list", "--json"}, as));
            } while (!calls.out().contains("call-x") && System.nanoTime() < deadline);
            assertEquals(0, calls.exit(), calls.err());
            JsonNode list = JSON.readTree(calls.out());
            assertEquals("call-x", list.get(0).path("callID").asText());
            assertEquals(1, list.get(0).path("sessions").asInt());

            Result sessions = rtcd(concat(new String[] {"sessions", "list", "call-x"}, as));
            assertEquals(0, sessions.exit(), sessions.err());
            assertTrue(sessions.out().startsWith("session-1\tuser user-1"), sessions.out());
        }
        Result noKey = rtcd("calls", "list", "--url", url, "--client-id", "cli-calls");
        assertEquals(1, noKey.exit());
    }

    @Test
    void cospacesListShowAndClose() throws Exception {
        String key = "0123456789abcdef0123456789abcdef";
        Path keyFile = Files.writeString(dir.resolve("cospaces-key"), key);
        Result reg = rtcd(
                "clients",
                "register",
                "cli-cospaces",
                "--key-file",
                keyFile.toString(),
                "--url",
                url,
                "--admin-secret-file",
                secretFile.toString());
        assertEquals(0, reg.exit(), reg.err());
        String id = RtcdClient.basic(java.net.URI.create(url), "cli-cospaces", key)
                .call("POST", "/realtime/host", java.util.Map.of("modelRoot", "cli::test::ws"), 201)
                .path("cospace")
                .asText();
        String[] as = {"--url", url, "--client-id", "cli-cospaces", "--key-file", keyFile.toString()};

        Result list = rtcd(concat(new String[] {"cospaces", "list"}, as));
        assertEquals(0, list.exit(), list.err());
        assertTrue(list.out().contains(id + "\tcli::test::ws\tidle\t0 participant(s)"), list.out());
        assertTrue(list.out().contains("/1000 cospaces"), list.out());
        Result json = rtcd(concat(new String[] {"cospaces", "list", "--json"}, as));
        assertEquals(
                id,
                JSON.readTree(json.out())
                        .path("cospaces")
                        .get(0)
                        .path("cospace")
                        .asText());

        Result show = rtcd(concat(new String[] {"cospaces", "show", id}, as));
        assertEquals(0, show.exit(), show.err());
        assertTrue(show.out().contains("model root    cli::test::ws"), show.out());
        assertTrue(show.out().contains("participants  0/100"), show.out());

        Result asAdmin = rtcd("cospaces", "list", "--url", url, "--admin-secret-file", secretFile.toString(), "--json");
        assertEquals(0, asAdmin.exit(), asAdmin.err());
        assertTrue(asAdmin.out().contains(id), asAdmin.out());

        Result close = rtcd(concat(new String[] {"cospaces", "close", id}, as));
        assertEquals(0, close.exit(), close.err());
        assertEquals("closed " + id, close.out().strip());
        Result gone = rtcd(concat(new String[] {"cospaces", "show", id}, as));
        assertEquals(1, gone.exit());
        assertTrue(gone.err().contains("cospace " + id + " not found"), gone.err());
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void messagesNameNoJavaClassAndHintTheFix() throws Exception {
        Result bare = rtcd();
        assertEquals(2, bare.exit(), "no arguments is a usage error");
        assertTrue(bare.err().contains("Usage: rtcd"), bare.err());
        assertTrue(bare.err().contains("a command is needed"), bare.err());

        Result refused =
                rtcd("clients", "list", "--url", "http://127.0.0.1:1", "--admin-secret-file", secretFile.toString());
        assertEquals(1, refused.exit());
        assertTrue(
                refused.err().contains("cannot reach rtcd at http://127.0.0.1:1: connection refused"), refused.err());
        assertNoJava(refused.err());

        Result badUrl = rtcd("version", "--remote", "--url", "localhost:8045");
        assertEquals(2, badUrl.exit(), "a bad option value is a usage error");
        assertTrue(badUrl.err().contains("(see 'rtcd version --help')"), badUrl.err());
        assertTrue(badUrl.err().contains("must be http(s)://host[:port]"), badUrl.err());
        assertNoJava(badUrl.err());

        Path wrongSecret = Files.writeString(dir.resolve("wrong-hint"), "not-the-secret");
        Result unauthorized =
                rtcd("clients", "register", "cli-hint", "--url", url, "--admin-secret-file", wrongSecret.toString());
        assertEquals(1, unauthorized.exit());
        assertTrue(unauthorized.err().contains("authentication failed (HTTP 401)"), unauthorized.err());
        assertTrue(unauthorized.err().contains("api.security.enable_admin = true"), unauthorized.err());
        assertEquals(1, unauthorized.err().strip().lines().count(), unauthorized.err());

        RtcdClientException badJson = org.junit.jupiter.api.Assertions.assertThrows(
                RtcdClientException.class,
                () -> RtcdClient.anonymous(java.net.URI.create(url)).call("POST", "/login", java.util.List.of(), 200));
        assertEquals(400, badJson.status());
        assertEquals("invalid JSON body: expected an object", badJson.getMessage());
    }

    @Test
    void serveNamesTheMediaPortKeyWhenTheUdpPortIsTaken() throws Exception {
        try (java.net.DatagramSocket held = udpInConfigRange()) {
            Result r = rtcd(
                    "serve",
                    "--listen",
                    "127.0.0.1:0",
                    "--set",
                    "rtc.ice_port_udp=" + held.getLocalPort(),
                    "--set",
                    "rtc.ice_port_tcp=-1",
                    "--set",
                    "store.data_source=" + dir.resolve("held/rtcd.db"));
            assertEquals(1, r.exit(), r.err());
            assertTrue(r.err().contains("rtc.ice_port_udp = " + held.getLocalPort()), r.err());
            assertNoJava(r.err());
            assertFalse(r.err().contains("draining"), r.err());
        }
    }

    @Test
    void hostMintInviteStatusAndKick() throws Exception {
        String[] admin = {"--url", url, "--admin-secret-file", secretFile.toString()};
        Result host = rtcd(concat(new String[] {"cospaces", "host", "cli::invite::room", "--json"}, admin));
        assertEquals(0, host.exit(), host.err());
        String id = JSON.readTree(host.out()).path("cospace").asText();
        assertEquals("created", JSON.readTree(host.out()).path("status").asText());
        Result again = rtcd(concat(new String[] {"cospaces", "host", "cli::invite::room"}, admin));
        assertEquals(0, again.exit(), again.err());
        assertEquals(id + "\texisting\tcli::invite::room", again.out().strip());
        Result badRoot = rtcd(concat(new String[] {"cospaces", "host", "no-colons"}, admin));
        assertEquals(1, badRoot.exit());
        assertTrue(badRoot.err().contains("modelRoot"), badRoot.err());

        Result token = rtcd(concat(new String[] {"tokens", "create", id, "alice", "--ttl", "2h", "--json"}, admin));
        assertEquals(0, token.exit(), token.err());
        JsonNode t = JSON.readTree(token.out());
        assertEquals(
                url + "/#token=" + t.path("token").asText(), t.path("inviteUrl").asText());
        long ttl = t.path("expiresAt").asLong() - java.time.Instant.now().getEpochSecond();
        assertTrue(ttl > 7100 && ttl <= 7200, "ttl " + ttl);
        Result human = rtcd(concat(
                new String[] {"tokens", "create", id, "bob", "--listener", "--base", "https://meet.example.org"},
                admin));
        assertEquals(0, human.exit(), human.err());
        assertTrue(human.out().contains("invite  https://meet.example.org/#token=ey"), human.out());
        // The token works: the browser face accepts the upgrade with it.
        String tok = t.path("token").asText();
        java.net.http.WebSocket ws = java.net.http.HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .buildAsync(
                        java.net.URI.create(url.replace("http", "ws") + "/realtime/connect/" + id + "?token=" + tok),
                        new java.net.http.WebSocket.Listener() {})
                .get(10, java.util.concurrent.TimeUnit.SECONDS);
        ws.abort();
        Result badTtl = rtcd(concat(new String[] {"tokens", "create", id, "carol", "--ttl", "3d"}, admin));
        assertEquals(2, badTtl.exit());
        assertTrue(badTtl.err().contains("must be between 1s and 24h"), badTtl.err());
        Result badPerm = rtcd(concat(new String[] {"tokens", "create", id, "carol", "--permissions", "shout"}, admin));
        assertEquals(1, badPerm.exit());
        assertTrue(badPerm.err().contains("permissions"), badPerm.err());
        assertNoJava(badPerm.err());
        assertEquals(2, rtcd("tokens", "create").exit(), "missing arguments are a usage error");
        Result singular = rtcd(concat(new String[] {"token", "create", id, "dave"}, admin));
        assertEquals(0, singular.exit(), "'rtcd token' is 'rtcd tokens': " + singular.err());

        Result status = rtcd(concat(new String[] {"status"}, admin));
        assertEquals(0, status.exit(), status.err());
        assertTrue(status.out().startsWith("version     "), status.out());
        assertTrue(status.out().contains("\nsessions    "), status.out());
        assertTrue(status.out().contains("\ncalls       "), status.out());
        assertTrue(status.out().contains("\nuptime      "), status.out());
        assertTrue(status.out().contains("\ncospaces    "), status.out());
        JsonNode js = JSON.readTree(
                rtcd(concat(new String[] {"status", "--json"}, admin)).out());
        assertEquals(server.rtcUdpPort(), js.path("media").path("udpPort").asInt());
        assertTrue(js.path("cpuLoad").isNumber());
        Result statusNoAdmin = rtcd("status", "--url", url);
        assertEquals(1, statusNoAdmin.exit());
        assertTrue(statusNoAdmin.err().contains("no admin secret"), statusNoAdmin.err());

        String key = "0123456789abcdef0123456789abcdef";
        Path keyFile = Files.writeString(dir.resolve("kick-key"), key);
        assertEquals(
                0,
                rtcd(concat(new String[] {"clients", "register", "cli-kick", "--key-file", keyFile.toString()}, admin))
                        .exit());
        String[] as = {"--url", url, "--client-id", "cli-kick", "--key-file", keyFile.toString()};
        try (WsClient backend = RtcdClient.basic(java.net.URI.create(url), "cli-kick", key)
                .connectWs(java.time.Duration.ofSeconds(10))) {
            backend.receive(java.time.Duration.ofSeconds(10));
            backend.send(new Join("call-k", "user-k", "session-k", "", false, false));
            backend.send(new Join("call-k", "user-k2", "session-k2", "", false, false));
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!rtcd(concat(new String[] {"sessions", "list", "call-k"}, as))
                            .out()
                            .contains("session-k2")
                    && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            Result byAdmin =
                    rtcd(concat(new String[] {"sessions", "kick", "call-k", "session-k2", "--of", "cli-kick"}, admin));
            assertEquals(0, byAdmin.exit(), byAdmin.err());
            assertEquals(
                    "ended session session-k2 of call call-k", byAdmin.out().strip());
            Result status2 = rtcd(concat(new String[] {"status", "--json"}, admin));
            assertTrue(JSON.readTree(status2.out()).path("calls").asInt() >= 1, status2.out());
            Result kick = rtcd(concat(new String[] {"sessions", "kick", "call-k", "session-k"}, as));
            assertEquals(0, kick.exit(), kick.err());
            assertEquals("ended session session-k of call call-k", kick.out().strip());
            Result gone;
            do {
                gone = rtcd(concat(new String[] {"sessions", "list", "call-k"}, as));
            } while (gone.exit() == 0 && System.nanoTime() < deadline);
            assertEquals(1, gone.exit(), "the kicked session is gone: " + gone.out());
        }
        Result kickMissing = rtcd(concat(new String[] {"sessions", "kick", "call-k", "session-k"}, as));
        assertEquals(1, kickMissing.exit());
        assertEquals(
                "rtcd: call call-k has no session session-k", kickMissing.err().strip());
        Result adminMissing =
                rtcd(concat(new String[] {"sessions", "kick", "call-k", "session-k", "--of", "cli-kick"}, admin));
        assertEquals(1, adminMissing.exit(), "the admin reaches the client's calls: " + adminMissing.err());
        assertEquals(
                "rtcd: call call-k has no session session-k", adminMissing.err().strip());
        assertEquals(
                2,
                rtcd(concat(new String[] {"sessions", "kick", "call-k", "session-k"}, admin))
                        .exit());
    }

    @Test
    void checkPassesAgainstAHealthyServer() throws Exception {
        Result r = rtcd(
                "check",
                "--url",
                url,
                "--admin-secret-file",
                secretFile.toString(),
                "--set",
                "rtc.ice_port_udp=0",
                "--set",
                "rtc.ice_port_tcp=0");
        assertEquals(0, r.exit(), r.out() + r.err());
        for (String check : new String[] {"config", "http", "clock", "websocket", "admin", "ice-udp", "ice-tcp"}) {
            assertTrue(
                    r.out().lines().anyMatch(l -> l.startsWith(String.format("%-5s %-11s ", "OK", check))),
                    check + " ok:\n" + r.out());
        }
        // The loopback-only test server: a warning with the fix, not a failure.
        assertTrue(r.out().contains("candidates  only loopback"), r.out());
        assertTrue(r.out().contains("- fix: set rtc.ice_host_override"), r.out());
        assertTrue(r.out().contains("SKIP  tls"), r.out());
        assertTrue(r.out().strip().endsWith("all checks passed"), r.out());
        JsonNode json = JSON.readTree(rtcd(
                        "check",
                        "--url",
                        url,
                        "--admin-secret-file",
                        secretFile.toString(),
                        "--set",
                        "rtc.ice_port_udp=0",
                        "--set",
                        "rtc.ice_port_tcp=0",
                        "--json")
                .out());
        assertTrue(json.path("ok").asBoolean(), json.toString());
        assertNoJava(r.out());
    }

    @Test
    void checkFailsWhenTheIcePortsDoNotReachRtcd() throws Exception {
        // UDP held by another process (rtcd never sees the probe), TCP bound by nobody.
        try (java.net.DatagramSocket other = udpInConfigRange();
                java.net.DatagramSocket tcpPortPicker = udpInConfigRange()) {
            int tcpPort = tcpPortPicker.getLocalPort();
            tcpPortPicker.close();
            Result r = rtcd(
                    "check",
                    "--url",
                    url,
                    "--timeout",
                    "700",
                    "--set",
                    "rtc.ice_port_udp=" + other.getLocalPort(),
                    "--set",
                    "rtc.ice_port_tcp=" + tcpPort);
            assertEquals(1, r.exit(), r.out() + r.err());
            assertTrue(
                    r.out()
                            .contains("FAIL  ice-udp     a STUN Binding request to 127.0.0.1:" + other.getLocalPort()
                                    + " did not reach rtcd - fix: "),
                    r.out());
            assertTrue(r.out().contains("FAIL  ice-tcp     cannot connect to 127.0.0.1:" + tcpPort), r.out());
            assertTrue(r.out().contains("SKIP  admin"), r.out());
            assertTrue(r.out().contains("OK    http"), r.out());
            assertTrue(r.out().strip().endsWith("FAILED: fix the lines marked FAIL"), r.out());
            assertNoJava(r.out());
        }
        Result down = rtcd("check", "--url", "http://127.0.0.1:1", "--timeout", "300");
        assertEquals(1, down.exit());
        assertTrue(
                down.out().contains("FAIL  http        cannot reach http://127.0.0.1:1: connection refused"),
                down.out());
        Path bad = Files.writeString(dir.resolve("check-bad.toml"), "[rtc]\nice_port_udp = 5\n");
        Result badConfig = rtcd("check", "--config", bad.toString(), "--url", url, "--timeout", "300");
        assertEquals(1, badConfig.exit());
        assertTrue(badConfig.out().contains("FAIL  config      "), badConfig.out());
        assertTrue(badConfig.out().contains("rtc.ice_port_udp"), badConfig.out());
    }

    /** A UDP socket on a port rtc.ice_port_udp accepts ([80, 49151]; ephemeral ports may lie above). */
    static java.net.DatagramSocket udpInConfigRange() throws java.net.SocketException {
        java.util.Random random = new java.util.Random();
        for (int i = 0; ; i++) {
            try {
                return new java.net.DatagramSocket(20000 + random.nextInt(29000));
            } catch (java.net.SocketException e) {
                if (i > 50) {
                    throw e;
                }
            }
        }
    }

    static void assertNoJava(String message) {
        assertFalse(message.matches("(?s).*(Exception|\\bnull\\b|io\\.rtcd\\.|java\\.).*"), message);
    }

    @Test
    void serveRejectsAnInvalidConfigWithTheKeyName() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.toml"), "[api]\nhttp.listen_address = \":99999\"\n");
        Result r = rtcd("serve", "--config", bad.toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("api.http.listen_address"), r.err());
    }
}
