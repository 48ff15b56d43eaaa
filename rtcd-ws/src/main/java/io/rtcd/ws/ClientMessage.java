package io.rtcd.ws;

/**
 * An rtcd client message: on the wire a msgpack string {@link #type()} followed by the data value.
 * Encode and decode with {@link ClientMessageCodec}.
 */
public sealed interface ClientMessage permits Hello, Join, Leave, Reconnect, Rtc, Vad, Close {

    String HELLO = "hello";
    String JOIN = "join";
    String LEAVE = "leave";
    String RECONNECT = "reconnect";
    String RTC = "rtc";
    String VAD = "vad";
    String CLOSE = "close";

    /** "hello", "join", "leave", "reconnect", "rtc", "vad" or "close". */
    String type();
}
