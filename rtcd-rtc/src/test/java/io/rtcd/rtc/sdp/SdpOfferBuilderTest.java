package io.rtcd.rtc.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SdpOfferBuilderTest {
    private static final Fingerprint FP = Fingerprint.of("sha-256", new byte[32]);
    private static final Origin ORIGIN = new Origin("-", "8070314279185627471", "3", "IN", "IP4", "127.0.0.1");
    private static final Transceiver.Sender VOICE =
            new Transceiver.Sender(new Msid("session1", "voice_session1_abcdefgh"), 3_000_000_001L, "session1");

    private static SessionDescription offer() {
        return new SdpOfferBuilder(ORIGIN, "sfuU", "sfuPasswordSfuPassword1", FP)
                .candidates(List.of(Candidate.of("1", 1, "udp", 2130706431L, "127.0.0.1", 8443, "host")))
                .media(Transceiver.sending("0", MediaKind.AUDIO, VOICE))
                .media(Transceiver.receiving("1", MediaKind.VIDEO))
                .media(Transceiver.stopped("2", MediaKind.VIDEO))
                .dataChannel("3")
                .build();
    }

    @Test
    void offerIsValidAndRoundTrips() {
        SessionDescription sd = offer();
        WebRtcSdpValidator.validateOffer(sd);
        String text = SdpWriter.write(sd);
        assertEquals(sd, SdpParser.parse(text));
        assertEquals(List.of("0", "1", "3"), sd.bundleGroup().orElseThrow().mids());
        assertTrue(text.startsWith("v=0\r\no=- 8070314279185627471 3 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"), text);
    }

    @Test
    void sendingSectionAnnouncesMsidAndSsrc() {
        MediaDescription audio = offer().media().get(0);
        assertEquals(List.of("111"), audio.formats());
        assertEquals(Direction.SENDONLY, audio.direction());
        assertEquals("session1", audio.msids().get(0).streamId());
        assertEquals(List.of(3_000_000_001L), audio.ssrcIds());
        assertEquals("cname", audio.ssrcs().get(0).attribute());
        assertEquals(Setup.ACTPASS, audio.setup().orElseThrow());
        assertEquals(1, audio.extMap(ExtMap.AUDIO_LEVEL).orElseThrow().id());
        assertEquals(
                List.of("transport-cc"),
                audio.rtcpFbs(111).stream().map(RtcpFb::feedback).toList());
    }

    @Test
    void videoAndStoppedSections() {
        SessionDescription sd = offer();
        MediaDescription video = sd.media().get(1);
        assertEquals(List.of("96", "45"), video.formats());
        assertEquals(Direction.RECVONLY, video.direction());
        assertTrue(video.ssrcs().isEmpty());
        MediaDescription stopped = sd.media().get(2);
        assertTrue(stopped.isRejected());
        assertEquals("2", stopped.mid().orElseThrow());
        assertEquals(5000, sd.media().get(3).sctpPort().orElseThrow());
    }

    @Test
    void answerToOurOfferReversesDirections() {
        SessionDescription answer = new SdpAnswerBuilder(offer(), "peer", "peerPasswordPeerPassword", FP)
                .direction(Direction.SENDRECV)
                .build();
        WebRtcSdpValidator.validateAnswer(answer);
        assertEquals(Direction.RECVONLY, answer.media().get(0).direction());
        assertEquals(Direction.SENDONLY, answer.media().get(1).direction());
        assertTrue(answer.media().get(2).isRejected());
        assertEquals(List.of("0", "1", "3"), answer.bundleGroup().orElseThrow().mids());
    }

    @Test
    void sendingWithoutSenderIsRejected() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> new Transceiver("0", MediaKind.AUDIO, Direction.SENDONLY, null, false));
        assertEquals("a sending transceiver needs a sender (mid 0)", e.getMessage());
    }
}
