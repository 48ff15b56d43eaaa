package io.rtcd.rtc.sdp;

import java.util.List;
import java.util.Objects;

/**
 * A codec the SFU accepts, as matched against an offer's rtpmap (name case-insensitive, clock rate, channels).
 * The payload type is only used when the SFU writes its own offer; an answer reuses the offerer's number.
 *
 * @param kind audio or video
 * @param name the encoding name, e.g. "opus"
 * @param payloadType the preferred payload type for our own offers
 * @param clockRate the RTP clock rate
 * @param channels audio channels (0 when not applicable)
 * @param fmtp the parameters we answer with, or null to echo the offer's
 * @param feedback the rtcp-fb values we accept, e.g. "nack pli"
 */
public record CodecSpec(
        MediaKind kind, String name, int payloadType, int clockRate, int channels, String fmtp, List<String> feedback) {
    private static final List<String> VIDEO_FEEDBACK =
            List.of("goog-remb", "transport-cc", "ccm fir", "nack", "nack pli");

    public CodecSpec {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        feedback = List.copyOf(feedback);
    }

    /** Opus 111, 48000/2, {@code minptime=10;useinbandfec=1}, transport-cc only. */
    public static CodecSpec opus() {
        return new CodecSpec(
                MediaKind.AUDIO, "opus", 111, 48000, 2, "minptime=10;useinbandfec=1", List.of("transport-cc"));
    }

    /** VP8 96 with goog-remb, transport-cc, ccm fir, nack, nack pli. */
    public static CodecSpec vp8() {
        return new CodecSpec(MediaKind.VIDEO, "VP8", 96, 90000, 0, null, VIDEO_FEEDBACK);
    }

    /** AV1 45 with the VP8 feedback set. */
    public static CodecSpec av1() {
        return new CodecSpec(MediaKind.VIDEO, "AV1", 45, 90000, 0, null, VIDEO_FEEDBACK);
    }

    /** VP9 98 with the VP8 feedback set; fmtp (profile-id) echoed from the offer. */
    public static CodecSpec vp9() {
        return new CodecSpec(MediaKind.VIDEO, "VP9", 98, 90000, 0, null, VIDEO_FEEDBACK);
    }

    /**
     * H.264 102 with the VP8 feedback set; fmtp (profile-level-id, packetization-mode, RFC 6184 §8.1) echoed from the
     * offer, so every offered profile is answered with its own parameters.
     */
    public static CodecSpec h264() {
        return new CodecSpec(MediaKind.VIDEO, "H264", 102, 90000, 0, null, VIDEO_FEEDBACK);
    }

    /** The rtcd media engine: Opus, VP8, AV1. */
    public static List<CodecSpec> defaults() {
        return List.of(opus(), vp8(), av1());
    }

    public boolean matches(MediaKind mediaKind, RtpMap rtpMap) {
        return kind == mediaKind && rtpMap.matches(name, clockRate, channels);
    }
}
