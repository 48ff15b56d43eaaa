package io.rtcd.rtc.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SdpAnswerBuilderTest {
    private static final String UFRAG = "sfuU";
    private static final String PWD = "sfuPasswordSfuPassword1";
    private static final Fingerprint FINGERPRINT = Fingerprint.of("SHA-256", new byte[32]);
    private static final Candidate HOST = Candidate.of("1", 1, "udp", 2130706431L, "127.0.0.1", 8443, "host");

    private static SessionDescription answerChrome() {
        SessionDescription offer = SdpParser.parse(SdpResources.chromeOffer());
        WebRtcSdpValidator.validateOffer(offer);
        return new SdpAnswerBuilder(offer, UFRAG, PWD, FINGERPRINT)
                .origin(new Origin("-", "9223372036854775807", "2", "IN", "IP4", "127.0.0.1"))
                .candidates(List.of(HOST))
                .codecs(List.of(CodecSpec.opus(), CodecSpec.vp8()))
                .extensions(Set.of(ExtMap.AUDIO_LEVEL, ExtMap.SDES_MID, ExtMap.ABS_SEND_TIME, ExtMap.TRANSPORT_CC))
                .direction("0", Direction.SENDRECV)
                .build();
    }

    @Test
    void acceptsOpusAndVp8WithTheirFeedbackAndExtensions() {
        SessionDescription answer = answerChrome();
        MediaDescription audio = answer.media().get(0);
        assertEquals(List.of("111"), audio.formats());
        assertEquals(9, audio.port());
        assertEquals(Direction.SENDRECV, audio.direction());
        assertEquals(new RtpMap(111, "opus", 48000, 2), audio.rtpMap(111).orElseThrow());
        assertEquals("minptime=10;useinbandfec=1", audio.fmtp(111).orElseThrow().parameters());
        assertEquals(
                List.of("transport-cc"),
                audio.rtcpFbs(111).stream().map(RtcpFb::feedback).toList());
        assertEquals(
                List.of(ExtMap.AUDIO_LEVEL, ExtMap.ABS_SEND_TIME, ExtMap.TRANSPORT_CC, ExtMap.SDES_MID),
                audio.extMaps().stream().map(ExtMap::uri).toList());
        assertEquals(
                List.of(1, 2, 3, 4), audio.extMaps().stream().map(ExtMap::id).toList());

        MediaDescription camera = answer.media().get(1);
        assertEquals(List.of("96"), camera.formats());
        assertEquals(Direction.RECVONLY, camera.direction(), "sendonly offer answered recvonly");
        assertEquals(
                List.of("goog-remb", "transport-cc", "ccm fir", "nack", "nack pli"),
                camera.rtcpFbs(96).stream().map(RtcpFb::feedback).toList());
        assertEquals(
                List.of(ExtMap.ABS_SEND_TIME, ExtMap.TRANSPORT_CC, ExtMap.SDES_MID),
                camera.extMaps().stream().map(ExtMap::uri).toList());
        assertTrue(camera.rtpMap(97).isEmpty(), "no RTX");
        assertTrue(camera.rtcpRsize());
    }

    @Test
    void answersSimulcastSendWithRecv() {
        MediaDescription screen = answerChrome().media().get(2);
        assertEquals(List.of("l", "h"), screen.simulcast().orElseThrow().recvRids());
        assertEquals(
                List.of("recv", "recv"),
                screen.rids().stream().map(Rid::direction).toList());
    }

    @Test
    void transportAttributesAndDataChannel() {
        SessionDescription answer = answerChrome();
        for (MediaDescription m : answer.media()) {
            assertEquals(UFRAG, answer.iceUfrag(m).orElseThrow());
            assertEquals(PWD, answer.icePwd(m).orElseThrow());
            assertEquals(Setup.PASSIVE, answer.setup(m).orElseThrow(), "actpass answered passive");
            assertEquals(FINGERPRINT, answer.fingerprints(m).get(0));
            assertEquals(List.of(HOST), m.candidates());
        }
        MediaDescription data = answer.media().get(3);
        assertEquals(List.of("webrtc-datachannel"), data.formats());
        assertEquals(5000, data.sctpPort().orElseThrow());
        assertEquals(
                List.of("0", "1", "2", "3"), answer.bundleGroup().orElseThrow().mids());
        assertEquals("9223372036854775807", answer.origin().sessionId());
        WebRtcSdpValidator.validateAnswer(answer);
    }

    @Test
    void rejectsSectionsWithoutSupportedCodecsAndDropsThemFromBundle() {
        SessionDescription offer = SdpParser.parse(SdpResources.chromeOffer());
        SessionDescription answer = new SdpAnswerBuilder(offer, UFRAG, PWD, FINGERPRINT)
                .codecs(List.of(CodecSpec.opus()))
                .build();
        MediaDescription camera = answer.media().get(1);
        assertTrue(camera.isRejected());
        assertEquals(offer.media().get(1).formats(), camera.formats());
        assertEquals("1", camera.mid().orElseThrow());
        assertTrue(camera.rtpMaps().isEmpty());
        assertTrue(answer.media().get(2).isRejected());
        assertFalse(answer.media().get(0).isRejected());
        assertEquals(List.of("0", "3"), answer.bundleGroup().orElseThrow().mids());
        WebRtcSdpValidator.validateAnswer(answer);
    }

    @Test
    void answerRoundTripsThroughTheWriter() {
        SessionDescription answer = answerChrome();
        String text = SdpWriter.write(answer);
        assertEquals(answer, SdpParser.parse(text));
        assertEquals(text, SdpWriter.write(SdpParser.parse(text)));
        assertTrue(text.contains("a=setup:passive\r\n"));
        assertTrue(text.contains("m=video 0 UDP/TLS/RTP/SAVPF") == false);
    }

    @Test
    void firefoxOfferIsAnsweredWithItsPayloadTypes() {
        SessionDescription offer = SdpParser.parse(SdpResources.firefoxOffer());
        SessionDescription answer = new SdpAnswerBuilder(offer, UFRAG, PWD, FINGERPRINT).build();
        assertEquals(List.of("109"), answer.media().get(0).formats());
        assertEquals(List.of("120", "99"), answer.media().get(1).formats(), "VP8 and AV1 in offer order");
        assertEquals(Setup.PASSIVE, answer.setup(answer.media().get(2)).orElseThrow());
        WebRtcSdpValidator.validateAnswer(answer);
    }
}
