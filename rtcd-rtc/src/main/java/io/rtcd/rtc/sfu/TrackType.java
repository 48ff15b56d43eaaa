package io.rtcd.rtc.sfu;

/** What a published track carries, as encoded in forwarded track ids {@code <type>_<senderSession>_<random>} (§4.6). */
enum TrackType {
    VOICE("voice"),
    SCREEN("screen"),
    SCREEN_AUDIO("screen-audio"),
    VIDEO("video");

    private final String label;

    TrackType(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }
}
