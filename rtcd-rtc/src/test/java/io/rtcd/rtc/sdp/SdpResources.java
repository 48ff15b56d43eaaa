package io.rtcd.rtc.sdp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Loads the captured-style browser offers under {@code src/test/resources/sdp/}. */
final class SdpResources {
    private SdpResources() {}

    static String load(String name) {
        try (InputStream in = SdpResources.class.getResourceAsStream("/sdp/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource /sdp/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String chromeOffer() {
        return load("chrome-offer.sdp");
    }

    static String firefoxOffer() {
        return load("firefox-offer.sdp");
    }
}
