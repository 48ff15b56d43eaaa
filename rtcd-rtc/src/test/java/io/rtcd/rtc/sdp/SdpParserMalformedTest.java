package io.rtcd.rtc.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SdpParserMalformedTest {
    private static final String HEAD = "v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";
    private static final String AUDIO = "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\n";

    private static SdpParseException fails(String text, int line, String badLine, String reason) {
        SdpParseException e = assertThrows(SdpParseException.class, () -> SdpParser.parse(text));
        assertEquals(line, e.lineNumber(), e.getMessage());
        assertTrue(e.getMessage().startsWith("line " + line + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("'" + badLine + "'"), e.getMessage());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
        return e;
    }

    @Test
    void badMediaLine() {
        fails(HEAD + "m=audio 9\r\n", 5, "m=audio 9", "bad m= line");
    }

    @Test
    void nonNumericPort() {
        fails(
                HEAD + "m=audio nine UDP/TLS/RTP/SAVPF 111\r\n",
                5,
                "m=audio nine UDP/TLS/RTP/SAVPF 111",
                "non-numeric m= port");
    }

    @Test
    void portOutOfRange() {
        fails(
                HEAD + "m=audio 70000 UDP/TLS/RTP/SAVPF 111\r\n",
                5,
                "m=audio 70000 UDP/TLS/RTP/SAVPF 111",
                "out of range");
    }

    @Test
    void badPayloadTypeInMediaLine() {
        fails(HEAD + "m=audio 9 UDP/TLS/RTP/SAVPF 128\r\n", 5, "m=audio 9 UDP/TLS/RTP/SAVPF 128", "m= payload type");
    }

    @Test
    void badRtpmap() {
        fails(HEAD + AUDIO + "a=rtpmap:111 opus\r\n", 6, "a=rtpmap:111 opus", "bad rtpmap encoding");
        fails(HEAD + AUDIO + "a=rtpmap:abc opus/48000/2\r\n", 6, "a=rtpmap:abc opus/48000/2", "rtpmap payload type");
        fails(HEAD + AUDIO + "a=rtpmap:111 opus/fast/2\r\n", 6, "a=rtpmap:111 opus/fast/2", "rtpmap clock rate");
    }

    @Test
    void missingVersion() {
        fails("o=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\n", 1, "o=- 1 1 IN IP4 0.0.0.0", "missing v=");
        SdpParseException empty = assertThrows(SdpParseException.class, () -> SdpParser.parse(""));
        assertTrue(empty.getMessage().contains("missing v="));
    }

    @Test
    void lineWithoutEquals() {
        fails(HEAD + AUDIO + "a-mid:0\r\n", 6, "a-mid:0", "line without '='");
        fails(HEAD + "x\r\n", 5, "x", "line without '='");
    }

    @Test
    void badExtmapId() {
        fails(HEAD + AUDIO + "a=extmap:0 urn:x\r\n", 6, "a=extmap:0 urn:x", "extmap id out of range 1..255");
        fails(HEAD + AUDIO + "a=extmap:256 urn:x\r\n", 6, "a=extmap:256 urn:x", "extmap id out of range 1..255");
        fails(HEAD + AUDIO + "a=extmap:x urn:x\r\n", 6, "a=extmap:x urn:x", "non-numeric extmap id");
        fails(HEAD + AUDIO + "a=extmap:1 urn:x\r\na=extmap:1 urn:y\r\n", 7, "a=extmap:1 urn:y", "duplicate extmap id");
    }

    @Test
    void extmapTwoByteIdsAreAccepted() {
        SessionDescription sd = SdpParser.parse(HEAD + AUDIO + "a=extmap:15 urn:x\r\na=extmap:255 urn:y\r\n");
        assertTrue(sd.media().get(0).extMaps().get(0).requiresTwoByteHeader());
        assertEquals(255, sd.media().get(0).extMaps().get(1).id());
    }

    @Test
    void duplicateMid() {
        fails(HEAD + AUDIO + "a=mid:0\r\n" + AUDIO + "a=mid:0\r\n", 8, "a=mid:0", "duplicate mid '0'");
    }

    @Test
    void otherMalformedLines() {
        fails(HEAD + "\r\n" + AUDIO, 5, "", "empty line");
        fails("v=1\r\n", 1, "v=1", "unsupported version");
        fails("v=0\r\no=- x 1 IN IP4 0.0.0.0\r\n", 2, "o=- x 1 IN IP4 0.0.0.0", "non-numeric origin session id");
        fails(HEAD + AUDIO + "a=setup:maybe\r\n", 6, "a=setup:maybe", "bad setup role");
        fails(HEAD + AUDIO + "a=sctp-port:x\r\n", 6, "a=sctp-port:x", "non-numeric sctp-port");
        fails(HEAD + AUDIO + "a=ssrc:4294967296 cname:x\r\n", 6, "a=ssrc:4294967296 cname:x", "ssrc out of range");
        fails(
                HEAD + AUDIO + "a=candidate:1 1 udp 1 1.2.3.4 x typ host\r\n",
                6,
                "a=candidate:1 1 udp 1 1.2.3.4 x typ host",
                "non-numeric candidate port");
        fails(
                HEAD + AUDIO + "a=fingerprint:sha-256 ZZ:00\r\n",
                6,
                "a=fingerprint:sha-256 ZZ:00",
                "bad fingerprint hex");
        fails(HEAD + AUDIO + "a=simulcast:both a;b\r\n", 6, "a=simulcast:both a;b", "bad simulcast direction");
        fails(HEAD + "v=0\r\n", 5, "v=0", "repeated v= line");
        fails(
                HEAD + "m=audio 9 UDP/TLS\r/RTP/SAVPF 111\r\n",
                5,
                "m=audio 9 UDP/TLS\r/RTP/SAVPF 111",
                "control character");
    }
}
