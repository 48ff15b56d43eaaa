package io.rtcd.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.filter.ThresholdFilter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.util.FileSize;
import io.rtcd.service.config.LogConfig;
import java.util.Locale;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Configures the logging backend (Logback), which lives only in this module. Plain output is {@code key=value}
 * (SLF4J key-value pairs appear as fields); JSON output is one object per line. The file target rotates at 100 MB
 * and keeps five gzipped files, as rtcd's.
 */
final class LoggingSetup {
    private static final String PLAIN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} level=%level logger=%logger{0} thread=%thread"
            + " msg=\"%msg\" %kvp%n%ex{short}";
    private static final String PLAIN_COLOR = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %highlight(level=%level)"
            + " logger=%cyan(%logger{0}) thread=%thread msg=\"%msg\" %kvp%n%ex{short}";

    private LoggingSetup() {}

    /** Logging for {@code serve}: the configured targets. */
    static void apply(LogConfig config) {
        LoggerContext ctx = reset();
        Level consoleLevel = level(config.consoleLevel());
        Level fileLevel = level(config.fileLevel());
        Level root = Level.OFF;
        ch.qos.logback.classic.Logger rootLogger = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        if (config.enableConsole()) {
            ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
            console.setName("console");
            attach(ctx, rootLogger, console, consoleLevel, encoder(ctx, config.consoleJson(), config.enableColor()));
            root = finer(root, consoleLevel);
        }
        if (config.enableFile()) {
            RollingFileAppender<ILoggingEvent> file = new RollingFileAppender<>();
            file.setName("file");
            file.setContext(ctx);
            file.setFile(config.fileLocation());
            FixedWindowRollingPolicy rolling = new FixedWindowRollingPolicy();
            rolling.setContext(ctx);
            rolling.setParent(file);
            rolling.setFileNamePattern(config.fileLocation() + ".%i.gz");
            rolling.setMinIndex(1);
            rolling.setMaxIndex(5);
            rolling.start();
            SizeBasedTriggeringPolicy<ILoggingEvent> trigger = new SizeBasedTriggeringPolicy<>();
            trigger.setContext(ctx);
            trigger.setMaxFileSize(FileSize.valueOf("100MB"));
            trigger.start();
            file.setRollingPolicy(rolling);
            file.setTriggeringPolicy(trigger);
            attach(ctx, rootLogger, file, fileLevel, encoder(ctx, config.fileJson(), false));
            root = finer(root, fileLevel);
        }
        rootLogger.setLevel(root);
        quietLibraries(ctx);
        bridgeJul();
    }

    /** Logging for the short-lived admin commands: warnings and errors only, on stderr. */
    static void applyQuiet() {
        LoggerContext ctx = reset();
        ch.qos.logback.classic.Logger rootLogger = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setTarget("System.err");
        attach(ctx, rootLogger, console, Level.WARN, encoder(ctx, false, false));
        rootLogger.setLevel(Level.WARN);
        quietLibraries(ctx);
        bridgeJul();
    }

    /** Maps rtcd's level names to Logback levels. */
    static Level level(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "panic", "fatal", "error" -> Level.ERROR;
            case "warn" -> Level.WARN;
            case "debug" -> Level.DEBUG;
            case "trace" -> Level.TRACE;
            default -> Level.INFO;
        };
    }

    private static LoggerContext reset() {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        ctx.reset();
        return ctx;
    }

    private static void attach(
            LoggerContext ctx,
            ch.qos.logback.classic.Logger root,
            OutputStreamAppender<ILoggingEvent> appender,
            Level threshold,
            Encoder<ILoggingEvent> encoder) {
        appender.setContext(ctx);
        appender.setEncoder(encoder);
        ThresholdFilter filter = new ThresholdFilter();
        filter.setLevel(threshold.levelStr);
        filter.start();
        appender.addFilter(filter);
        appender.start();
        root.addAppender(appender);
    }

    private static Encoder<ILoggingEvent> encoder(LoggerContext ctx, boolean json, boolean color) {
        if (json) {
            JsonEncoder enc = new JsonEncoder();
            enc.setContext(ctx);
            enc.setWithSequenceNumber(false);
            enc.setWithContext(false);
            enc.start();
            return enc;
        }
        PatternLayoutEncoder enc = new PatternLayoutEncoder();
        enc.setContext(ctx);
        enc.setPattern(color ? PLAIN_COLOR : PLAIN);
        enc.start();
        return enc;
    }

    /**
     * Jetty's DEBUG output includes request headers (and so Authorization values): it is capped at INFO so that
     * secrets never reach a log, whatever level the operator picks.
     */
    private static void quietLibraries(LoggerContext ctx) {
        ctx.getLogger("org.eclipse.jetty").setLevel(Level.INFO);
        ctx.getLogger("org.mapdb").setLevel(Level.INFO);
    }

    private static Level finer(Level a, Level b) {
        return a.toInt() <= b.toInt() ? a : b;
    }

    private static void bridgeJul() {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
    }
}
