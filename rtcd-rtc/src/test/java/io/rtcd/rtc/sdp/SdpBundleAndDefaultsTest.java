package io.rtcd.rtc.sdp;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Effective values: session-level defaults (RFC 8866 §6.7) and BUNDLE-tagged transport attributes (RFC 8843). */
class SdpBundleAndDefaultsTest {
    private static final String FP = "sha-256 " + "AB:".repeat(31) + "AB";
    private static final String TAGGED_ONLY = "v=0\r\n"
            + "o=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\na=group:BUNDLE a v\r\na=sendonly\r\n"
            + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=mid:a\r\na=ice-ufrag:abcd\r\n"
            + "a=ice-pwd:0123456789012345678901\r\na=fingerprint:" + FP + "\r\na=setup:actpass\r\na=rtcp-mux\r\n"
            + "a=rtpmap:111 opus/48000/2\r\n"
            + "m=video 0 UDP/TLS/RTP/SAVPF 96\r\nc=IN IP4 0.0.0.0\r\na=bundle-only\r\na=mid:v\r\na=recvonly\r\n"
            + "a=rtcp-mux\r\na=rtpmap:96 VP8/90000\r\n";

    @Test
    void bundleOnlySectionIsActiveAndUsesTheTaggedTransport() {
        SessionDescription sd = SdpParser.parse(TAGGED_ONLY);
        MediaDescription video = sd.media().get(1);
        assertTrue(video.isBundleOnly());
        assertFalse(video.isRejected());
        assertEquals("abcd", sd.iceUfrag(video).orElseThrow());
        assertEquals(Setup.ACTPASS, sd.setup(video).orElseThrow());
        assertEquals(1, sd.fingerprints(video).size());
        assertEquals(sd.media().get(0), sd.transportSection(video));
        assertDoesNotThrow(() -> WebRtcSdpValidator.validateOffer(sd));
        assertEquals(TAGGED_ONLY, SdpWriter.write(sd));
    }

    @Test
    void sessionLevelDirectionIsTheDefault() {
        SessionDescription sd = SdpParser.parse(TAGGED_ONLY);
        assertEquals(Direction.SENDONLY, sd.direction(sd.media().get(0)));
        assertEquals(Direction.RECVONLY, sd.direction(sd.media().get(1)));
        SessionDescription answer = new SdpAnswerBuilder(
                        sd, "sfuU", "sfuPasswordSfuPassword1", Fingerprint.of("sha-256", new byte[32]))
                .build();
        assertEquals(Direction.RECVONLY, answer.media().get(0).direction(), "answers the session-level sendonly");
        assertEquals(Direction.INACTIVE, answer.media().get(1).direction(), "we only receive; they only receive");
    }

    @Test
    void directionAlgebra() {
        assertEquals(Direction.RECVONLY, Direction.SENDONLY.reverse());
        assertEquals(Direction.SENDRECV, Direction.SENDRECV.reverse());
        assertEquals(Direction.INACTIVE, Direction.RECVONLY.intersect(Direction.SENDONLY));
        assertEquals(Direction.RECVONLY, Direction.SENDRECV.intersect(Direction.RECVONLY));
        assertEquals(Setup.PASSIVE, Setup.ACTPASS.answerTo());
        assertEquals(Setup.ACTIVE, Setup.PASSIVE.answerTo());
    }
}
