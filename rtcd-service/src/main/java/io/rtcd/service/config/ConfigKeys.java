package io.rtcd.service.config;

import io.rtcd.service.config.ConfigKey.ValueType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every configuration key rtcd understands, in the order of {@code config/rtcd.sample.toml}.
 *
 * <p>Key names follow Mattermost rtcd's {@code config.sample.toml} where the setting exists there, so an rtcd
 * configuration file carries over. {@code ConfigSampleTest} checks that every key is documented in the sample.
 */
public final class ConfigKeys {
    public static final ConfigKey API_LISTEN_ADDRESS =
            new ConfigKey("api.http.listen_address", ValueType.STRING, ":8045", "HTTP/WebSocket listen address");
    public static final ConfigKey API_TLS_ENABLE =
            new ConfigKey("api.http.tls.enable", ValueType.BOOLEAN, false, "serve HTTPS/WSS");
    public static final ConfigKey API_TLS_CERT_FILE =
            new ConfigKey("api.http.tls.cert_file", ValueType.STRING, "", "PEM certificate chain");
    public static final ConfigKey API_TLS_CERT_KEY =
            new ConfigKey("api.http.tls.cert_key", ValueType.STRING, "", "PEM private key");
    public static final ConfigKey SECURITY_ENABLE_ADMIN =
            new ConfigKey("api.security.enable_admin", ValueType.BOOLEAN, false, "admin Basic auth");
    public static final ConfigKey SECURITY_ADMIN_SECRET_KEY =
            new ConfigKey("api.security.admin_secret_key", ValueType.STRING, "", "admin secret");
    public static final ConfigKey SECURITY_ALLOW_SELF_REGISTRATION = new ConfigKey(
            "api.security.allow_self_registration", ValueType.BOOLEAN, false, "unauthenticated /register");
    public static final ConfigKey SECURITY_SESSION_EXPIRATION_MINUTES = new ConfigKey(
            "api.security.session_cache.expiration_minutes", ValueType.INTEGER, 1440, "bearer token lifetime");
    public static final ConfigKey SECURITY_KEY_CACHE_EXPIRATION_SECONDS = new ConfigKey(
            "api.security.key_cache.expiration_seconds", ValueType.INTEGER, 600, "remember a checked key, 0 = off");
    public static final ConfigKey SECURITY_KEY_CACHE_MAX_ENTRIES = new ConfigKey(
            "api.security.key_cache.max_entries", ValueType.INTEGER, 1024, "clients whose key is remembered");
    public static final ConfigKey WS_PING_INTERVAL =
            new ConfigKey("ws.ping_interval", ValueType.DURATION, "10s", "WebSocket ping interval");
    public static final ConfigKey WS_PONG_TIMEOUT =
            new ConfigKey("ws.pong_timeout", ValueType.DURATION, "20s", "close after this long without pong");
    public static final ConfigKey WS_MAX_MESSAGE_BYTES =
            new ConfigKey("ws.max_message_bytes", ValueType.INTEGER, 1 << 20, "largest inbound message");
    public static final ConfigKey WS_SEND_QUEUE_LIMIT =
            new ConfigKey("ws.send_queue_limit", ValueType.INTEGER, 5000, "queued outbound messages per conn");
    public static final ConfigKey WS_CONNECT_RATE_PER_MINUTE =
            new ConfigKey("ws.connect_rate_per_minute", ValueType.INTEGER, 128, "upgrade attempts per IP and minute");
    public static final ConfigKey RTC_ICE_ADDRESS_UDP =
            new ConfigKey("rtc.ice_address_udp", ValueType.STRING, "", "IP the media UDP port binds to");
    public static final ConfigKey RTC_ICE_PORT_UDP =
            new ConfigKey("rtc.ice_port_udp", ValueType.INTEGER, 8443, "the one media UDP port");
    public static final ConfigKey RTC_ICE_ADDRESS_TCP =
            new ConfigKey("rtc.ice_address_tcp", ValueType.STRING, "", "IP the ICE-TCP port binds to");
    public static final ConfigKey RTC_ICE_PORT_TCP =
            new ConfigKey("rtc.ice_port_tcp", ValueType.INTEGER, 8443, "the one ICE-TCP port, -1 = off");
    public static final ConfigKey RTC_ICE_HOST_OVERRIDE = new ConfigKey(
            "rtc.ice_host_override", ValueType.STRING, "", "IP, hostname or EXT/INT pairs advertised in candidates");
    public static final ConfigKey RTC_ICE_HOST_PORT_OVERRIDE = new ConfigKey(
            "rtc.ice_host_port_override", ValueType.STRING, "", "port (or localIP/port,...) of external candidates");
    public static final ConfigKey RTC_ALLOW_LOOPBACK =
            new ConfigKey("rtc.allow_loopback", ValueType.BOOLEAN, false, "advertise loopback candidates");
    public static final ConfigKey RTC_SIGNALING_TIMEOUT =
            new ConfigKey("rtc.signaling_timeout", ValueType.DURATION, "10s", "wait for a client's first offer");
    public static final ConfigKey RTC_ICE_CONNECT_TIMEOUT = new ConfigKey(
            "rtc.ice_connect_timeout", ValueType.DURATION, "15s", "wait for a valid ICE check after the first offer");
    public static final ConfigKey RTC_OFFER_ANSWER_TIMEOUT =
            new ConfigKey("rtc.offer_answer_timeout", ValueType.DURATION, "10s", "wait for an answer");
    public static final ConfigKey RTC_KEYFRAME_MIN_INTERVAL =
            new ConfigKey("rtc.keyframe_min_interval", ValueType.DURATION, "500ms", "PLI spacing per track");
    public static final ConfigKey RTC_RTCP_REPORT_INTERVAL =
            new ConfigKey("rtc.rtcp_report_interval", ValueType.DURATION, "1s", "SR/RR period");
    public static final ConfigKey RTC_SESSION_QUEUE_CAPACITY =
            new ConfigKey("rtc.session_queue_capacity", ValueType.INTEGER, 1024, "datagrams queued per session");
    public static final ConfigKey RTC_BATCH_SEND =
            new ConfigKey("rtc.batch_send", ValueType.BOOLEAN, true, "fan-out sends in sendmmsg batches");
    public static final ConfigKey REALTIME_MAX_COSPACES =
            new ConfigKey("realtime.max_cospaces", ValueType.INTEGER, 1000, "cospaces hosted at once");
    public static final ConfigKey REALTIME_MAX_PARTICIPANTS =
            new ConfigKey("realtime.max_participants", ValueType.INTEGER, 100, "participants per cospace");
    public static final ConfigKey REALTIME_MAX_PUBLISHERS =
            new ConfigKey("realtime.max_publishers", ValueType.INTEGER, 50, "audio/video publishers per cospace");
    public static final ConfigKey REALTIME_PRESENCE_GRACE =
            new ConfigKey("realtime.presence_grace", ValueType.DURATION, "5s", "keep a disconnected participant");
    public static final ConfigKey REALTIME_MAX_MESSAGE_BYTES =
            new ConfigKey("realtime.max_message_bytes", ValueType.INTEGER, 4096, "largest app message payload");
    public static final ConfigKey REALTIME_CONNECT_RATE_PER_MINUTE = new ConfigKey(
            "realtime.connect_rate_per_minute", ValueType.INTEGER, 128, "browser upgrade attempts per IP and minute");
    public static final ConfigKey REALTIME_MESSAGE_RATE_PER_SECOND = new ConfigKey(
            "realtime.message_rate_per_second", ValueType.INTEGER, 32, "sustained inbound messages per socket");
    public static final ConfigKey REALTIME_MESSAGE_BURST =
            new ConfigKey("realtime.message_burst", ValueType.INTEGER, 64, "inbound messages admitted at once");
    public static final ConfigKey REALTIME_MESSAGE_FLOOD_LIMIT =
            new ConfigKey("realtime.message_flood_limit", ValueType.INTEGER, 64, "dropped messages before close 1008");
    public static final ConfigKey REALTIME_ALLOWED_ORIGINS = new ConfigKey(
            "realtime.allowed_origins", ValueType.STRING_LIST, "", "cross-origin pages allowed to connect");
    public static final ConfigKey REALTIME_MAX_SOCKET_MESSAGE_BYTES = new ConfigKey(
            "realtime.max_socket_message_bytes", ValueType.INTEGER, 256 << 10, "largest inbound socket message");
    public static final ConfigKey STORE_DATA_SOURCE =
            new ConfigKey("store.data_source", ValueType.STRING, "./data/rtcd.db", "MapDB data file");
    public static final ConfigKey LOGGER_ENABLE_CONSOLE =
            new ConfigKey("logger.enable_console", ValueType.BOOLEAN, true, "log to stdout");
    public static final ConfigKey LOGGER_CONSOLE_JSON =
            new ConfigKey("logger.console_json", ValueType.BOOLEAN, false, "JSON lines on stdout");
    public static final ConfigKey LOGGER_CONSOLE_LEVEL =
            new ConfigKey("logger.console_level", ValueType.STRING, "INFO", "stdout level");
    public static final ConfigKey LOGGER_ENABLE_FILE =
            new ConfigKey("logger.enable_file", ValueType.BOOLEAN, false, "log to a file");
    public static final ConfigKey LOGGER_FILE_JSON =
            new ConfigKey("logger.file_json", ValueType.BOOLEAN, true, "JSON lines in the file");
    public static final ConfigKey LOGGER_FILE_LEVEL =
            new ConfigKey("logger.file_level", ValueType.STRING, "DEBUG", "file level");
    public static final ConfigKey LOGGER_FILE_LOCATION =
            new ConfigKey("logger.file_location", ValueType.STRING, "rtcd.log", "log file path");
    public static final ConfigKey CONFIG_STRICT =
            new ConfigKey("config.strict", ValueType.BOOLEAN, true, "unknown keys fail the start (false: warn only)");
    public static final ConfigKey LOGGER_ENABLE_COLOR =
            new ConfigKey("logger.enable_color", ValueType.BOOLEAN, false, "ANSI colours on stdout");

    /** All keys, in documentation order. */
    public static final List<ConfigKey> ALL = List.of(
            API_LISTEN_ADDRESS,
            API_TLS_ENABLE,
            API_TLS_CERT_FILE,
            API_TLS_CERT_KEY,
            SECURITY_ENABLE_ADMIN,
            SECURITY_ADMIN_SECRET_KEY,
            SECURITY_ALLOW_SELF_REGISTRATION,
            SECURITY_SESSION_EXPIRATION_MINUTES,
            SECURITY_KEY_CACHE_EXPIRATION_SECONDS,
            SECURITY_KEY_CACHE_MAX_ENTRIES,
            WS_PING_INTERVAL,
            WS_PONG_TIMEOUT,
            WS_MAX_MESSAGE_BYTES,
            WS_SEND_QUEUE_LIMIT,
            WS_CONNECT_RATE_PER_MINUTE,
            RTC_ICE_ADDRESS_UDP,
            RTC_ICE_PORT_UDP,
            RTC_ICE_ADDRESS_TCP,
            RTC_ICE_PORT_TCP,
            RTC_ICE_HOST_OVERRIDE,
            RTC_ICE_HOST_PORT_OVERRIDE,
            RTC_ALLOW_LOOPBACK,
            RTC_SIGNALING_TIMEOUT,
            RTC_ICE_CONNECT_TIMEOUT,
            RTC_OFFER_ANSWER_TIMEOUT,
            RTC_KEYFRAME_MIN_INTERVAL,
            RTC_RTCP_REPORT_INTERVAL,
            RTC_SESSION_QUEUE_CAPACITY,
            RTC_BATCH_SEND,
            REALTIME_MAX_COSPACES,
            REALTIME_MAX_PARTICIPANTS,
            REALTIME_MAX_PUBLISHERS,
            REALTIME_PRESENCE_GRACE,
            REALTIME_MAX_MESSAGE_BYTES,
            REALTIME_CONNECT_RATE_PER_MINUTE,
            REALTIME_MESSAGE_RATE_PER_SECOND,
            REALTIME_MESSAGE_BURST,
            REALTIME_MESSAGE_FLOOD_LIMIT,
            REALTIME_ALLOWED_ORIGINS,
            REALTIME_MAX_SOCKET_MESSAGE_BYTES,
            STORE_DATA_SOURCE,
            LOGGER_ENABLE_CONSOLE,
            LOGGER_CONSOLE_JSON,
            LOGGER_CONSOLE_LEVEL,
            LOGGER_ENABLE_FILE,
            LOGGER_FILE_JSON,
            LOGGER_FILE_LEVEL,
            LOGGER_FILE_LOCATION,
            LOGGER_ENABLE_COLOR,
            CONFIG_STRICT);

    private static final Map<String, ConfigKey> BY_PATH = index();

    private ConfigKeys() {}

    /** The key with this dotted path, or null. */
    public static ConfigKey byPath(String path) {
        return BY_PATH.get(path);
    }

    private static Map<String, ConfigKey> index() {
        Map<String, ConfigKey> m = new LinkedHashMap<>();
        for (ConfigKey k : ALL) {
            m.put(k.path(), k);
        }
        return Map.copyOf(m);
    }
}
