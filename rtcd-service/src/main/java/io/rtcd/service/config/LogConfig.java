package io.rtcd.service.config;

import java.util.Locale;
import java.util.Set;

/**
 * Logging targets and levels. Applied by the executable (the {@code cli} module owns the logging backend); the
 * service only validates it.
 */
public record LogConfig(
        boolean enableConsole,
        boolean consoleJson,
        String consoleLevel,
        boolean enableFile,
        boolean fileJson,
        String fileLevel,
        String fileLocation,
        boolean enableColor) {

    /** Levels as rtcd spells them; {@code panic}/{@code fatal} map to ERROR, {@code stdlog} to INFO. */
    public static final Set<String> LEVELS =
            Set.of("panic", "fatal", "error", "warn", "info", "debug", "trace", "stdlog");

    public LogConfig {
        requireLevel("logger.console_level", consoleLevel);
        requireLevel("logger.file_level", fileLevel);
        if (!enableConsole && !enableFile) {
            throw new IllegalArgumentException(
                    "logger.enable_console and logger.enable_file are both false: enable at least one log target");
        }
        if (enableFile && (fileLocation == null || fileLocation.isBlank())) {
            throw new IllegalArgumentException("logger.file_location must be set when logger.enable_file is true");
        }
    }

    public static LogConfig defaults() {
        return new LogConfig(true, false, "INFO", false, true, "DEBUG", "rtcd.log", false);
    }

    private static void requireLevel(String key, String level) {
        if (level == null || !LEVELS.contains(level.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException(
                    key + " is '" + level + "': must be one of panic, fatal, error, warn, info, debug, trace, stdlog");
        }
    }
}
