package io.rtcd.rtc.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Mutated browser offers either parse (and then round-trip) or fail with SdpParseException, never anything else. */
class SdpParserFuzzTest {
    private static final String ALPHABET = " :/;=-~*\r\n0123456789abcmavsoAZ";

    private static String mutate(String text, Random r) {
        StringBuilder sb = new StringBuilder(text);
        int edits = 1 + r.nextInt(4);
        for (int e = 0; e < edits; e++) {
            int at = r.nextInt(sb.length());
            switch (r.nextInt(3)) {
                case 0 -> sb.deleteCharAt(at);
                case 1 -> sb.insert(at, ALPHABET.charAt(r.nextInt(ALPHABET.length())));
                default -> sb.setCharAt(at, ALPHABET.charAt(r.nextInt(ALPHABET.length())));
            }
        }
        return sb.toString();
    }

    @Test
    void mutatedOffersFailOnlyWithSdpParseException() {
        Random r = new Random(1234);
        String[] seeds = {SdpResources.chromeOffer(), SdpResources.firefoxOffer()};
        int parsed = 0;
        int rejected = 0;
        int answered = 0;
        for (int i = 0; i < 3000; i++) {
            String text = mutate(seeds[i % 2], r);
            SessionDescription sd;
            try {
                sd = SdpParser.parse(text);
            } catch (SdpParseException expected) {
                assertTrue(expected.getMessage().startsWith("line ") || expected.lineNumber() == 0);
                rejected++;
                continue;
            }
            parsed++;
            String written = SdpWriter.write(sd);
            assertEquals(sd, SdpParser.parse(written), "write then parse is stable");
            try {
                WebRtcSdpValidator.validateOffer(sd);
            } catch (SdpParseException ignored) {
                // a mutation may break a WebRTC rule; it must still be reported as SdpParseException
                continue;
            }
            SessionDescription answer = new SdpAnswerBuilder(
                            sd, "sfuU", "sfuPasswordSfuPassword1", Fingerprint.of("sha-256", new byte[32]))
                    .build();
            WebRtcSdpValidator.validateAnswer(answer);
            assertEquals(answer, SdpParser.parse(SdpWriter.write(answer)));
            answered++;
        }
        assertTrue(parsed > 100 && rejected > 100, "both outcomes exercised: " + parsed + " / " + rejected);
        assertTrue(answered > 50, "valid mutated offers were answered: " + answered);
    }
}
