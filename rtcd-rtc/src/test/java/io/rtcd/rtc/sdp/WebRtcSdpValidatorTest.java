package io.rtcd.rtc.sdp;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WebRtcSdpValidatorTest {

    private static void rejects(String text, String expected) {
        SessionDescription sd = SdpParser.parse(text);
        SdpParseException e = assertThrows(SdpParseException.class, () -> WebRtcSdpValidator.validateOffer(sd));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void browserOffersAreValid() {
        assertDoesNotThrow(() -> WebRtcSdpValidator.validateOffer(SdpParser.parse(SdpResources.chromeOffer())));
        assertDoesNotThrow(() -> WebRtcSdpValidator.validateOffer(SdpParser.parse(SdpResources.firefoxOffer())));
    }

    @Test
    void missingFingerprint() {
        rejects(SdpResources.chromeOffer().replaceAll("a=fingerprint:[^\r]*\r\n", ""), "missing a=fingerprint");
        rejects(SdpResources.firefoxOffer().replaceAll("a=fingerprint:[^\r]*\r\n", ""), "missing a=fingerprint");
    }

    @Test
    void missingIceCredentials() {
        rejects(SdpResources.chromeOffer().replaceAll("a=ice-ufrag:[^\r]*\r\n", ""), "missing a=ice-ufrag");
        rejects(SdpResources.firefoxOffer().replaceAll("a=ice-pwd:[^\r]*\r\n", ""), "missing a=ice-pwd");
        rejects(SdpResources.chromeOffer().replace("a=ice-pwd:Fw4E9Ry2kJdLm8pQv7sT1uZb", "a=ice-pwd:short"), "22..256");
    }

    @Test
    void setupAndRtcpMux() {
        rejects(SdpResources.chromeOffer().replace("a=setup:actpass", "a=setup:holdconn"), "a=setup:actpass");
        assertDoesNotThrow(() -> WebRtcSdpValidator.validateOffer(
                SdpParser.parse(SdpResources.chromeOffer().replace("a=setup:actpass", "a=setup:active"))));
        SessionDescription answer = SdpParser.parse(SdpResources.chromeOffer());
        SdpParseException e = assertThrows(SdpParseException.class, () -> WebRtcSdpValidator.validateAnswer(answer));
        assertTrue(e.getMessage().contains("a=setup:active or passive"), e.getMessage());
        rejects(SdpResources.chromeOffer().replace("a=rtcp-mux\r\n", ""), "missing a=rtcp-mux");
    }

    @Test
    void bundleConsistency() {
        rejects(
                SdpResources.chromeOffer().replace("a=group:BUNDLE 0 1 2 3", "a=group:BUNDLE 0 1 2 3 9"),
                "unknown mid 9");
        rejects(SdpResources.chromeOffer().replace("a=group:BUNDLE 0 1 2 3", "a=group:BUNDLE 0 1 1 3"), "two BUNDLE");
        rejects(
                SdpResources.chromeOffer().replace("m=application 9 ", "m=application 0 "),
                "BUNDLE names rejected mid 3");
    }
}
