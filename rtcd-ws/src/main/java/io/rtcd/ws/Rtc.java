package io.rtcd.ws;

import java.util.Objects;

/** Both directions: signalling for one session (SDP, ICE, mute, screen, video). */
public record Rtc(RtcMessage msg) implements ClientMessage {

    public Rtc {
        Objects.requireNonNull(msg, "msg");
    }

    @Override
    public String type() {
        return RTC;
    }
}
