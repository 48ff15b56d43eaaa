package io.rtcd.service.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    @Test
    void noFileNoEnvGivesTheEmbeddedDefaults() {
        LoadedConfig loaded = ConfigLoader.load(Optional.empty(), Map.of(), List.of());
        assertEquals(RtcdConfig.defaults(), loaded.config());
        assertTrue(loaded.warnings().isEmpty());
        assertEquals(":8045", loaded.config().api().listenAddress());
        assertEquals(Path.of("data/rtcd.db"), loaded.config().store().dataPath());
    }

    @Test
    void abuseGuardKeysComeFromTheFileTheEnvironmentAndOverridesWithListsCommaSeparatedOutsideToml() throws Exception {
        Path file = write("""
                [ws]
                connect_rate_per_minute = 10
                [realtime]
                connect_rate_per_minute = 20
                message_rate_per_second = 5
                message_burst = 7
                message_flood_limit = 9
                allowed_origins = ["https://App.example/", "http://localhost:3000"]
                max_socket_message_bytes = 2048
                """);
        RtcdConfig c = ConfigLoader.load(Optional.of(file), Map.of(), List.of()).config();
        assertEquals(10, c.ws().connectAttemptsPerMinute());
        assertEquals(20, c.realtimeSocket().guard().connectAttemptsPerMinute());
        assertEquals(5, c.realtimeSocket().guard().messagesPerSecond());
        assertEquals(7, c.realtimeSocket().guard().messageBurst());
        assertEquals(9, c.realtimeSocket().guard().messageFloodLimit());
        assertEquals(
                List.of("https://app.example", "http://localhost:3000"),
                c.realtimeSocket().guard().allowedOrigins());
        assertEquals(2048, c.realtimeSocket().socket().maxMessageBytes());

        Map<String, String> env = Map.of("RTCD_REALTIME_ALLOWEDORIGINS", "https://a.example, https://b.example");
        assertEquals(
                List.of("https://a.example", "https://b.example"),
                ConfigLoader.load(Optional.of(file), env, List.of())
                        .config()
                        .realtimeSocket()
                        .guard()
                        .allowedOrigins());
        assertEquals(
                List.of(),
                ConfigLoader.load(Optional.of(file), env, List.of("realtime.allowed_origins="))
                        .config()
                        .realtimeSocket()
                        .guard()
                        .allowedOrigins());

        ConfigException bad = assertThrows(
                ConfigException.class,
                () -> ConfigLoader.load(
                        Optional.empty(), Map.of("RTCD_REALTIME_ALLOWEDORIGINS", "example.com"), List.of()));
        assertTrue(bad.getMessage().contains("realtime.allowed_origins"), bad.getMessage());
        assertTrue(bad.getMessage().contains("RTCD_REALTIME_ALLOWEDORIGINS"), bad.getMessage());
        ConfigException notAList = assertThrows(
                ConfigException.class,
                () -> ConfigLoader.loadToml("[realtime]\nallowed_origins = \"https://a.example\"\n"));
        assertTrue(notAList.getMessage().contains("an array of strings"), notAList.getMessage());
        ConfigException tooSmall = assertThrows(
                ConfigException.class,
                () -> ConfigLoader.load(Optional.empty(), Map.of(), List.of("realtime.max_socket_message_bytes=10")));
        assertTrue(tooSmall.getMessage().contains("realtime.max_socket_message_bytes"), tooSmall.getMessage());
    }

    @Test
    void fileThenEnvThenOverridesInIncreasingPrecedence() throws Exception {
        Path file = write("""
                [api]
                http.listen_address = ":9001"
                security.session_cache.expiration_minutes = 60
                [ws]
                ping_interval = "5s"
                """);
        LoadedConfig fromFile = ConfigLoader.load(Optional.of(file), Map.of(), List.of());
        assertEquals(":9001", fromFile.config().api().listenAddress());
        assertEquals(60, fromFile.config().auth().sessionExpirationMinutes());
        assertEquals(Duration.ofSeconds(5), fromFile.config().ws().pingInterval());

        Map<String, String> env = Map.of("RTCD_API_HTTP_LISTENADDRESS", ":9002");
        assertEquals(
                ":9002",
                ConfigLoader.load(Optional.of(file), env, List.of())
                        .config()
                        .api()
                        .listenAddress());

        assertEquals(
                ":9003",
                ConfigLoader.load(Optional.of(file), env, List.of("api.http.listen_address=:9003"))
                        .config()
                        .api()
                        .listenAddress());
    }

    @Test
    void envNamesFollowRtcdsConvention() {
        assertEquals("RTCD_API_HTTP_LISTENADDRESS", ConfigKeys.API_LISTEN_ADDRESS.envName());
        assertEquals(
                "RTCD_API_SECURITY_SESSIONCACHE_EXPIRATIONMINUTES",
                ConfigKeys.SECURITY_SESSION_EXPIRATION_MINUTES.envName());
        assertEquals("RTCD_STORE_DATASOURCE", ConfigKeys.STORE_DATA_SOURCE.envName());
        assertEquals("RTCD_LOGGER_CONSOLELEVEL", ConfigKeys.LOGGER_CONSOLE_LEVEL.envName());
    }

    @Test
    void keyCacheKeysComeFromTheEnvironmentWithTheirDefaults() {
        assertEquals(
                "RTCD_API_SECURITY_KEYCACHE_EXPIRATIONSECONDS",
                ConfigKeys.SECURITY_KEY_CACHE_EXPIRATION_SECONDS.envName());
        assertEquals("RTCD_API_SECURITY_KEYCACHE_MAXENTRIES", ConfigKeys.SECURITY_KEY_CACHE_MAX_ENTRIES.envName());
        RtcdConfig defaults =
                ConfigLoader.load(Optional.empty(), Map.of(), List.of()).config();
        assertEquals(600, defaults.auth().keyCacheExpirationSeconds());
        assertEquals(1024, defaults.auth().keyCacheMaxEntries());
        Map<String, String> env = Map.of(
                "RTCD_API_SECURITY_KEYCACHE_EXPIRATIONSECONDS", "0",
                "RTCD_API_SECURITY_KEYCACHE_MAXENTRIES", "10");
        RtcdConfig c = ConfigLoader.load(Optional.empty(), env, List.of()).config();
        assertEquals(0, c.auth().keyCacheExpirationSeconds());
        assertEquals(10, c.auth().keyCacheMaxEntries());
    }

    @Test
    void envBooleansAndIntegersAreParsed() {
        Map<String, String> env = Map.of(
                "RTCD_API_SECURITY_ENABLEADMIN", "true",
                "RTCD_API_SECURITY_ADMINSECRETKEY", "a-long-enough-secret",
                "RTCD_WS_SENDQUEUELIMIT", "42",
                "RTCD_RTC_ICECONNECTTIMEOUT", "4s");
        RtcdConfig c = ConfigLoader.load(Optional.empty(), env, List.of()).config();
        assertTrue(c.auth().enableAdmin());
        assertEquals(42, c.ws().sendQueueLimit());
        assertEquals(java.time.Duration.ofSeconds(4), c.rtc().iceConnectTimeout());
        assertEquals(
                java.time.Duration.ofSeconds(15),
                ConfigLoader.load(Optional.empty(), Map.of(), List.of())
                        .config()
                        .rtc()
                        .iceConnectTimeout());
    }

    @Test
    void everyValidationErrorNamesItsKey() {
        Map<String, String> cases = Map.ofEntries(
                Map.entry("api.http.listen_address", "api.http.listen_address=:99999"),
                Map.entry("api.security.admin_secret_key", "api.security.enable_admin=true"),
                Map.entry(
                        "api.security.session_cache.expiration_minutes",
                        "api.security.session_cache.expiration_minutes=0"),
                Map.entry("ws.ping_interval", "ws.ping_interval=0s"),
                Map.entry("ws.max_message_bytes", "ws.max_message_bytes=0"),
                Map.entry("ws.send_queue_limit", "ws.send_queue_limit=0"),
                Map.entry("store.data_source", "store.data_source="),
                Map.entry("logger.console_level", "logger.console_level=loud"),
                Map.entry("api.http.tls", "api.http.tls.enable=true"),
                Map.entry("rtc.ice_port_udp", "rtc.ice_port_udp=70000"),
                Map.entry("rtc.ice_address_udp", "rtc.ice_address_udp=not-an-ip"),
                Map.entry("rtc.ice_connect_timeout", "rtc.ice_connect_timeout=10ms"),
                Map.entry(
                        "api.security.key_cache.expiration_seconds", "api.security.key_cache.expiration_seconds=86401"),
                Map.entry("api.security.key_cache.max_entries", "api.security.key_cache.max_entries=0"));
        cases.forEach((key, override) -> {
            ConfigException e = assertThrows(
                    ConfigException.class,
                    () -> ConfigLoader.load(Optional.empty(), Map.of(), List.of(override)),
                    override);
            assertTrue(
                    e.getMessage().contains(key), "message for " + override + " names " + key + ": " + e.getMessage());
        });
    }

    @Test
    void typeErrorsNameKeyAndSource() throws Exception {
        Path file = write("[api]\nhttp.listen_address = 8045\n");
        ConfigException fromFile =
                assertThrows(ConfigException.class, () -> ConfigLoader.load(Optional.of(file), Map.of(), List.of()));
        assertTrue(fromFile.getMessage().contains("api.http.listen_address"), fromFile.getMessage());
        assertTrue(fromFile.getMessage().contains(file.toString()), fromFile.getMessage());

        ConfigException fromEnv = assertThrows(
                ConfigException.class,
                () -> ConfigLoader.load(Optional.empty(), Map.of("RTCD_WS_PINGINTERVAL", "soon"), List.of()));
        assertTrue(fromEnv.getMessage().contains("ws.ping_interval"), fromEnv.getMessage());
        assertTrue(fromEnv.getMessage().contains("RTCD_WS_PINGINTERVAL"), fromEnv.getMessage());
    }

    @Test
    void unknownKeysFailTheStartWithASuggestion() throws Exception {
        Path file = write("[api]\nhttp.listen_adress = \":1\"\nhttp.ice_port_udp = 9000\n");
        ConfigException e = assertThrows(
                ConfigException.class,
                () -> ConfigLoader.load(
                        Optional.of(file), Map.of("RTCD_RTC_ICEPORTUPD", "9000"), List.of("rtc.ice_prot_tcp=1")));
        String m = e.getMessage();
        assertTrue(m.startsWith("invalid configuration, 4 problems: "), m);
        assertTrue(
                m.contains("unknown key 'api.http.listen_adress' in " + file
                        + ", did you mean 'api.http.listen_address'?"),
                m);
        assertTrue(
                m.contains("unknown key 'api.http.ice_port_udp' in " + file + ", did you mean 'rtc.ice_port_udp'?"), m);
        assertTrue(
                m.contains("environment variable RTCD_RTC_ICEPORTUPD is not a known rtcd setting, did you mean"
                        + " 'RTCD_RTC_ICEPORTUDP'?"),
                m);
        assertTrue(m.contains("'rtc.ice_prot_tcp', did you mean 'rtc.ice_port_tcp'?"), m);
        assertTrue(m.endsWith("(config.strict = false makes unknown keys warnings)"), m);
        assertFalse(m.contains("\n"), m);
    }

    @Test
    void unknownKeysAreWarningsWithStrictOff() throws Exception {
        Path file = write("[api]\nhttp.listen_adress = \":1\"\n[config]\nstrict = false\n");
        LoadedConfig loaded = ConfigLoader.load(Optional.of(file), Map.of("RTCD_NOT_A_SETTING", "x"), List.of());
        assertEquals(2, loaded.warnings().size(), loaded.warnings().toString());
        assertTrue(
                loaded.warnings().get(0).contains("did you mean 'api.http.listen_address'?"),
                loaded.warnings().toString());
        LoadedConfig viaEnv = ConfigLoader.load(
                Optional.empty(), Map.of("RTCD_CONFIG_STRICT", "false", "RTCD_NOT_A_SETTING", "x"), List.of());
        assertEquals(1, viaEnv.warnings().size(), viaEnv.warnings().toString());
        // rtcd's own keys that are not served yet are not typos: warnings even when strict.
        Path rtcdFile = write("[rtc]\nice_servers = [\"stun:stun.example.org:3478\"]\nudp_sockets_count = 4\n");
        LoadedConfig rtcd = ConfigLoader.load(Optional.of(rtcdFile), Map.of("RTCD_SKIP_PION", "1"), List.of());
        assertEquals(2, rtcd.warnings().size(), rtcd.warnings().toString());
        assertTrue(
                rtcd.warnings().get(0).contains("not served by this server"),
                rtcd.warnings().toString());
    }

    @Test
    void everyBadValueIsReportedAtOnce() throws Exception {
        Path file = write("[rtc]\nice_port_udp = \"high\"\nsignaling_timeout = 5\n[ws]\nping_interval = \"1s\"\n"
                + "pong_timeout = \"500ms\"\n[realtime]\nmax_cospaces = -1\n");
        ConfigException e = assertThrows(
                ConfigException.class,
                () -> ConfigLoader.load(
                        Optional.of(file),
                        Map.of("RTCD_API_SECURITY_ENABLEADMIN", "maybe"),
                        List.of("rtc.ice_port_tcp=x")));
        String m = e.getMessage();
        assertTrue(m.contains("rtc.ice_port_udp (from " + file + ") must be an integer"), m);
        assertTrue(m.contains("rtc.signaling_timeout (from " + file + ") must be a duration"), m);
        assertTrue(
                m.contains("api.security.enable_admin (from environment variable RTCD_API_SECURITY_ENABLEADMIN)"), m);
        assertTrue(m.contains("rtc.ice_port_tcp (from command-line override) must be an integer"), m);
        assertTrue(m.contains("realtime.max_cospaces"), m);
        assertTrue(m.startsWith("invalid configuration, "), m);
    }

    @Test
    void tomlSyntaxErrorsNameLineAndColumn() throws Exception {
        Path broken = write("[api]\nhttp.listen_address = \":8045\"\n\n[rtc\nice_port_udp = 1\n");
        ConfigException e =
                assertThrows(ConfigException.class, () -> ConfigLoader.load(Optional.of(broken), Map.of(), List.of()));
        assertTrue(e.getMessage().startsWith("cannot parse " + broken + " as TOML at line 4, column "), e.getMessage());
        assertFalse(e.getMessage().matches("(?s).*(Exception|com\\.fasterxml|\\bnull\\b).*"), e.getMessage());
    }

    @Test
    void missingOrBrokenFilesAreClearErrors() throws Exception {
        ConfigException missing = assertThrows(
                ConfigException.class,
                () -> ConfigLoader.load(Optional.of(dir.resolve("nope.toml")), Map.of(), List.of()));
        assertTrue(missing.getMessage().contains("does not exist"));
        Path broken = write("[api\nx=");
        ConfigException syntax =
                assertThrows(ConfigException.class, () -> ConfigLoader.load(Optional.of(broken), Map.of(), List.of()));
        assertTrue(syntax.getMessage().contains("TOML"), syntax.getMessage());
        ConfigException badOverride = assertThrows(
                ConfigException.class, () -> ConfigLoader.load(Optional.empty(), Map.of(), List.of("no.such.key=1")));
        assertTrue(badOverride.getMessage().contains("no.such.key"));
    }

    @Test
    void loggerNeedsATarget() {
        ConfigException e = assertThrows(
                ConfigException.class,
                () -> ConfigLoader.load(Optional.empty(), Map.of(), List.of("logger.enable_console=false")));
        assertTrue(e.getMessage().contains("logger.enable_console"));
        assertFalse(ConfigLoader.load(
                        Optional.empty(), Map.of(), List.of("logger.enable_console=false", "logger.enable_file=true"))
                .config()
                .log()
                .enableConsole());
    }

    private Path write(String toml) throws Exception {
        Path f = Files.createTempFile(dir, "rtcd", ".toml");
        Files.writeString(f, toml);
        return f;
    }
}
