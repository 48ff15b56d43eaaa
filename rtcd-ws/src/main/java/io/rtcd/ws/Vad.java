package io.rtcd.ws;

import java.util.Objects;

/** rtcd → plugin: voice activity ({@link RtcMessage#VOICE_ON} / {@link RtcMessage#VOICE_OFF}, no data). */
public record Vad(RtcMessage msg) implements ClientMessage {

    public Vad {
        Objects.requireNonNull(msg, "msg");
    }

    @Override
    public String type() {
        return VAD;
    }
}
