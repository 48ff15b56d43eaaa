package io.rtcd.rtc.sfu;

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

/** Browser-like SDP for test peers: offers with audio (and optionally video) and answers to server offers. */
public final class TestSdp {
    static final String FINGERPRINT =
            "sha-256 AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89";

    private TestSdp() {}

    /** A client offer publishing one Opus track (and one VP8 track when {@code videoSsrc != 0}). */
    static String offer(String ufrag, String pwd, String fingerprint, String stream, long audioSsrc, long videoSsrc) {
        StringBuilder sb = new StringBuilder();
        String mids = videoSsrc != 0 ? "0 1" : "0";
        sb.append("v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n")
                .append("a=group:BUNDLE ")
                .append(mids)
                .append("\r\n")
                .append("a=extmap-allow-mixed\r\na=msid-semantic: WMS ")
                .append(stream)
                .append("\r\n");
        sb.append("m=audio 9 UDP/TLS/RTP/SAVPF 111 0\r\nc=IN IP4 0.0.0.0\r\n");
        common(sb, ufrag, pwd, fingerprint, "0");
        sb.append("a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level\r\n")
                .append("a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time\r\n")
                .append("a=extmap:3 urn:ietf:params:rtp-hdrext:sdes:mid\r\n")
                .append("a=extmap:4 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01\r\n")
                .append("a=sendrecv\r\na=msid:")
                .append(stream)
                .append(" audio-track\r\na=rtcp-mux\r\n")
                .append("a=rtpmap:111 opus/48000/2\r\na=rtcp-fb:111 transport-cc\r\n")
                .append("a=fmtp:111 minptime=10;useinbandfec=1\r\na=rtpmap:0 PCMU/8000\r\n")
                .append("a=ssrc:")
                .append(audioSsrc)
                .append(" cname:c\r\n");
        if (videoSsrc != 0) {
            sb.append("m=video 9 UDP/TLS/RTP/SAVPF 96\r\nc=IN IP4 0.0.0.0\r\n");
            common(sb, ufrag, pwd, fingerprint, "1");
            sb.append("a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time\r\n")
                    .append("a=extmap:3 urn:ietf:params:rtp-hdrext:sdes:mid\r\n")
                    .append("a=sendonly\r\na=msid:")
                    .append(stream)
                    .append(" video-track\r\na=rtcp-mux\r\na=rtcp-rsize\r\n")
                    .append("a=rtpmap:96 VP8/90000\r\na=rtcp-fb:96 nack\r\na=rtcp-fb:96 nack pli\r\n")
                    .append("a=rtcp-fb:96 ccm fir\r\na=ssrc:")
                    .append(videoSsrc)
                    .append(" cname:c\r\n");
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
     * A browser's answer to a server offer: its own sections keep sending, the SFU's sendonly sections are received,
     * DTLS role stays active (the client is the DTLS client once the SFU answered passive).
     */
    static String answer(String serverOffer, String ufrag, String pwd, String fingerprint) {
        SessionDescription offer = SdpParser.parse(serverOffer);
        int space = fingerprint.indexOf(' ');
        SdpAnswerBuilder b = new SdpAnswerBuilder(
                        offer,
                        ufrag,
                        pwd,
                        new Fingerprint(fingerprint.substring(0, space), fingerprint.substring(space + 1)))
                .direction(Direction.SENDRECV)
                .extensions(Set.of(
                        "urn:ietf:params:rtp-hdrext:ssrc-audio-level",
                        "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time",
                        "urn:ietf:params:rtp-hdrext:sdes:mid"));
        SessionDescription a = b.build();
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

    /** An RTP packet with an optional one-byte audio-level extension (id 1) and a payload stamped with {@code n}. */
    public static byte[] rtp(int pt, int seq, long ts, long ssrc, int audioLevelId, int level, int n, int payloadLen) {
        int ext = audioLevelId > 0 ? 8 : 0;
        byte[] p = new byte[12 + ext + payloadLen];
        p[0] = (byte) (0x80 | (ext > 0 ? 0x10 : 0));
        p[1] = (byte) pt;
        p[2] = (byte) (seq >>> 8);
        p[3] = (byte) seq;
        put32(p, 4, ts);
        put32(p, 8, ssrc);
        int q = 12;
        if (ext > 0) {
            p[q] = (byte) 0xBE;
            p[q + 1] = (byte) 0xDE;
            p[q + 2] = 0;
            p[q + 3] = 1;
            p[q + 4] = (byte) ((audioLevelId << 4) | 0);
            p[q + 5] = (byte) level;
            q += 8;
        }
        put32(p, q, n);
        for (int i = 4; i < payloadLen; i++) {
            p[q + i] = (byte) (n + i);
        }
        return p;
    }

    static void put32(byte[] b, int off, long v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }
}
