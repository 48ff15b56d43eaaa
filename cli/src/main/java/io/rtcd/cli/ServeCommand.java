package io.rtcd.cli;

import io.rtcd.service.RtcdService;
import io.rtcd.service.config.ConfigLoader;
import io.rtcd.service.config.LoadedConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code rtcd serve}: runs the server until SIGINT/SIGTERM, then drains and stops. */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description =
                "Run the server. With no --config, ./config/rtcd.toml is used if present, else embedded defaults.")
final class ServeCommand implements Callable<Integer> {
    static final Path DEFAULT_CONFIG = Path.of("config", "rtcd.toml");

    @Option(
            names = {"-c", "--config"},
            paramLabel = "FILE",
            description = "TOML configuration file.")
    Path config;

    @Option(
            names = "--set",
            paramLabel = "KEY=VALUE",
            description =
                    "Override one setting, e.g. --set api.http.listen_address=:9000 (repeatable; beats file and env).")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--listen", paramLabel = "ADDR", description = "Shortcut for --set api.http.listen_address=ADDR.")
    String listen;

    @Override
    public Integer call() throws InterruptedException {
        Optional<Path> file = Optional.ofNullable(config);
        if (file.isEmpty() && Files.isRegularFile(DEFAULT_CONFIG)) {
            file = Optional.of(DEFAULT_CONFIG);
        }
        List<String> all = new ArrayList<>(overrides);
        if (listen != null) {
            all.add("api.http.listen_address=" + listen);
        }
        LoadedConfig loaded = ConfigLoader.load(file, System.getenv(), all);
        LoggingSetup.apply(loaded.config().log());
        Logger log = LoggerFactory.getLogger(ServeCommand.class);
        log.atInfo()
                .addKeyValue("config", file.map(Path::toString).orElse("embedded defaults"))
                .log("loading configuration");
        loaded.warnings().forEach(w -> log.warn("config: {}", w));

        RtcdService service = new RtcdService(loaded.config());
        // Start first, then listen for signals: a start that fails has closed what it opened and is reported as
        // one line by Main, with no "draining" of a server that never ran.
        service.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            log.info("shutdown signal received, draining");
                            service.close();
                            stopped.countDown();
                        },
                        "rtcd-shutdown"));
        stopped.await();
        return 0;
    }
}
