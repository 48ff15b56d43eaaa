package io.rtcd.service;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * What {@code GET /version} reports. {@code buildVersion} is {@code v1.0.0}-style for release builds and
 * {@code dev-<sha>} for builds from a checkout, both accepted by the Mattermost Calls plugin's version gate.
 */
public record BuildInfo(String buildVersion, String buildHash, String buildDate) {
    private static final String RESOURCE = "/io/rtcd/service/build.properties";

    /** Reads the properties Maven filtered into the jar; unfiltered or missing values read as "dev"/"unknown". */
    public static BuildInfo load() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // Not fatal: the version endpoint then says "dev".
            return new BuildInfo("dev", "unknown", "unknown");
        }
        String version = clean(p.getProperty("buildVersion"), "dev");
        if (version.equals("dev-") || version.endsWith("-unknown")) {
            version = "dev";
        }
        return new BuildInfo(
                version, clean(p.getProperty("buildHash"), "unknown"), clean(p.getProperty("buildDate"), "unknown"));
    }

    private static String clean(String value, String fallback) {
        if (value == null || value.isBlank() || value.contains("${")) {
            return fallback;
        }
        return value;
    }
}
