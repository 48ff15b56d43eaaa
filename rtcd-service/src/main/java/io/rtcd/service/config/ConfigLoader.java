package io.rtcd.service.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import io.rtcd.api.ApiConfig;
import io.rtcd.auth.AuthConfig;
import io.rtcd.rtc.sfu.RtcConfig;
import io.rtcd.service.cospace.CospaceConfig;
import io.rtcd.store.StoreConfig;
import io.rtcd.ws.WsConfig;
import io.rtcd.ws.guard.GuardConfig;
import io.rtcd.ws.realtime.TextWsConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Builds an {@link RtcdConfig} from, in increasing precedence: the defaults of {@link ConfigKeys}, a TOML file,
 * {@code RTCD_*} environment variables, and {@code key=value} overrides from the command line.
 *
 * <p>Only the edge (the CLI and tests) calls this; modules receive validated records. Every error names the key
 * and where its value came from.
 */
public final class ConfigLoader {
    /** {@code RTCD_*} variables read by the CLI and launcher rather than by the server: not warned about. */
    private static final java.util.Set<String> CLIENT_ENV =
            java.util.Set.of("RTCD_ADMIN_SECRET", "RTCD_AUTH_KEY", "RTCD_URL", "RTCD_JAVA_OPTS");

    /** Mattermost rtcd's keys this server does not serve yet: a warning even when strict (not a typo). */
    private static final java.util.Set<String> RTCD_UNSERVED = java.util.Set.of(
            "rtc.ice_servers",
            "rtc.turn.static_auth_secret",
            "rtc.turn.credentials_expiration_minutes",
            "rtc.enable_ipv6",
            "rtc.udp_sockets_count",
            "rtc.nack_buffer_size",
            "rtc.nack_disable_copy");

    private static final java.util.Set<String> RTCD_UNSERVED_ENV = java.util.Set.of(
            "RTCD_RTC_ICESERVERS",
            "RTCD_RTC_TURNCONFIG_STATICAUTHSECRET",
            "RTCD_RTC_TURNCONFIG_CREDENTIALSEXPIRATIONMINUTES",
            "RTCD_RTC_ENABLEIPV6",
            "RTCD_RTC_UDPSOCKETSCOUNT",
            "RTCD_RTC_NACKBUFFERSIZE",
            "RTCD_RTC_NACKDISABLECOPY");

    private final Map<String, Object> values = new LinkedHashMap<>();
    private final Map<String, String> sources = new LinkedHashMap<>();
    private final List<String> warnings = new ArrayList<>();
    /** Bad values, all reported at once. */
    private final List<String> errors = new ArrayList<>();
    /** Unknown keys with their suggestion: errors, or warnings with {@code config.strict = false}. */
    private final List<String> unknown = new ArrayList<>();

    private ConfigLoader() {
        for (ConfigKey key : ConfigKeys.ALL) {
            // Every value in the map has its key's Java type, defaults included (durations are written "10s").
            values.put(key.path(), fromString(key, String.valueOf(key.defaultValue()), "default"));
            sources.put(key.path(), "default");
        }
    }

    /**
     * Loads the configuration.
     *
     * @param file the TOML file, if one was given; a given file that does not exist is an error
     * @param env the process environment (only {@code RTCD_*} entries are read)
     * @param overrides {@code key=value} pairs from the command line, applied last
     */
    public static LoadedConfig load(Optional<Path> file, Map<String, String> env, List<String> overrides) {
        ConfigLoader loader = new ConfigLoader();
        file.ifPresent(loader::applyFile);
        loader.applyEnv(env);
        loader.applyOverrides(overrides);
        return loader.finish();
    }

    /** Parses a TOML document (used by tests and by the CLI to read the admin secret of a server's file). */
    public static LoadedConfig loadToml(String toml) {
        ConfigLoader loader = new ConfigLoader();
        loader.applyTomlText(toml, "TOML text");
        return loader.finish();
    }

    /** Builds the config, or fails with every problem found (unknown keys, bad values) in one message. */
    private LoadedConfig finish() {
        if (errors.isEmpty()) {
            // Values that parsed: the records' own checks (ranges, combinations), each section on its own.
            RtcdConfig built = build();
            if (errors.isEmpty() && (unknown.isEmpty() || !bool(ConfigKeys.CONFIG_STRICT))) {
                warnings.addAll(0, unknown);
                return new LoadedConfig(built, List.copyOf(warnings));
            }
        } else {
            build();
        }
        List<String> all = new ArrayList<>();
        if (bool(ConfigKeys.CONFIG_STRICT)) {
            all.addAll(unknown);
        } else {
            warnings.addAll(0, unknown);
        }
        all.addAll(errors);
        String hint = unknown.isEmpty() || !bool(ConfigKeys.CONFIG_STRICT)
                ? ""
                : " (config.strict = false makes unknown keys warnings)";
        throw new ConfigException(
                all.size() == 1
                        ? "invalid configuration: " + all.get(0) + hint
                        : "invalid configuration, " + all.size() + " problems: " + String.join("; ", all) + hint);
    }

    private void applyFile(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException("config file " + file + " does not exist");
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage(), e);
        }
        applyTomlText(text, file.toString());
    }

    private void applyTomlText(String text, String origin) {
        JsonNode root;
        try {
            root = new TomlMapper().readTree(text);
        } catch (IOException e) {
            throw new ConfigException("cannot parse " + origin + " as TOML" + tomlWhere(e) + ": " + tomlReason(e), e);
        }
        flatten("", root, origin);
    }

    private void flatten(String prefix, JsonNode node, String origin) {
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String path = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
            JsonNode value = field.getValue();
            ConfigKey key = ConfigKeys.byPath(path);
            if (key == null && value.isObject()) {
                flatten(path, value, origin);
            } else if (key == null && RTCD_UNSERVED.contains(path)) {
                warnings.add("rtcd key '" + path + "' in " + origin + " is not served by this server; ignored");
            } else if (key == null) {
                unknown.add("unknown key '" + path + "' in " + origin + suggest(path, false));
            } else {
                try {
                    set(key, fromToml(key, value, origin), origin);
                } catch (ConfigException e) {
                    errors.add(e.getMessage().replaceFirst("^invalid configuration: ", ""));
                }
            }
        }
    }

    private Object fromToml(ConfigKey key, JsonNode value, String origin) {
        return switch (key.type()) {
            case STRING -> {
                if (!value.isTextual()) {
                    throw typeError(key, origin, "a string", value.toString());
                }
                yield value.textValue();
            }
            case DURATION -> {
                if (!value.isTextual()) {
                    throw typeError(key, origin, "a duration string such as \"10s\"", value.toString());
                }
                yield parseDuration(key, value.textValue(), origin);
            }
            case BOOLEAN -> {
                if (!value.isBoolean()) {
                    throw typeError(key, origin, "true or false", value.toString());
                }
                yield value.booleanValue();
            }
            case INTEGER -> {
                if (!value.isIntegralNumber() || !value.canConvertToInt()) {
                    throw typeError(key, origin, "an integer", value.toString());
                }
                yield value.intValue();
            }
            case STRING_LIST -> {
                if (!value.isArray()) {
                    throw typeError(
                            key, origin, "an array of strings such as [\"https://a.example\"]", value.toString());
                }
                List<String> items = new ArrayList<>();
                for (JsonNode item : value) {
                    if (!item.isTextual()) {
                        throw typeError(key, origin, "an array of strings", value.toString());
                    }
                    items.add(item.textValue());
                }
                yield List.copyOf(items);
            }
        };
    }

    private void applyEnv(Map<String, String> env) {
        for (ConfigKey key : ConfigKeys.ALL) {
            String raw = env.get(key.envName());
            if (raw != null) {
                String origin = "environment variable " + key.envName();
                setParsed(key, raw, origin);
            }
        }
        for (String name : env.keySet()) {
            if (name.startsWith("RTCD_")
                    && ConfigKeys.ALL.stream().noneMatch(k -> k.envName().equals(name))) {
                if (RTCD_UNSERVED_ENV.contains(name)) {
                    warnings.add("environment variable " + name + " (an rtcd setting) is not served by this server;"
                            + " ignored");
                } else if (!CLIENT_ENV.contains(name) && !name.startsWith("RTCD_SKIP_")) {
                    unknown.add("environment variable " + name + " is not a known rtcd setting" + suggest(name, true));
                }
            }
        }
    }

    private void applyOverrides(List<String> overrides) {
        for (String override : overrides) {
            int eq = override.indexOf('=');
            if (eq <= 0) {
                errors.add("override '" + override + "' must look like key=value");
                continue;
            }
            String path = override.substring(0, eq).trim();
            ConfigKey key = ConfigKeys.byPath(path);
            if (key == null) {
                unknown.add("override '" + override + "' names an unknown key '" + path + "'" + suggest(path, false));
                continue;
            }
            setParsed(key, override.substring(eq + 1).trim(), "command-line override");
        }
    }

    private Object fromString(ConfigKey key, String raw, String origin) {
        return switch (key.type()) {
            case STRING -> raw;
            case DURATION -> parseDuration(key, raw, origin);
            case BOOLEAN ->
                switch (raw.trim().toLowerCase(Locale.ROOT)) {
                    case "true", "1", "yes", "on" -> true;
                    case "false", "0", "no", "off" -> false;
                    default -> throw typeError(key, origin, "true or false", "'" + raw + "'");
                };
            case INTEGER -> {
                try {
                    yield Integer.parseInt(raw.trim());
                } catch (NumberFormatException e) {
                    throw typeError(key, origin, "an integer", "'" + raw + "'");
                }
            }
            case STRING_LIST -> commaList(raw);
        };
    }

    /** Splits {@code a, b} at commas, trimmed, empty items dropped; {@code ""} and {@code []} are the empty list. */
    private static List<String> commaList(String raw) {
        String t = raw.trim();
        if (t.equals("[]")) {
            return List.of();
        }
        List<String> items = new ArrayList<>();
        for (String item : t.split(",")) {
            if (!item.isBlank()) {
                items.add(item.trim());
            }
        }
        return List.copyOf(items);
    }

    /** Parses {@code 500ms}, {@code 10s}, {@code 2m} or {@code 1h} (Go's duration style, as rtcd configs use). */
    static Duration parseDuration(ConfigKey key, String raw, String origin) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\s*(\\d{1,9})\\s*(ms|s|m|h)\\s*")
                .matcher(raw);
        if (!m.matches()) {
            throw typeError(key, origin, "a duration such as 500ms, 10s, 2m or 1h", "'" + raw + "'");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }

    /** Parses and sets a value; a bad one is recorded (all are reported together) and the key keeps its value. */
    private void setParsed(ConfigKey key, String raw, String origin) {
        try {
            set(key, fromString(key, raw, origin), origin);
        } catch (ConfigException e) {
            errors.add(e.getMessage().replaceFirst("^invalid configuration: ", ""));
        }
    }

    /** {@code ", did you mean 'rtc.ice_port_udp'?"} for the nearest known key, or "" when none is near. */
    static String suggest(String name, boolean env) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        String leaf = env ? "" : name.substring(name.lastIndexOf('.') + 1);
        for (ConfigKey key : ConfigKeys.ALL) {
            String candidate = env ? key.envName() : key.path();
            int d = distance(name.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
            if (!env && candidate.endsWith("." + leaf)) {
                d = Math.min(d, 2); // the right name in the wrong section
            }
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        return best != null && bestDistance <= Math.max(3, name.length() / 4) ? ", did you mean '" + best + "'?" : "";
    }

    /** Levenshtein distance. */
    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private static String tomlWhere(IOException e) {
        if (e instanceof com.fasterxml.jackson.core.JsonProcessingException p
                && p.getLocation() != null
                && p.getLocation().getLineNr() > 0) {
            return " at line " + p.getLocation().getLineNr() + ", column "
                    + p.getLocation().getColumnNr();
        }
        return "";
    }

    private static String tomlReason(IOException e) {
        String msg = e instanceof com.fasterxml.jackson.core.JsonProcessingException p
                ? p.getOriginalMessage()
                : e.getMessage();
        return firstLine(msg);
    }

    private void set(ConfigKey key, Object value, String origin) {
        values.put(key.path(), value);
        sources.put(key.path(), origin);
    }

    private RtcdConfig build() {
        ApiConfig api = section(
                () -> new ApiConfig(
                        str(ConfigKeys.API_LISTEN_ADDRESS),
                        bool(ConfigKeys.API_TLS_ENABLE),
                        str(ConfigKeys.API_TLS_CERT_FILE),
                        str(ConfigKeys.API_TLS_CERT_KEY)),
                ConfigKeys.API_LISTEN_ADDRESS,
                ConfigKeys.API_TLS_ENABLE,
                ConfigKeys.API_TLS_CERT_FILE,
                ConfigKeys.API_TLS_CERT_KEY);
        AuthConfig auth = section(
                () -> new AuthConfig(
                        bool(ConfigKeys.SECURITY_ENABLE_ADMIN),
                        str(ConfigKeys.SECURITY_ADMIN_SECRET_KEY),
                        bool(ConfigKeys.SECURITY_ALLOW_SELF_REGISTRATION),
                        integer(ConfigKeys.SECURITY_SESSION_EXPIRATION_MINUTES),
                        integer(ConfigKeys.SECURITY_KEY_CACHE_EXPIRATION_SECONDS),
                        integer(ConfigKeys.SECURITY_KEY_CACHE_MAX_ENTRIES)),
                ConfigKeys.SECURITY_ENABLE_ADMIN,
                ConfigKeys.SECURITY_ADMIN_SECRET_KEY,
                ConfigKeys.SECURITY_ALLOW_SELF_REGISTRATION,
                ConfigKeys.SECURITY_SESSION_EXPIRATION_MINUTES,
                ConfigKeys.SECURITY_KEY_CACHE_EXPIRATION_SECONDS,
                ConfigKeys.SECURITY_KEY_CACHE_MAX_ENTRIES);
        WsConfig ws = section(
                () -> new WsConfig(
                        duration(ConfigKeys.WS_PING_INTERVAL),
                        duration(ConfigKeys.WS_PONG_TIMEOUT),
                        integer(ConfigKeys.WS_MAX_MESSAGE_BYTES),
                        integer(ConfigKeys.WS_SEND_QUEUE_LIMIT),
                        integer(ConfigKeys.WS_CONNECT_RATE_PER_MINUTE)),
                ConfigKeys.WS_PING_INTERVAL,
                ConfigKeys.WS_PONG_TIMEOUT,
                ConfigKeys.WS_MAX_MESSAGE_BYTES,
                ConfigKeys.WS_SEND_QUEUE_LIMIT,
                ConfigKeys.WS_CONNECT_RATE_PER_MINUTE);
        RtcConfig rtc = section(
                () -> new RtcConfig(
                        str(ConfigKeys.RTC_ICE_ADDRESS_UDP),
                        integer(ConfigKeys.RTC_ICE_PORT_UDP),
                        str(ConfigKeys.RTC_ICE_HOST_OVERRIDE),
                        bool(ConfigKeys.RTC_ALLOW_LOOPBACK),
                        duration(ConfigKeys.RTC_SIGNALING_TIMEOUT),
                        duration(ConfigKeys.RTC_OFFER_ANSWER_TIMEOUT),
                        duration(ConfigKeys.RTC_KEYFRAME_MIN_INTERVAL),
                        duration(ConfigKeys.RTC_RTCP_REPORT_INTERVAL),
                        integer(ConfigKeys.RTC_SESSION_QUEUE_CAPACITY),
                        str(ConfigKeys.RTC_ICE_ADDRESS_TCP),
                        integer(ConfigKeys.RTC_ICE_PORT_TCP),
                        str(ConfigKeys.RTC_ICE_HOST_PORT_OVERRIDE),
                        bool(ConfigKeys.RTC_BATCH_SEND),
                        duration(ConfigKeys.RTC_ICE_CONNECT_TIMEOUT)),
                ConfigKeys.RTC_ICE_ADDRESS_UDP,
                ConfigKeys.RTC_ICE_PORT_UDP,
                ConfigKeys.RTC_ICE_ADDRESS_TCP,
                ConfigKeys.RTC_ICE_PORT_TCP,
                ConfigKeys.RTC_ICE_HOST_OVERRIDE,
                ConfigKeys.RTC_ICE_HOST_PORT_OVERRIDE,
                ConfigKeys.RTC_SIGNALING_TIMEOUT,
                ConfigKeys.RTC_OFFER_ANSWER_TIMEOUT,
                ConfigKeys.RTC_KEYFRAME_MIN_INTERVAL,
                ConfigKeys.RTC_RTCP_REPORT_INTERVAL,
                ConfigKeys.RTC_SESSION_QUEUE_CAPACITY,
                ConfigKeys.RTC_BATCH_SEND,
                ConfigKeys.RTC_ICE_CONNECT_TIMEOUT);
        StoreConfig store = section(
                () -> {
                    String source = str(ConfigKeys.STORE_DATA_SOURCE);
                    if (source.isBlank()) {
                        throw new IllegalArgumentException("store.data_source must not be empty");
                    }
                    return new StoreConfig(Path.of(source).normalize());
                },
                ConfigKeys.STORE_DATA_SOURCE);
        LogConfig log = section(
                () -> new LogConfig(
                        bool(ConfigKeys.LOGGER_ENABLE_CONSOLE),
                        bool(ConfigKeys.LOGGER_CONSOLE_JSON),
                        str(ConfigKeys.LOGGER_CONSOLE_LEVEL),
                        bool(ConfigKeys.LOGGER_ENABLE_FILE),
                        bool(ConfigKeys.LOGGER_FILE_JSON),
                        str(ConfigKeys.LOGGER_FILE_LEVEL),
                        str(ConfigKeys.LOGGER_FILE_LOCATION),
                        bool(ConfigKeys.LOGGER_ENABLE_COLOR)),
                ConfigKeys.LOGGER_ENABLE_CONSOLE,
                ConfigKeys.LOGGER_ENABLE_FILE,
                ConfigKeys.LOGGER_CONSOLE_LEVEL,
                ConfigKeys.LOGGER_FILE_LEVEL,
                ConfigKeys.LOGGER_FILE_LOCATION);
        CospaceConfig realtime = section(
                () -> new CospaceConfig(
                        integer(ConfigKeys.REALTIME_MAX_COSPACES),
                        integer(ConfigKeys.REALTIME_MAX_PARTICIPANTS),
                        integer(ConfigKeys.REALTIME_MAX_PUBLISHERS),
                        duration(ConfigKeys.REALTIME_PRESENCE_GRACE),
                        integer(ConfigKeys.REALTIME_MAX_MESSAGE_BYTES)),
                ConfigKeys.REALTIME_MAX_COSPACES,
                ConfigKeys.REALTIME_MAX_PARTICIPANTS,
                ConfigKeys.REALTIME_MAX_PUBLISHERS,
                ConfigKeys.REALTIME_PRESENCE_GRACE,
                ConfigKeys.REALTIME_MAX_MESSAGE_BYTES);
        RealtimeSocketConfig realtimeSocket = section(
                () -> {
                    int max = integer(ConfigKeys.REALTIME_MAX_SOCKET_MESSAGE_BYTES);
                    if (max < 1024 || max > (16 << 20)) {
                        throw new IllegalArgumentException(
                                "realtime.max_socket_message_bytes must be in 1024..16777216 (value: " + max + ")");
                    }
                    TextWsConfig d = TextWsConfig.defaults();
                    return new RealtimeSocketConfig(
                            new TextWsConfig(max, d.sendQueueLimit(), d.pingInterval(), d.idleTimeout()),
                            new GuardConfig(
                                    integer(ConfigKeys.REALTIME_CONNECT_RATE_PER_MINUTE),
                                    integer(ConfigKeys.REALTIME_MESSAGE_RATE_PER_SECOND),
                                    integer(ConfigKeys.REALTIME_MESSAGE_BURST),
                                    integer(ConfigKeys.REALTIME_MESSAGE_FLOOD_LIMIT),
                                    strings(ConfigKeys.REALTIME_ALLOWED_ORIGINS),
                                    GuardConfig.DEFAULT_MAX_TRACKED_ADDRESSES));
                },
                ConfigKeys.REALTIME_MAX_SOCKET_MESSAGE_BYTES,
                ConfigKeys.REALTIME_CONNECT_RATE_PER_MINUTE,
                ConfigKeys.REALTIME_MESSAGE_RATE_PER_SECOND,
                ConfigKeys.REALTIME_MESSAGE_BURST,
                ConfigKeys.REALTIME_MESSAGE_FLOOD_LIMIT,
                ConfigKeys.REALTIME_ALLOWED_ORIGINS);
        if (!errors.isEmpty()) {
            return null; // finish() reports them all
        }
        return new RtcdConfig(api, auth, ws, rtc, store, log, realtime, realtimeSocket);
    }

    /** Runs a record constructor; its validation error is recorded naming the sources, and the section is null. */
    private <T> T section(java.util.function.Supplier<T> constructor, ConfigKey... keys) {
        try {
            return constructor.get();
        } catch (IllegalArgumentException e) {
            StringBuilder from = new StringBuilder();
            for (ConfigKey key : keys) {
                String source = sources.get(key.path());
                if (!"default".equals(source)
                        && e.getMessage() != null
                        && e.getMessage().contains(key.path())) {
                    from.append(from.isEmpty() ? " (" : ", ")
                            .append(key.path())
                            .append(" from ")
                            .append(source);
                }
            }
            if (!from.isEmpty()) {
                from.append(')');
            }
            errors.add(e.getMessage() + from);
            return null;
        }
    }

    private String str(ConfigKey key) {
        return (String) values.get(key.path());
    }

    private boolean bool(ConfigKey key) {
        return (Boolean) values.get(key.path());
    }

    private Duration duration(ConfigKey key) {
        return (Duration) values.get(key.path());
    }

    @SuppressWarnings("unchecked")
    private List<String> strings(ConfigKey key) {
        return (List<String>) values.get(key.path());
    }

    private int integer(ConfigKey key) {
        return (Integer) values.get(key.path());
    }

    private static ConfigException typeError(ConfigKey key, String origin, String expected, String got) {
        return new ConfigException(
                "invalid configuration: " + key.path() + " (from " + origin + ") must be " + expected + ", got " + got);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "syntax error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
