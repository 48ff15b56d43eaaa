package io.rtcd.bench.load;

import io.rtcd.rtc.sdp.Attribute;
import io.rtcd.rtc.sdp.Direction;
import io.rtcd.rtc.sdp.Fingerprint;
import io.rtcd.rtc.sdp.MediaDescription;
import io.rtcd.rtc.sdp.SdpAnswerBuilder;
import io.rtcd.rtc.sdp.SdpParser;
import io.rtcd.rtc.sdp.SdpWriter;
import io.rtcd.rtc.sdp.SessionDescription;
import io.rtcd.rtc.sdp.Setup;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Browser-like SDP for the load peers (JSEP, RFC 8829): an offer with one Opus section (and a VP8 section for a video
 * publisher), and the answer to a server renegotiation offer. A listener offers audio without {@code a=ssrc}, so it
 * publishes nothing.
 */
final class BenchSdp {
    static final int OPUS_PT = 111;
    static final int VP8_PT = 96;
    static final int AUDIO_LEVEL_ID = 1;

    private BenchSdp() {}

    /** Offer; {@code audioSsrc == 0}: no audio source (listener); {@code videoSsrc != 0}: also a VP8 section. */
    static String offer(String ufrag, String pwd, String fingerprint, String stream, long audioSsrc, long videoSsrc) {
        StringBuilder sb = new StringBuilder(2048);
        sb.append("v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n")
                .append("a=group:BUNDLE ")
                .append(videoSsrc != 0 ? "0 1" : "0")
                .append("\r\na=extmap-allow-mixed\r\na=msid-semantic: WMS ")
                .append(stream)
                .append("\r\n");
        sb.append("m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\n");
        common(sb, ufrag, pwd, fingerprint, "0");
        sb.append("a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level\r\n")
                .append("a=extmap:3 urn:ietf:params:rtp-hdrext:sdes:mid\r\n")
                .append("a=sendrecv\r\na=msid:")
                .append(stream)
                .append(" audio-track\r\na=rtcp-mux\r\n")
                .append("a=rtpmap:111 opus/48000/2\r\na=fmtp:111 minptime=10;useinbandfec=1\r\n");
        if (audioSsrc != 0) {
            sb.append("a=ssrc:").append(audioSsrc).append(" cname:bench\r\n");
        }
        if (videoSsrc != 0) {
            sb.append("m=video 9 UDP/TLS/RTP/SAVPF 96\r\nc=IN IP4 0.0.0.0\r\n");
            common(sb, ufrag, pwd, fingerprint, "1");
            sb.append("a=extmap:3 urn:ietf:params:rtp-hdrext:sdes:mid\r\n")
                    .append("a=sendonly\r\na=msid:")
                    .append(stream)
                    .append(" video-track\r\na=rtcp-mux\r\na=rtcp-rsize\r\n")
                    .append("a=rtpmap:96 VP8/90000\r\na=rtcp-fb:96 nack\r\na=rtcp-fb:96 nack pli\r\n")
                    .append("a=ssrc:")
                    .append(videoSsrc)
                    .append(" cname:bench\r\n");
        }
        return sb.toString();
    }

    private static void common(StringBuilder sb, String ufrag, String pwd, String fingerprint, String mid) {
        sb.append("a=ice-ufrag:")
                .append(ufrag)
                .append("\r\na=ice-pwd:")
                .append(pwd)
                .append("\r\na=ice-options:trickle\r\na=fingerprint:")
                .append(fingerprint)
                .append("\r\na=setup:actpass\r\na=mid:")
                .append(mid)
                .append("\r\n");
    }

    /**
     * Answer to a server offer: every section accepted, our DTLS role stays active (RFC 8842 §5.5: the client is the
     * DTLS client once the SFU answered passive).
     */
    static String answer(String serverOffer, String ufrag, String pwd, String fingerprint) {
        SessionDescription offer = SdpParser.parse(serverOffer);
        int space = fingerprint.indexOf(' ');
        SessionDescription a = new SdpAnswerBuilder(
                        offer,
                        ufrag,
                        pwd,
                        new Fingerprint(fingerprint.substring(0, space), fingerprint.substring(space + 1)))
                .direction(Direction.SENDRECV)
                .extensions(
                        Set.of("urn:ietf:params:rtp-hdrext:ssrc-audio-level", "urn:ietf:params:rtp-hdrext:sdes:mid"))
                .build();
        SessionDescription.Builder sb = SessionDescription.builder(a.origin());
        a.fields().forEach(sb::field);
        a.attributes().forEach(sb::attribute);
        for (MediaDescription m : a.media()) {
            List<Attribute> attrs = new ArrayList<>();
            for (Attribute at : m.attributes()) {
                attrs.add(at instanceof Setup ? Setup.ACTIVE : at);
            }
            MediaDescription.Builder mb =
                    MediaDescription.builder(m.media(), m.port(), m.proto()).formats(m.formats());
            m.fields().forEach(mb::field);
            mb.attributes(attrs);
            sb.media(mb.build());
        }
        return SdpWriter.write(sb.build());
    }
}
