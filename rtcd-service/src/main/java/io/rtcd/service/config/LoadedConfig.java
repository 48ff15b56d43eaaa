package io.rtcd.service.config;

import java.util.List;

/** A validated configuration plus the non-fatal findings of loading it (unknown keys), to be logged at start. */
public record LoadedConfig(RtcdConfig config, List<String> warnings) {}
