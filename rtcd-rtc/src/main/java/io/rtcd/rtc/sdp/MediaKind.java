package io.rtcd.rtc.sdp;

/** The media type of an m= line (RFC 8866 §5.14) as WebRTC uses it. */
public enum MediaKind {
    AUDIO,
    VIDEO,
    APPLICATION,
    /** Any other media token (text, message, ...), kept as written in {@link MediaDescription#media()}. */
    OTHER;

    public static MediaKind of(String media) {
        return switch (media) {
            case "audio" -> AUDIO;
            case "video" -> VIDEO;
            case "application" -> APPLICATION;
            default -> OTHER;
        };
    }
}
