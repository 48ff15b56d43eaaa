package io.rtcd.rtc.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SdpRoundTripTest {

    @Test
    void chromeOfferRoundTripsByteForByte() {
        String text = SdpResources.chromeOffer();
        assertEquals(text, SdpWriter.write(SdpParser.parse(text)));
    }

    @Test
    void firefoxOfferRoundTripsByteForByte() {
        String text = SdpResources.firefoxOffer();
        assertEquals(text, SdpWriter.write(SdpParser.parse(text)));
    }

    @Test
    void chromeOfferIsTyped() {
        SessionDescription sd = SdpParser.parse(SdpResources.chromeOffer());
        assertEquals("4611731400430051336", sd.origin().sessionId());
        assertEquals(List.of("0", "1", "2", "3"), sd.bundleGroup().orElseThrow().mids());
        assertTrue(sd.extmapAllowMixed());
        assertEquals(4, sd.media().size());

        MediaDescription audio = sd.media().get(0);
        assertEquals(MediaKind.AUDIO, audio.kind());
        assertEquals(50947, audio.port());
        assertEquals("0", audio.mid().orElseThrow());
        assertEquals(Direction.SENDRECV, audio.direction());
        assertEquals(new RtpMap(111, "opus", 48000, 2), audio.rtpMap(111).orElseThrow());
        assertEquals("1", audio.fmtp(111).orElseThrow().parameterMap().get("useinbandfec"));
        assertEquals(
                List.of("transport-cc"),
                audio.rtcpFbs(111).stream().map(RtcpFb::feedback).toList());
        assertEquals(1, audio.extMap(ExtMap.AUDIO_LEVEL).orElseThrow().id());
        assertEquals(3, audio.candidates().size());
        Candidate srflx = audio.candidates().get(2);
        assertEquals("srflx", srflx.type());
        assertEquals("203.0.113.7", srflx.address());
        assertEquals(1686052607L, srflx.priority());
        assertEquals(List.of(1001145634L), audio.ssrcIds());
        assertEquals("Xq3n", sd.iceUfrag(audio).orElseThrow());
        assertEquals(Setup.ACTPASS, sd.setup(audio).orElseThrow());
        assertEquals(32, sd.fingerprints(audio).get(0).digest().length);
        assertTrue(audio.rtcpMux());
        assertTrue(audio.rtcpRsize());

        MediaDescription camera = sd.media().get(1);
        assertEquals(Direction.SENDONLY, camera.direction());
        SsrcGroup fid = camera.ssrcGroups().get(0);
        assertEquals("FID", fid.semantics());
        assertEquals(List.of(2526186417L, 3710358405L), fid.ssrcs());
        assertEquals(
                List.of("goog-remb", "transport-cc", "ccm fir", "nack", "nack pli"),
                camera.rtcpFbs(96).stream().map(RtcpFb::feedback).toList());
        assertEquals(
                "3f6b2f1d-8d5c-4c1e-9a52-6c0f0b1e7a11", camera.msids().get(0).streamId());

        MediaDescription screen = sd.media().get(2);
        assertEquals(List.of("l", "h"), screen.simulcast().orElseThrow().sendRids());
        assertEquals(List.of("l", "h"), screen.rids().stream().map(Rid::id).toList());
        assertTrue(screen.ssrcs().isEmpty());
        assertEquals(10, screen.extMap(ExtMap.SDES_RTP_STREAM_ID).orElseThrow().id());

        MediaDescription data = sd.media().get(3);
        assertEquals(MediaKind.APPLICATION, data.kind());
        assertFalse(data.isRtp());
        assertEquals(5000, data.sctpPort().orElseThrow());
        assertEquals(262144L, data.maxMessageSize().orElseThrow());
    }

    @Test
    void firefoxOfferUsesSessionLevelFingerprintAndExtmapDirections() {
        SessionDescription sd = SdpParser.parse(SdpResources.firefoxOffer());
        assertEquals("mozilla...THIS_IS_SDPARTA-99.0", sd.origin().username());
        assertEquals("7053412960418375117", sd.origin().sessionId());
        assertEquals(List.of("trickle"), sd.iceOptions());
        MediaDescription audio = sd.media().get(0);
        assertTrue(audio.fingerprints().isEmpty());
        assertEquals("sha-256", sd.fingerprints(audio).get(0).hashFunction());
        ExtMap csrcLevel = audio.extMaps().get(1);
        assertEquals(Direction.RECVONLY, csrcLevel.direction());
        assertEquals(new RtpMap(9, "G722", 8000, 1), audio.rtpMap(9).orElseThrow());
        assertEquals("", audio.fmtp(101).orElseThrow().parameterMap().get("0-15"));
        MediaDescription video = sd.media().get(1);
        assertEquals(
                List.of(3536210312L, 1690245862L), video.ssrcGroups().get(0).ssrcs());
        assertEquals(1073741823L, sd.media().get(2).maxMessageSize().orElseThrow());
    }

    @Test
    void lfOnlyInputParsesAndIsWrittenWithCrlf() {
        String crlf = SdpResources.firefoxOffer();
        String lf = crlf.replace("\r\n", "\n");
        assertEquals(crlf, SdpWriter.write(SdpParser.parse(lf)));
    }

    @Test
    void unknownLinesAreKeptInOrder() {
        String text = "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nb=AS:300\r\nt=0 0\r\na=x-custom:a b  c\r\n"
                + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nb=TIAS:64000\r\na=zzz\r\na=mid:a\r\na=foo:\r\n";
        SessionDescription sd = SdpParser.parse(text);
        assertEquals(text, SdpWriter.write(sd));
        assertEquals("a b  c", sd.attributes().get(0).value());
        assertEquals(new SdpField('b', "TIAS:64000"), sd.media().get(0).fields().get(0));
    }
}
