package io.rtcd.service.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The sample file and docs/config.md stay true: every key documented, and the sample shows the defaults. */
class ConfigSampleTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path SAMPLE = ROOT.resolve("config/rtcd.sample.toml");
    private static final Path DOCS = ROOT.resolve("docs/config.md");

    @Test
    void sampleParsesWithoutWarningsToTheDefaults() {
        LoadedConfig loaded = ConfigLoader.load(Optional.of(SAMPLE), Map.of(), List.of());
        assertTrue(loaded.warnings().isEmpty(), loaded.warnings().toString());
        assertEquals(RtcdConfig.defaults(), loaded.config());
    }

    @Test
    void everyKeyIsInTheSampleAndTheDocs() throws Exception {
        String sample = Files.readString(SAMPLE);
        String docs = Files.readString(DOCS);
        for (ConfigKey key : ConfigKeys.ALL) {
            String leaf = key.path().substring(key.path().indexOf('.') + 1);
            assertTrue(sample.contains(leaf + " ="), "sample documents " + key.path());
            assertTrue(docs.contains("`" + key.path() + "`"), "docs/config.md documents " + key.path());
            assertTrue(docs.contains(key.envName()), "docs/config.md names " + key.envName());
        }
    }
}
